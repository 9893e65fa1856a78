// Mail delivery over SMTP with libcurl against a real server (aiosmtpd with
// STARTTLS and AUTH): the outbox keeps every mail until the server took it.

#include "KeyringSession.h"
#include "OrdoInternals.h"
#include "TestServers.h"
#include "TestSupport.h"

#include "connectors/Connectors.h"
#include "connectors/Smtp.h"
#include "domain/Mail.h"
#include "security/SecretStore.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpServer>

using namespace ordo;
using namespace ordo::test;

namespace {

const QString kUser = QStringLiteral("ordo-mailer");
const QString kPassword = QStringLiteral("s3cret-smtp-pa55");
const QString kSecretName = QStringLiteral("smtp-password");

OutboxEntry onlyMail(Ordo &ordo)
{
    auto entries = ordo.outbox().entries();
    if (!entries || entries->size() != 1)
        qFatal("expected one mail in the outbox");
    return entries->first();
}

connectors::DeliveryReport deliveryRound(connectors::MailDelivery &delivery)
{
    auto report = delivery.deliverDue();
    if (!report)
        qFatal("%s", qPrintable(report.error().message));
    return *report;
}

QString messageId(const QByteArray &mail)
{
    static const QRegularExpression header(QStringLiteral("^Message-ID: (<[^>]+>)"), QRegularExpression::MultilineOption);
    return header.match(QString::fromUtf8(mail)).captured(1);
}

// `ordoctl mail deliver` as an engine host would run it, not waited for.
void startDelivering(QProcess &process, const QString &databasePath)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ORDO_PASSWORD"), QStringLiteral("demo"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), databasePath, QStringLiteral("--user"), QStringLiteral("carol"),
                                                 QStringLiteral("--json"), QStringLiteral("mail"), QStringLiteral("deliver")});
}

} // namespace

