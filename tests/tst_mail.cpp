// The mail outbox: mails are queued with the change that causes them, once per
// correlation, and without an SMTP server the outbox is the mailbox.

#include "EngineHarness.h"
#include "OrdoInternals.h"

#include "connectors/MailAction.h"
#include "domain/Mail.h"

#include <QJsonArray>

using namespace ordo;
using namespace ordo::engine;
using namespace ordo::test;

namespace {

QList<OutboxEntry> outbox(Ordo &ordo)
{
    auto entries = ordo.outbox().entries();
    if (!entries)
        qFatal("%s", qPrintable(entries.error().message));
    return *entries;
}

} // namespace

class TestMail : public QObject
{
    Q_OBJECT

private:
    static ActionOutcome send(const ActionRegistry &registry, const QJsonObject &inputs, const QString &key)
    {
        return runAction(registry, QStringLiteral("mail.send"), inputs, key);
    }

private Q_SLOTS:
    void checkoutMailsTheApproverALink()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm));
        auto order = ordo->orders().checkout(alice, QStringLiteral("r1"));
        ORDO_VERIFY_OK(order);
        QCOMPARE(order->state, OrderState::PendingApproval);

        const QList<OutboxEntry> mails = outbox(*ordo);
        QCOMPARE(mails.size(), 1);
        const OutboxEntry &mail = mails.first();
        QCOMPARE(mail.message.to, QStringList{QStringLiteral("bob@acme.example")});
        QCOMPARE(mail.state, QStringLiteral("kept")); // no SMTP server: the outbox is the mailbox
        QVERIFY2(mail.message.subject.contains(QString::number(order->id)), qPrintable(mail.message.subject));
        QVERIFY(mail.message.body.contains(QStringLiteral("ordo://approvals?order=%1").arg(order->id)));
        QVERIFY(mail.message.body.contains(QStringLiteral("Alice Customer")));
        QVERIFY2(mail.message.body.contains(QStringLiteral("109.00")), qPrintable(mail.message.body));

        // The same checkout again is the same order and no second mail.
        ORDO_VERIFY_OK(ordo->orders().checkout(alice, QStringLiteral("r1")));
        QCOMPARE(outbox(*ordo).size(), 1);
    }

    void noMailWithoutAnApprovalToAskFor()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        // Within the auto-approval thresholds.
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), kSmallVm));
        auto approved = ordo->orders().checkout(alice);
        ORDO_VERIFY_OK(approved);
        QCOMPARE(approved->state, OrderState::Approved);
        // Over the quota: refused, nothing ordered, nothing mailed.
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 16}}, 5));
        QVERIFY(!ordo->orders().checkout(alice));
        QCOMPARE(outbox(*ordo).size(), 0);
    }

    void theNextLevelHearsWhenItIsTheirTurn()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        ORDO_VERIFY_OK(ordo->accounts().createUser(QStringLiteral("grace"), QStringLiteral("Grace Finance"),
                                                   QStringLiteral("grace@acme.example"), QStringLiteral("demo")));
        ORDO_VERIFY_OK(ordo->accounts().grant(QStringLiteral("grace"), QStringLiteral("acme"), Role::Approver));
        ORDO_VERIFY_OK(ordo->accounts().addToGroup(QStringLiteral("grace"), QStringLiteral("acme"), QStringLiteral("finance")));
        auto tenant = OrdoInternals::store(*ordo).tenantBySlug(QStringLiteral("acme"));
        ORDO_VERIFY_OK(OrdoInternals::database(*ordo).write([&] {
            return OrdoInternals::store(*ordo).setTenantPolicy(tenant->id, QJsonDocument::fromJson(R"({"levels": [
                {"name": "Manager", "group": "acme-approvers"}, {"name": "Finance", "group": "finance"}]})").object());
        }));
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm));
        auto order = ordo->orders().checkout(alice);
        ORDO_VERIFY_OK(order);
        QCOMPARE(outbox(*ordo).size(), 1); // only the first level so far

        ORDO_VERIFY_OK(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), order->id, Decision::Approve, {}));
        const QList<OutboxEntry> mails = outbox(*ordo);
        QCOMPARE(mails.size(), 2);
        QCOMPARE(mails.last().message.to, QStringList{QStringLiteral("grace@acme.example")});
        QVERIFY(mails.last().message.body.startsWith(QStringLiteral("Hello Grace Finance")));

        ORDO_VERIFY_OK(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("grace")), order->id, Decision::Approve, {}));
        QCOMPARE(outbox(*ordo).size(), 2); // approved: nobody else to ask
    }

    void mailSendQueuesOncePerCorrelation()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        ActionRegistry registry;
        connectors::registerMailAction(registry, env.databasePath());
        const QJsonObject ready{{QStringLiteral("to"), QStringLiteral("alice@acme.example")},
                                {QStringLiteral("template"), QStringLiteral("vm-ready")},
                                {QStringLiteral("variables"), QJsonObject{{QStringLiteral("customer"), QStringLiteral("Alice")},
                                                                          {QStringLiteral("vm"), QStringLiteral("web-01")},
                                                                          {QStringLiteral("address"), QStringLiteral("192.168.121.7")},
                                                                          {QStringLiteral("user"), QStringLiteral("root")}}}};
        const auto first = std::get<QJsonObject>(send(registry, ready, QStringLiteral("wf-1/mail")));
        const auto again = std::get<QJsonObject>(send(registry, ready, QStringLiteral("wf-1/mail")));
        QCOMPARE(again.value(QStringLiteral("mail")), first.value(QStringLiteral("mail")));
        send(registry, ready, QStringLiteral("wf-2/mail"));
        const QList<OutboxEntry> mails = outbox(*ordo);
        QCOMPARE(mails.size(), 2);
        QCOMPARE(mails.first().message.subject, QStringLiteral("Your virtual machine web-01 is ready"));
        QVERIFY(mails.first().message.body.contains(QStringLiteral("Address: 192.168.121.7")));
    }

    // No password by mail: the user, where to connect and the host key to expect, or how to get a key.
    void vmReadyTellsHowToLogOn_data()
    {
        QTest::addColumn<QJsonObject>("extra");
        QTest::addColumn<QStringList>("says");
        QTest::addColumn<QStringList>("neverSays");
        const QString fingerprint = QStringLiteral("SHA256:jytFEI4d2K7LDYaDWS2kejk+RTBGPfw2L0vtxJ+UpW8");
        const QString key = QStringLiteral("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample alice@laptop");
        QTest::newRow("key installed, forwarded port")
            << QJsonObject{{QStringLiteral("port"), 2222}, {QStringLiteral("sshKey"), key}, {QStringLiteral("fingerprint"), fingerprint}}
            << QStringList{QStringLiteral("Address: 10.0.0.5\nSSH port: 2222\nLog on as: root\n"), QStringLiteral("ssh -p 2222 root@10.0.0.5"), fingerprint}
            << QStringList{QStringLiteral("set-ssh-key"), QStringLiteral("not installed")};
        QTest::newRow("key installed, port 22")
            << QJsonObject{{QStringLiteral("port"), 22}, {QStringLiteral("sshKey"), key}, {QStringLiteral("fingerprint"), fingerprint}}
            << QStringList{QStringLiteral("Address: 10.0.0.5\nLog on as: root\n"), QStringLiteral("ssh root@10.0.0.5"), fingerprint}
            << QStringList{QStringLiteral("SSH port"), QStringLiteral("set-ssh-key")};
        QTest::newRow("no key in the profile")
            << QJsonObject{{QStringLiteral("port"), 22}, {QStringLiteral("sshKey"), QString()}, {QStringLiteral("fingerprint"), QJsonValue::Null}}
            << QStringList{QStringLiteral("Log on as: root\n"), QStringLiteral("ordoctl profile set-ssh-key")}
            << QStringList{QStringLiteral("SHA256:"), QStringLiteral("ssh root@")};
        QTest::newRow("key, but not installed")
            << QJsonObject{{QStringLiteral("sshKey"), key}, {QStringLiteral("fingerprint"), QJsonValue::Null}}
            << QStringList{QStringLiteral("was not installed")}
            << QStringList{QStringLiteral("SHA256:"), QStringLiteral("set-ssh-key")};
    }

    void vmReadyTellsHowToLogOn()
    {
        QFETCH(QJsonObject, extra);
        QFETCH(QStringList, says);
        QFETCH(QStringList, neverSays);
        QJsonObject variables{{QStringLiteral("customer"), QStringLiteral("Alice")},
                              {QStringLiteral("vm"), QStringLiteral("acme-1-1")},
                              {QStringLiteral("address"), QStringLiteral("10.0.0.5")},
                              {QStringLiteral("user"), QStringLiteral("root")}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            variables.insert(it.key(), it.value());
        auto mail = renderMail(QStringLiteral("vm-ready"), {QStringLiteral("alice@acme.example")}, variables);
        ORDO_VERIFY_OK(mail);
        for (const QString &part : std::as_const(says))
            QVERIFY2(mail->body.contains(part), qPrintable(part + QStringLiteral(" missing in:\n") + mail->body));
        for (const QString &part : neverSays + QStringList{QStringLiteral("password")})
            QVERIFY2(!mail->body.contains(part, Qt::CaseInsensitive), qPrintable(part + QStringLiteral(" in:\n") + mail->body));
    }

    void badMailInputNamesWhatIsWrong_data()
    {
        QTest::addColumn<QByteArray>("inputs");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing variable") << QByteArray(R"({"to": "a@b.example", "template": "vm-ready", "variables": {"vm": "x"}})")
                                          << QStringLiteral("needs the variable 'customer'");
        QTest::newRow("unknown template") << QByteArray(R"({"to": "a@b.example", "template": "welcome"})")
                                          << QStringLiteral("no mail template 'welcome'");
        QTest::newRow("bad address") << QByteArray(R"({"to": ["a@b.example", "nobody"], "template": "vm-ready"})")
                                     << QStringLiteral("'nobody' is not a mail address");
    }

    void badMailInputNamesWhatIsWrong()
    {
        QFETCH(QByteArray, inputs);
        QFETCH(QString, expected);
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        ActionRegistry registry;
        connectors::registerMailAction(registry, env.databasePath());
        const ActionOutcome outcome = send(registry, QJsonDocument::fromJson(inputs).object(), QStringLiteral("wf/mail"));
        const auto *error = std::get_if<ActionError>(&outcome);
        QVERIFY(error);
        QCOMPARE(error->kind, ErrorKind::BadInput);
        QVERIFY2(error->message.contains(expected), qPrintable(error->message));
        QCOMPARE(outbox(*ordo).size(), 0);
    }

    void aFailureThatNotifiesSupportMailsThem()
    {
        EngineHarness h;
        QVERIFY(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const qint64 id = h.start(R"({"name": "provision", "version": 1, "steps": [
            {"id": "clone", "action": "test.fail", "with": {"kind": "permanent"},
             "onError": {"policy": "pause", "notify": ["support", "ops@acme.example", "nobody"]}}]})");
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Paused, 10000);
        const QList<OutboxEntry> mails = outbox(*h.ordo);
        QCOMPARE(mails.size(), 2);
        // A workflow of no tenant is the provider's: its support staff hear of it, no tenant's.
        QCOMPARE(mails.at(0).message.to, QStringList{QStringLiteral("pat@cloud.example")});
        QCOMPARE(mails.at(1).message.to, QStringList{QStringLiteral("ops@acme.example")});
        QCOMPARE(mails.at(0).message.subject, QStringLiteral("Workflow provision #%1 needs attention: step clone failed").arg(id));
        QVERIFY2(mails.at(0).message.body.contains(QStringLiteral("continue, retry, skip or roll it back")), qPrintable(mails.at(0).message.body));
    }

    void supportReadsTheOutboxWithOrdoctl()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm));
        ORDO_VERIFY_OK(ordo->orders().checkout(alice));
        const CommandResult listed = ordoctl(env.databasePath(), QStringLiteral("carol"), {QStringLiteral("--json"), QStringLiteral("mail"), QStringLiteral("outbox")});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray mails = QJsonDocument::fromJson(listed.out.toUtf8()).array();
        QCOMPARE(mails.size(), 1);
        QCOMPARE(mails.first().toObject().value(QStringLiteral("to")).toArray().first().toString(), QStringLiteral("bob@acme.example"));
        QCOMPARE(mails.first().toObject().value(QStringLiteral("state")).toString(), QStringLiteral("kept"));
        const CommandResult customer = ordoctl(env.databasePath(), QStringLiteral("alice"), {QStringLiteral("mail"), QStringLiteral("outbox")});
        QCOMPARE(customer.exitCode, 3);
    }
};

QTEST_GUILESS_MAIN(TestMail)
#include "tst_mail.moc"
