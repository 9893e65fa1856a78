#include "TestSupport.h"

#include "shell/SingleInstance.h"
#include "util/DeepLink.h"

#include <QLocalServer>
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
        QVERIFY(running.listen());
        QSignalSpy received(&running, &ui::SingleInstance::messageReceived);

        ui::SingleInstance second(name);
        QVERIFY(!second.listen());
        QVERIFY(name.startsWith(qEnvironmentVariable("XDG_RUNTIME_DIR") + QLatin1Char('/')));
        QVERIFY(ui::SingleInstance::send(name, QStringLiteral("ordo://approvals?order=5")));
        QTRY_COMPARE(received.count(), 1);
        QCOMPARE(received.first().first().toString(), QStringLiteral("ordo://approvals?order=5"));
        QVERIFY(ui::SingleInstance::send(name, QString()));
        QTRY_COMPARE(received.count(), 2);
        QCOMPARE(received.at(1).first().toString(), QString());
    }

    // The real console: a second `ordo LINK` on the same database exits 0 at
    // once, and the running one receives the link.
    void theConsoleExitsAfterHandingOver()
    {
        TestEnvironment env;
        const QString name = ui::SingleInstance::serverName(env.databasePath());
        ui::SingleInstance running(name);
        QVERIFY(running.listen());
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
        QVERIFY(next.listen());
    }
};

QTEST_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
