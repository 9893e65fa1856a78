#include "TestSupport.h"

#include "shell/SingleInstance.h"
#include "util/DeepLink.h"

#include <QElapsedTimer>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>

#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace ordo;
using namespace ordo::test;

// One console per user and database: a second start hands over its link.
class TestSingleInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theNameIsPerDatabase()
    {
        TestEnvironment env;
        const QString a = ui::SingleInstance::serverName(env.path(QStringLiteral("a.db")));
        QCOMPARE(ui::SingleInstance::serverName(env.path(QStringLiteral("x/../a.db"))), a);
        QVERIFY(ui::SingleInstance::serverName(env.path(QStringLiteral("b.db"))) != a);
    }

    void aSecondStartHandsOverItsLink()
    {
        TestEnvironment env;
        const QString name = ui::SingleInstance::serverName(env.databasePath());
        ui::SingleInstance running(name);
        QSignalSpy listening(&running, &ui::SingleInstance::listening);
        running.listen();
        QTRY_COMPARE(listening.count(), 1);
        QSignalSpy received(&running, &ui::SingleInstance::messageReceived);

        ui::SingleInstance second(name);
        QSignalSpy secondListening(&second, &ui::SingleInstance::listening);
        QSignalSpy anotherRunning(&second, &ui::SingleInstance::anotherRunning);
        QSignalSpy sent(&second, &ui::SingleInstance::sent);
        QSignalSpy sendFailed(&second, &ui::SingleInstance::sendFailed);
        second.listen();
        QTRY_COMPARE(anotherRunning.count(), 1);
        QCOMPARE(secondListening.count(), 0);
        QVERIFY(name.startsWith(qEnvironmentVariable("XDG_RUNTIME_DIR") + QLatin1Char('/')));
        second.send(QStringLiteral("ordo://approvals?order=5"));
        QTRY_COMPARE(sent.count(), 1);
        QTRY_COMPARE(received.count(), 1);
        QCOMPARE(received.first().first().toString(), QStringLiteral("ordo://approvals?order=5"));
        second.send(QString());
        QTRY_COMPARE(sent.count(), 2);
        QTRY_COMPARE(received.count(), 2);
        QCOMPARE(received.at(1).first().toString(), QString());
        QCOMPARE(sendFailed.count(), 0);
    }

    // Nobody listens: sending says so instead of waiting.
    void sendingToNobodyFails()
    {
        TestEnvironment env;
        ui::SingleInstance lone(ui::SingleInstance::serverName(env.databasePath()));
        QSignalSpy sent(&lone, &ui::SingleInstance::sent);
        QSignalSpy sendFailed(&lone, &ui::SingleInstance::sendFailed);
        lone.send(QStringLiteral("ordo://orders?order=1"));
        QTRY_COMPARE(sendFailed.count(), 1);
        QCOMPARE(sent.count(), 0);
    }

    // A peer that connects and says nothing is dropped after kPeerTimeout,
    // and meanwhile the console goes on taking messages from others.
    void aSilentPeerIsDropped()
    {
        TestEnvironment env;
        const QString name = ui::SingleInstance::serverName(env.databasePath());
        ui::SingleInstance running(name);
        QSignalSpy listening(&running, &ui::SingleInstance::listening);
        running.listen();
        QTRY_COMPARE(listening.count(), 1);
        QSignalSpy received(&running, &ui::SingleInstance::messageReceived);

        QLocalSocket silent;
        QSignalSpy dropped(&silent, &QLocalSocket::disconnected);
        QElapsedTimer clock;
        clock.start();
        silent.connectToServer(name);
        QTRY_COMPARE(silent.state(), QLocalSocket::ConnectedState);
        silent.write("ordo://orders?order="); // and never the end of the line

        ui::SingleInstance second(name);
        QSignalSpy sent(&second, &ui::SingleInstance::sent);
        second.send(QStringLiteral("ordo://orders?order=3"));
        QTRY_COMPARE(received.count(), 1);
        QCOMPARE(received.first().first().toString(), QStringLiteral("ordo://orders?order=3"));
        QCOMPARE(dropped.count(), 0);

        QTRY_VERIFY_WITH_TIMEOUT(dropped.count() == 1, 2 * ui::SingleInstance::kPeerTimeout.count() + 1000);
        QVERIFY2(clock.elapsed() >= ui::SingleInstance::kPeerTimeout.count() - 100, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(received.count(), 1);
    }

    // More than kMaxMessage bytes, with or without the end of the line: dropped, nothing received.
    void aPeerThatSendsTooMuchIsDropped_data()
    {
        QTest::addColumn<QByteArray>("flood");
        QTest::newRow("no end of line") << QByteArray(ui::SingleInstance::kMaxMessage + 10, 'x');
        QTest::newRow("one long line") << QByteArray(ui::SingleInstance::kMaxMessage + 10, 'x') + '\n';
    }
    void aPeerThatSendsTooMuchIsDropped()
    {
        QFETCH(QByteArray, flood);
        TestEnvironment env;
        const QString name = ui::SingleInstance::serverName(env.databasePath());
        ui::SingleInstance running(name);
        QSignalSpy listening(&running, &ui::SingleInstance::listening);
        running.listen();
        QTRY_COMPARE(listening.count(), 1);
        QSignalSpy received(&running, &ui::SingleInstance::messageReceived);

        QLocalSocket hostile;
        QSignalSpy dropped(&hostile, &QLocalSocket::disconnected);
        QElapsedTimer clock;
        clock.start();
        hostile.connectToServer(name);
        QTRY_COMPARE(hostile.state(), QLocalSocket::ConnectedState);
        hostile.write(flood);
        QTRY_COMPARE(dropped.count(), 1);
        QVERIFY2(clock.elapsed() < ui::SingleInstance::kPeerTimeout.count(), "dropped by the time-out, not for its size");
        QCOMPARE(received.count(), 0);
    }

    // The real console: a second `ordo LINK` on the same database exits 0 at
    // once, and the running one receives the link.
    void theConsoleExitsAfterHandingOver()
    {
        TestEnvironment env;
        const QString name = ui::SingleInstance::serverName(env.databasePath());
        ui::SingleInstance running(name);
        QSignalSpy listening(&running, &ui::SingleInstance::listening);
        running.listen();
        QTRY_COMPARE(listening.count(), 1);
        QSignalSpy received(&running, &ui::SingleInstance::messageReceived);
        QProcess second;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        second.setProcessEnvironment(environment);
        second.start(QStringLiteral(ORDO_PATH), {QStringLiteral("--db"), env.databasePath(), QStringLiteral("ordo://orders?order=12")});
        QVERIFY(second.waitForStarted());
        QTRY_COMPARE(received.count(), 1);
        QTRY_COMPARE(second.state(), QProcess::NotRunning);
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        QCOMPARE(received.first().first().toString(), QStringLiteral("ordo://orders?order=12"));
        // Nor did it make a database: it never got that far.
        QVERIFY(!QFile::exists(env.databasePath()));
    }

    // A hostile link is refused before anything else happens.
    void theConsoleRefusesAHostileLink()
    {
        TestEnvironment env;
        QProcess console;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        console.setProcessEnvironment(environment);
        console.start(QStringLiteral(ORDO_PATH), {QStringLiteral("--db"), env.databasePath(), QStringLiteral("ordo://orders?order=1&approve=yes")});
        QVERIFY(console.waitForFinished());
        QCOMPARE(console.exitCode(), int(ErrorCode::BadInput));
        QVERIFY2(console.readAllStandardError().contains("number"), "no reason given");
        QVERIFY(!QFile::exists(env.databasePath()));
    }

    // A console that died left its socket file: the next one takes over.
    void aDeadConsolesSocketIsTakenOver()
    {
        TestEnvironment env;
        const QString name = ui::SingleInstance::serverName(env.databasePath());
        // A socket file nobody listens on, as a killed console leaves it.
        const QString file = name;
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray encoded = QFile::encodeName(file);
        QVERIFY(size_t(encoded.size()) < sizeof(address.sun_path));
        std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()));
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
        ::close(fd);
        QVERIFY(QFile::exists(file));
        ui::SingleInstance next(name);
        QSignalSpy listening(&next, &ui::SingleInstance::listening);
        QSignalSpy anotherRunning(&next, &ui::SingleInstance::anotherRunning);
        next.listen();
        QTRY_COMPARE(listening.count(), 1);
        QCOMPARE(anotherRunning.count(), 0);
    }
};

QTEST_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