class TestSmtp : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KeyringSession> m_keyring;
    std::unique_ptr<TestCertificate> m_certificate;

    QJsonObject settingsFor(quint16 port) const
    {
        return {{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                {QStringLiteral("port"), port},
                {QStringLiteral("user"), kUser},
                {QStringLiteral("passwordSecret"), kSecretName},
                {QStringLiteral("from"), QStringLiteral("ordo@acme.example")},
                {QStringLiteral("caFile"), m_certificate->certFile()},
                {QStringLiteral("timeoutMs"), 10000}};
    }

    static void configure(Ordo &ordo, const QJsonObject &settings)
    {
        connectors::ConnectorSettings connectorSettings(OrdoInternals::database(ordo), ordo.audit());
        ORDO_CHECK_FATAL(connectorSettings.set(QStringLiteral("mail"), settings, QStringLiteral("admin")));
    }

    // An order waiting for bob, which queues his approval mail.
    static qint64 orderWaitingForApproval(Ordo &ordo)
    {
        const Session alice = sessionFor(ordo, QStringLiteral("alice"));
        ORDO_CHECK_FATAL(ordo.cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}, {QStringLiteral("memoryGiB"), 16}}));
        auto order = ordo.orders().checkout(alice);
        if (!order)
            qFatal("%s", qPrintable(order.error().message));
        return order->id;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_keyring = std::make_unique<KeyringSession>();
        m_certificate = std::make_unique<TestCertificate>();
    }

    void cleanupTestCase()
    {
        m_keyring.reset();
    }

    void init()
    {
        ORDO_VERIFY_OK(SecretStore().write(kSecretName, kPassword.toUtf8()));
    }

    void deliversOverStartTlsWithAuth()
    {
        TestEnvironment env;
        SmtpServer server(*m_certificate, kUser, kPassword);
        server.start();
        auto ordo = openDemo(env.databasePath());
        configure(*ordo, settingsFor(server.port()));
        const qint64 order = orderWaitingForApproval(*ordo);
        QCOMPARE(onlyMail(*ordo).state, QStringLiteral("queued"));

        const CommandResult delivered = ordoctl(env.databasePath(), QStringLiteral("carol"), {QStringLiteral("--json"), QStringLiteral("mail"), QStringLiteral("deliver")});
        QCOMPARE(delivered.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(delivered.out.toUtf8()).object().value(QStringLiteral("sent")).toInt(), 1);

        const QList<QByteArray> received = server.received();
        QCOMPARE(received.size(), 1);
        const QByteArray &mail = received.first();
        QVERIFY2(mail.contains("To: bob@acme.example\r\n") || mail.contains("To: bob@acme.example\n"), mail.constData());
        QVERIFY(mail.contains("From: ordo@acme.example"));
        QVERIFY(mail.contains(QByteArray("Subject: Order " + QByteArray::number(order) + " of Alice Customer waits for your approval")));
        QVERIFY(mail.contains(QByteArray("ordo://approvals?order=" + QByteArray::number(order))));
        QVERIFY(mail.contains("Message-ID: <"));
        const OutboxEntry sent = onlyMail(*ordo);
        QCOMPARE(sent.state, QStringLiteral("sent"));
        QCOMPARE(sent.attempts, 1);

        // Nothing is sent twice.
        const CommandResult again = ordoctl(env.databasePath(), QStringLiteral("carol"), {QStringLiteral("--json"), QStringLiteral("mail"), QStringLiteral("deliver")});
        QCOMPARE(QJsonDocument::fromJson(again.out.toUtf8()).object().value(QStringLiteral("sent")).toInt(), 0);
        QCOMPARE(server.received().size(), 1);
        // A customer does not send the outbox.
        QCOMPARE(ordoctl(env.databasePath(), QStringLiteral("alice"), {QStringLiteral("mail"), QStringLiteral("deliver")}).exitCode, 3);
        // The password is in the keychain only: not in the database, its WAL or anything beside them.
        QVERIFY(!anyFileContains(QFileInfo(env.databasePath()).absolutePath(), kPassword.toUtf8()));
    }

    void theEngineHostDeliversInTheBackground()
    {
        TestEnvironment env;
        SmtpServer server(*m_certificate, kUser, kPassword);
        server.start();
        auto ordo = openDemo(env.databasePath());
        configure(*ordo, settingsFor(server.port()));
        orderWaitingForApproval(*ordo);

        QProcess engine;
        QProcessEnvironment processEnv = QProcessEnvironment::systemEnvironment();
        processEnv.insert(QStringLiteral("ORDO_PASSWORD"), QStringLiteral("demo"));
        engine.setProcessEnvironment(processEnv);
        engine.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), env.databasePath(), QStringLiteral("--user"), QStringLiteral("carol"),
                                                    QStringLiteral("engine"), QStringLiteral("run")});
        QVERIFY(engine.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(server.received().size(), 1, 30000);
        QTRY_COMPARE(onlyMail(*ordo).state, QStringLiteral("sent"));
        engine.terminate();
        QVERIFY(engine.waitForFinished(30000));
        QCOMPARE(engine.exitCode(), 0);
    }

    void stoppingDoesNotWaitForASilentServer()
    {
        TestEnvironment env;
        // Takes connections and never greets, as a hung server does.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        auto ordo = openDemo(env.databasePath());
        QJsonObject settings = settingsFor(silent.serverPort());
        settings.insert(QStringLiteral("timeoutMs"), 60000);
        configure(*ordo, settings);
        orderWaitingForApproval(*ordo);
        connectors::MailSender sender(env.databasePath(), 100);
        sender.start();
        QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 10000);
        QElapsedTimer stopping;
        stopping.start();
        sender.stop();
        QVERIFY2(stopping.elapsed() < 5000, qPrintable(QString::number(stopping.elapsed())));
        const OutboxEntry kept = onlyMail(*ordo);
        QCOMPARE(kept.state, QStringLiteral("queued"));
        QVERIFY2(kept.lastError.startsWith(QStringLiteral("transient")), qPrintable(kept.lastError));
    }

    void aMailWaitsWhileTheServerIsDown()
    {
        TestEnvironment env;
        SmtpServer server(*m_certificate, kUser, kPassword); // not started yet: nobody listens on its port
        ManualClock clock(QDateTime::currentDateTimeUtc());
        auto ordo = openDemo(env.databasePath(), &clock);
        configure(*ordo, settingsFor(server.port()));
        orderWaitingForApproval(*ordo);
        const SecretStore secrets;
        connectors::MailDelivery delivery(OrdoInternals::database(*ordo), clock, secrets);

        QCOMPARE(deliveryRound(delivery).retrying, 1);
        OutboxEntry waiting = onlyMail(*ordo);
        QCOMPARE(waiting.state, QStringLiteral("queued"));
        QCOMPARE(waiting.attempts, 1);
        QVERIFY2(waiting.lastError.startsWith(QStringLiteral("transient")), qPrintable(waiting.lastError));
        QCOMPARE(deliveryRound(delivery).retrying, 0); // not due again at once

        // The documented schedule: 30 s after the first attempt, doubling, at most an hour apart.
        const QList<int> retryAfterSeconds = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600};
        int attempts = 1;
        for (const int seconds : retryAfterSeconds) {
            clock.advance(seconds * 1000LL - 1000);
            QVERIFY2(deliveryRound(delivery).retrying == 0, qPrintable(QStringLiteral("retried before %1 s after attempt %2").arg(seconds).arg(attempts)));
            clock.advance(1000);
            QVERIFY2(deliveryRound(delivery).retrying == 1, qPrintable(QStringLiteral("not retried %1 s after attempt %2").arg(seconds).arg(attempts)));
            QCOMPARE(onlyMail(*ordo).attempts, ++attempts);
        }

        server.start();
        clock.advance(3600 * 1000);
        QCOMPARE(deliveryRound(delivery).sent, 1);
        QCOMPARE(server.received().size(), 1);
        QCOMPARE(onlyMail(*ordo).state, QStringLiteral("sent"));
        QCOMPARE(onlyMail(*ordo).attempts, attempts + 1);
    }

    void serverRefusalsEndInTheirClass_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("reply");
        QTest::addColumn<bool>("final");
        QTest::newRow("450 to RCPT") << QStringLiteral("RCPT") << QStringLiteral("450 4.2.1 mailbox busy") << false;
        QTest::newRow("451 to DATA") << QStringLiteral("DATA") << QStringLiteral("451 4.3.0 try again later") << false;
        // The server's or the settings' fault, not the mail's: fixing them delivers what waited.
        QTest::newRow("550 to MAIL FROM") << QStringLiteral("MAIL") << QStringLiteral("550 5.7.1 sender not allowed") << false;
        QTest::newRow("550 to RCPT") << QStringLiteral("RCPT") << QStringLiteral("550 5.1.1 no such user") << true;
        QTest::newRow("554 to DATA") << QStringLiteral("DATA") << QStringLiteral("554 5.6.0 message refused") << true;
    }

    // A 4xx is transient: the mail waits and goes once the server takes it.
    // A 5xx refusing a recipient or the message is final: the mail fails and
    // is not tried again.
    void serverRefusalsEndInTheirClass()
    {
        QFETCH(QString, command);
        QFETCH(QString, reply);
        QFETCH(bool, final);
        TestEnvironment env;
        SmtpServer server(*m_certificate, kUser, kPassword);
        server.start();
        server.answer(command, reply);
        ManualClock clock(QDateTime::currentDateTimeUtc());
        auto ordo = openDemo(env.databasePath(), &clock);
        configure(*ordo, settingsFor(server.port()));
        orderWaitingForApproval(*ordo);
        const SecretStore secrets;
        connectors::MailDelivery delivery(OrdoInternals::database(*ordo), clock, secrets);

        const connectors::DeliveryReport first = deliveryRound(delivery);
        QCOMPARE(first.failed, final ? 1 : 0);
        QCOMPARE(first.retrying, final ? 0 : 1);
        const OutboxEntry refused = onlyMail(*ordo);
        QCOMPARE(refused.state, final ? QStringLiteral("failed") : QStringLiteral("queued"));
        QVERIFY2(refused.lastError.contains(reply.left(3)), qPrintable(refused.lastError));
        if (!final)
            QVERIFY2(refused.lastError.startsWith(QStringLiteral("transient")), qPrintable(refused.lastError));
        QCOMPARE(server.received().size(), 0);

        // The server takes mail again.
        server.answer(command, {});
        clock.advance(30 * 1000);
        QCOMPARE(deliveryRound(delivery).sent, final ? 0 : 1);
        QCOMPARE(server.received().size(), final ? 0 : 1);
        QCOMPARE(onlyMail(*ordo).state, final ? QStringLiteral("failed") : QStringLiteral("sent"));
    }

    void deliversOverImplicitTls()
    {
        TestEnvironment env;
        SmtpServer server(*m_certificate, kUser, kPassword);
        server.start({.implicitTls = true});
        auto ordo = openDemo(env.databasePath());
        QJsonObject settings = settingsFor(server.port());
        settings.insert(QStringLiteral("security"), QStringLiteral("tls"));
        configure(*ordo, settings);
        orderWaitingForApproval(*ordo);
        const Clock clock;
        const SecretStore secrets;
        connectors::MailDelivery delivery(OrdoInternals::database(*ordo), clock, secrets);
        const connectors::DeliveryReport report = deliveryRound(delivery);
        QVERIFY2(report.sent == 1, qPrintable(onlyMail(*ordo).lastError));
        QCOMPARE(server.received().size(), 1);
        QVERIFY(server.received().first().contains("To: bob@acme.example"));
        QCOMPARE(onlyMail(*ordo).state, QStringLiteral("sent"));
    }

    // A sender killed while sending leaves its claim: no one else sends the
    // mail until the claim runs out five minutes later, then another does.
    void aClaimThatRanOutIsTakenByAnotherSender()
    {
        TestEnvironment env;
        SmtpServer server(*m_certificate, kUser, kPassword);
        server.start();
        QTcpServer silent; // takes the connection and never greets: the sender hangs in its send
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        auto ordo = openDemo(env.databasePath());
        QJsonObject settings = settingsFor(silent.serverPort());
        settings.insert(QStringLiteral("timeoutMs"), 60000);
        configure(*ordo, settings);
        orderWaitingForApproval(*ordo);

        QProcess killed;
        startDelivering(killed, env.databasePath());
        QVERIFY(killed.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 30000);
        killed.kill();
        QVERIFY(killed.waitForFinished(30000));
        const QDateTime killedAt = QDateTime::currentDateTimeUtc();
        const OutboxEntry claimed = onlyMail(*ordo);
        QCOMPARE(claimed.state, QStringLiteral("queued"));
        QCOMPARE(claimed.attempts, 1);

        configure(*ordo, settingsFor(server.port())); // a server that answers, for the next sender
        ManualClock clock(killedAt);
        const SecretStore secrets;
        connectors::MailDelivery other(OrdoInternals::database(*ordo), clock, secrets);
        clock.advance(4 * 60 * 1000);
        const connectors::DeliveryReport whileClaimed = deliveryRound(other);
        QCOMPARE(whileClaimed.sent + whileClaimed.retrying + whileClaimed.failed, 0);
        QCOMPARE(server.received().size(), 0);

        clock.advance(60 * 1000);
        QCOMPARE(deliveryRound(other).sent, 1);
        QCOMPARE(server.received().size(), 1);
        QCOMPARE(onlyMail(*ordo).state, QStringLiteral("sent"));
        QCOMPARE(onlyMail(*ordo).attempts, 2);
    }

    // Two processes deliver one outbox at the same time (the server holds the
    // first mail until the second sender has begun one): each mail arrives once.
    void twoSendersNeverSendAMailTwice()
    {
        TestEnvironment env;
        SmtpServer server(*m_certificate, kUser, kPassword);
        server.start({.rendezvous = true});
        auto ordo = openDemo(env.databasePath());
        QJsonObject settings = settingsFor(server.port());
        settings.insert(QStringLiteral("timeoutMs"), 60000);
        configure(*ordo, settings);
        constexpr int kMails = 10;
        for (int i = 0; i < kMails; ++i) {
            auto mail = renderMail(QStringLiteral("vm-ready"), {QStringLiteral("alice@acme.example")},
                                   {{QStringLiteral("customer"), QStringLiteral("Alice")},
                                    {QStringLiteral("vm"), QStringLiteral("web-%1").arg(i)},
                                    {QStringLiteral("address"), QStringLiteral("192.168.121.%1").arg(i)},
                                    {QStringLiteral("user"), QStringLiteral("root")}});
            ORDO_VERIFY_OK(mail);
            ORDO_VERIFY_OK(ordo->outbox().enqueue(*mail, QStringLiteral("wf-%1/mail").arg(i), 0));
        }

        QProcess senders[2];
        for (QProcess &sender : senders)
            startDelivering(sender, env.databasePath());
        int sent = 0;
        for (QProcess &sender : senders) {
            QVERIFY(sender.waitForFinished(120000));
            QCOMPARE(sender.exitStatus(), QProcess::NormalExit);
            QVERIFY2(sender.exitCode() == 0, sender.readAllStandardError().constData());
            const int bySender = QJsonDocument::fromJson(sender.readAllStandardOutput()).object().value(QStringLiteral("sent")).toInt();
            QVERIFY2(bySender > 0, "a sender sent nothing: the two did not overlap");
            sent += bySender;
        }
        QCOMPARE(sent, kMails);

        const QList<QByteArray> received = server.received();
        QCOMPARE(received.size(), kMails);
        QSet<QString> ids;
        for (const QByteArray &mail : received)
            ids.insert(messageId(mail));
        QCOMPARE(ids.size(), kMails);
        const auto entries = ordo->outbox().entries();
        ORDO_VERIFY_OK(entries);
        for (const OutboxEntry &entry : *entries) {
            QCOMPARE(entry.state, QStringLiteral("sent"));
            QCOMPARE(entry.attempts, 1);
        }
    }

    void refusedDeliveryKeepsTheMail_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("wrong password") << QStringLiteral("passwordSecret") << QJsonValue(QStringLiteral("wrong-password"))
                                        << QStringLiteral("535");
        QTest::newRow("password not in the keychain") << QStringLiteral("passwordSecret") << QJsonValue(QStringLiteral("no-such-secret"))
                                                      << QStringLiteral("no secret 'no-such-secret'");
        QTest::newRow("untrusted certificate") << QStringLiteral("caFile") << QJsonValue() << QStringLiteral("TLS");
        QTest::newRow("no STARTTLS") << QStringLiteral("security") << QJsonValue(QStringLiteral("none")) << QStringLiteral("530");
    }

    void refusedDeliveryKeepsTheMail()
    {
        QFETCH(QString, setting);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        ORDO_VERIFY_OK(SecretStore().write(QStringLiteral("wrong-password"), "not-the-password"));
        TestEnvironment env;
        SmtpServer server(*m_certificate, kUser, kPassword);
        server.start();
        auto ordo = openDemo(env.databasePath());
        QJsonObject settings = settingsFor(server.port());
        if (value.isNull())
            settings.remove(setting);
        else
            settings.insert(setting, value);
        configure(*ordo, settings);
        orderWaitingForApproval(*ordo);
        const Clock clock;
        const SecretStore secrets;
        auto report = connectors::MailDelivery(OrdoInternals::database(*ordo), clock, secrets).deliverDue();
        ORDO_VERIFY_OK(report);
        QCOMPARE(report->retrying, 1);
        const OutboxEntry kept = onlyMail(*ordo);
        QCOMPARE(kept.state, QStringLiteral("queued"));
        QVERIFY2(kept.lastError.startsWith(QStringLiteral("authentication")), qPrintable(kept.lastError));
        QVERIFY2(kept.lastError.contains(expected), qPrintable(kept.lastError));
        QVERIFY(!kept.lastError.contains(kPassword));
        QCOMPARE(server.received().size(), 0);
    }

    void settingsAreCheckedBeforeTheyAreStored_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("security") << QStringLiteral("security") << QJsonValue(QStringLiteral("ssl")) << QStringLiteral("'security'");
        QTest::newRow("port") << QStringLiteral("port") << QJsonValue(70000) << QStringLiteral("'port'");
        QTest::newRow("from") << QStringLiteral("from") << QJsonValue(QStringLiteral("ordo")) << QStringLiteral("'from'");
        QTest::newRow("secret name") << QStringLiteral("passwordSecret") << QJsonValue(QStringLiteral("a b")) << QStringLiteral("'a b'");
        QTest::newRow("unknown") << QStringLiteral("hostname") << QJsonValue(QStringLiteral("x")) << QStringLiteral("'hostname'");
        QTest::newRow("user without secret") << QStringLiteral("passwordSecret") << QJsonValue() << QStringLiteral("'passwordSecret'");
    }

    void settingsAreCheckedBeforeTheyAreStored()
    {
        QFETCH(QString, setting);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        QJsonObject settings = settingsFor(2525);
        if (value.isNull())
            settings.remove(setting);
        else
            settings.insert(setting, value);
        connectors::ConnectorSettings connectorSettings(OrdoInternals::database(*ordo), ordo->audit());
        const Status stored = connectorSettings.set(QStringLiteral("mail"), settings, QStringLiteral("admin"));
        QVERIFY(!stored);
        QCOMPARE(stored.error().code, ErrorCode::BadInput);
        QVERIFY2(stored.error().message.contains(expected), qPrintable(stored.error().message));
        QVERIFY(!connectorSettings.get(QStringLiteral("mail"))->has_value());
    }

    // Last: the keyring stays locked for the rest of this process.
    void aLockedKeyringIsAnAuthenticationError()
    {
        TestEnvironment env;
        SmtpServer server(*m_certificate, kUser, kPassword);
        server.start();
        auto ordo = openDemo(env.databasePath());
        configure(*ordo, settingsFor(server.port()));
        orderWaitingForApproval(*ordo);
        QVERIFY(m_keyring->lock());

        const Clock clock;
        const SecretStore secrets;
        connectors::MailDelivery delivery(OrdoInternals::database(*ordo), clock, secrets);
        QCOMPARE(deliveryRound(delivery).retrying, 1);
        const OutboxEntry kept = onlyMail(*ordo);
        QCOMPARE(kept.state, QStringLiteral("queued"));
        QVERIFY2(kept.lastError.startsWith(QStringLiteral("authentication")), qPrintable(kept.lastError));
        QVERIFY2(kept.lastError.contains(QStringLiteral("locked")), qPrintable(kept.lastError));
        QCOMPARE(server.received().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSmtp)
#include "tst_smtp.moc"
