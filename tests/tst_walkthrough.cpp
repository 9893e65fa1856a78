// The seed's walkthrough end to end on a real QEMU VM: alice sets her SSH
// key and orders a Linux VM with 4 vCPUs and 16 GiB, bob gets the approval
// mail through a real SMTP server and approves, the engine provisions on
// qemu:///system from the tiny guest image (the demo switched to real VMs
// with `ordoctl init --demo --real-vms`), and the test logs on as alice
// would: over SSH with her own key, checking what the guest has, what the
// CMDB and the usage record say and what her mail tells her. scripts/test
// starts libvirtd and builds the image; without them this test skips,
// unless ORDO_REQUIRE_REAL_VM says it must run.

#include "EngineHarness.h"
#include "RealVm.h"
#include "TestServers.h"

#include "connectors/Hypervisor.h"
#include "security/SecretStore.h"

#include <QElapsedTimer>
#include <QRegularExpression>

using namespace ordo;
using namespace ordo::test;

namespace {

// What `ordoctl init --demo --real-vms` provisions on.
const QString kUri = QStringLiteral("qemu:///system");
const QString kTemplate = QStringLiteral("debian-12");
const QString kSmtpUser = QStringLiteral("ordo-mailer");
const QString kSmtpPassword = QStringLiteral("walkthrough-smtp-pa55");

struct Ran
{
    int exitCode = -1;
    QString out;
    QString err;
};

Ran run(const QString &program, const QStringList &args, const QByteArray &input = {})
{
    QProcess process;
    process.start(program, args);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000))
        return {-1, {}, QStringLiteral("%1 did not finish").arg(program)};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

// A received mail's headers and its body, decoded.
struct ReceivedMail
{
    QString headers;
    QString body;
};

ReceivedMail parse(const QByteArray &raw)
{
    const QByteArray text = QByteArray(raw).replace("\r\n", "\n");
    const qsizetype split = text.indexOf("\n\n");
    ReceivedMail mail{QString::fromUtf8(text.left(split)), QString::fromUtf8(text.mid(split + 2))};
    if (mail.headers.contains(QStringLiteral("Content-Transfer-Encoding: base64")))
        mail.body = QString::fromUtf8(QByteArray::fromBase64(text.mid(split + 2)));
    return mail;
}

QList<ReceivedMail> receivedBy(const SmtpServer &server, const QString &address)
{
    QList<ReceivedMail> mails;
    for (const QByteArray &raw : server.received()) {
        const ReceivedMail mail = parse(raw);
        if (mail.headers.contains(QStringLiteral("To: ") + address))
            mails.append(mail);
    }
    return mails;
}

} // namespace

class TestWalkthrough : public QObject
{
    Q_OBJECT

private:
    QString m_image;
    std::unique_ptr<TestCertificate> m_certificate;

private Q_SLOTS:
    void initTestCase()
    {
        m_image = qEnvironmentVariable("ORDO_GUEST_IMAGE");
        if (m_image.isEmpty() || !QFile::exists(m_image + QStringLiteral("/template.xml")))
            ORDO_REAL_VM_UNAVAILABLE("no guest image: scripts/test builds it (ORDO_GUEST_IMAGE)");
        if (run(QStringLiteral("virsh"), {QStringLiteral("-c"), kUri, QStringLiteral("version")}).exitCode != 0)
            ORDO_REAL_VM_UNAVAILABLE("no libvirt daemon for real VMs: scripts/test starts one");
        m_certificate = std::make_unique<TestCertificate>();
    }

    void cleanupTestCase()
    {
        // The template the demo switch defined.
        if (!m_image.isEmpty())
            run(QStringLiteral("virsh"), {QStringLiteral("-c"), kUri, QStringLiteral("undefine"), kTemplate});
    }

    void aliceOrdersBobApprovesAliceLogsOnWithHerKey()
    {
        QElapsedTimer took;
        took.start();
        EngineHarness h;
        const QString db = h.databasePath();

        // The demo, switched to real VMs by its one setting.
        const CommandResult init = ordoctl(db, {}, {QStringLiteral("init"), QStringLiteral("--demo"), QStringLiteral("--real-vms"), m_image});
        QVERIFY2(init.exitCode == 0, qPrintable(init.err));
        auto farm = connectors::HypervisorFarm::fromSettings(
            {{QStringLiteral("hosts"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("qemu")}, {QStringLiteral("uri"), kUri}}}},
             {QStringLiteral("templates"), QJsonArray{kTemplate}}});
        ORDO_VERIFY_OK(farm);
        engine::ActionRegistry cleanup;
        connectors::HypervisorFarm::registerActions(cleanup, *farm);

        // Mail goes to a real SMTP server.
        SmtpServer smtp(*m_certificate, kSmtpUser, kSmtpPassword);
        smtp.start();
        ORDO_VERIFY_OK(SecretStore().write(QStringLiteral("smtp-password"), kSmtpPassword.toUtf8()));
        ORDO_VERIFY_OK(h.ordo->connectors().set(sessionFor(*h.ordo, QStringLiteral("admin")), QStringLiteral("mail"),
                                                {{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                                                 {QStringLiteral("port"), smtp.port()},
                                                 {QStringLiteral("user"), kSmtpUser},
                                                 {QStringLiteral("passwordSecret"), QStringLiteral("smtp-password")},
                                                 {QStringLiteral("from"), QStringLiteral("ordo@acme.example")},
                                                 {QStringLiteral("caFile"), m_certificate->certFile()},
                                                 {QStringLiteral("timeoutMs"), 10000}}));
        const auto deliver = [&] {
            return h.ordo->mail().deliverDue(sessionFor(*h.ordo, QStringLiteral("carol")));
        };

        // alice's own key pair, made here: not the engine's guest key.
        const QString aliceKey = h.path(QStringLiteral("alice_ed25519"));
        const Ran keygen = run(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                                                              QString(), QStringLiteral("-C"), QStringLiteral("alice@laptop"), QStringLiteral("-f"), aliceKey});
        QVERIFY2(keygen.exitCode == 0, qPrintable(keygen.err));
        const CommandResult setKey = ordoctl(db, QStringLiteral("alice"), {QStringLiteral("profile"), QStringLiteral("set-ssh-key"), aliceKey + QStringLiteral(".pub")});
        QVERIFY2(setKey.exitCode == 0, qPrintable(setKey.err));

        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        QCOMPARE(order.state, OrderState::PendingApproval);
        QString vm;
        const auto destroyVm = qScopeGuard([&] {
            if (!vm.isEmpty())
                runAction(cleanup, QStringLiteral("hypervisor.destroy"), {{QStringLiteral("vm"), vm}});
        });

        // bob's approval request, through the SMTP server, with the console's link to the order.
        QTRY_VERIFY_WITH_TIMEOUT(deliver() && !receivedBy(smtp, QStringLiteral("bob@acme.example")).isEmpty(), 30000);
        const QList<ReceivedMail> toBob = receivedBy(smtp, QStringLiteral("bob@acme.example"));
        QCOMPARE(toBob.size(), 1);
        QVERIFY2(toBob.first().body.contains(QStringLiteral("ordo://approvals?order=%1").arg(order.id)), qPrintable(toBob.first().body));

        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, QStringLiteral("go ahead")));

        // The provisioning workflow, on the real host.
        const auto vmFlow = [&]() -> std::optional<engine::WorkflowSummary> {
            auto all = h.ordo->workflows().list(sessionFor(*h.ordo, QStringLiteral("carol")));
            if (all)
                for (const auto &w : std::as_const(*all))
                    if (w.orderId && *w.orderId == order.id && w.name == QLatin1String("linux-vm"))
                        return w;
            return std::nullopt;
        };
        QTRY_VERIFY_WITH_TIMEOUT(vmFlow().has_value(), 30000);
        const qint64 flow = vmFlow()->id;
        QTRY_VERIFY_WITH_TIMEOUT(h.state(flow) == engine::WorkflowState::Succeeded || h.state(flow) == engine::WorkflowState::Paused
                                     || h.state(flow) == engine::WorkflowState::Failed,
                                 300000);
        vm = h.step(flow, QStringLiteral("clone")).outputs.value(QStringLiteral("vm")).toString();
        QVERIFY2(h.state(flow) == engine::WorkflowState::Succeeded,
                 qPrintable(QStringLiteral("verify: %1; installKey: %2; address: %3")
                                .arg(h.step(flow, QStringLiteral("verify")).error, h.step(flow, QStringLiteral("installKey")).error,
                                     h.step(flow, QStringLiteral("address")).error)));
        QCOMPARE(h.stepState(flow, QStringLiteral("verify")), engine::StepState::Succeeded);
        QCOMPARE(h.stepState(flow, QStringLiteral("installKey")), engine::StepState::Succeeded);
        const qint64 provisionedAfterMs = took.elapsed();
        const QJsonObject at = h.step(flow, QStringLiteral("address")).outputs;
        const QString address = at.value(QStringLiteral("address")).toString();
        const int port = at.value(QStringLiteral("sshPort")).toInt();
        QVERIFY(!address.isEmpty() && port > 0);

        // alice logs on with her own key and sees what she ordered.
        const QString knownHosts = h.path(QStringLiteral("known_hosts"));
        const Ran inside = run(QStringLiteral("ssh"), {QStringLiteral("-i"), aliceKey, QStringLiteral("-p"), QString::number(port),
                                                      QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), QStringLiteral("-o"), QStringLiteral("IdentitiesOnly=yes"),
                                                      QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=accept-new"),
                                                      QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=") + knownHosts,
                                                      QStringLiteral("-o"), QStringLiteral("ConnectTimeout=20"),
                                                      QStringLiteral("root@") + address, QStringLiteral("nproc; grep MemTotal /proc/meminfo")});
        QVERIFY2(inside.exitCode == 0, qPrintable(inside.err));
        static const QRegularExpression seen(QStringLiteral("^(\\d+)\\nMemTotal:\\s+(\\d+) kB"));
        const auto figures = seen.match(inside.out);
        QVERIFY2(figures.hasMatch(), qPrintable(inside.out));
        QCOMPARE(figures.captured(1).toInt(), 4);
        const double gib = figures.captured(2).toDouble() / (1024.0 * 1024.0);
        QVERIFY2(gib > 15.0 && gib <= 16.0, qPrintable(QString::number(gib)));

        // The guest's host keys, as the test reads them itself.
        // (RSA keys take the emulated guest long to make: the quick types only.)
        const Ran scan = run(QStringLiteral("ssh-keyscan"), {QStringLiteral("-T"), QStringLiteral("30"), QStringLiteral("-t"), QStringLiteral("ed25519,ecdsa"),
                                                             QStringLiteral("-p"), QString::number(port), address});
        const Ran fingerprints = run(QStringLiteral("ssh-keygen"), {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"), QStringLiteral("-f"), QStringLiteral("-")},
                                     scan.out.toUtf8());
        static const QRegularExpression sha256(QStringLiteral("SHA256:[A-Za-z0-9+/]+"));
        QStringList guestKeys;
        for (auto it = sha256.globalMatch(fingerprints.out); it.hasNext();)
            guestKeys.append(it.next().captured(0));
        QVERIFY2(!guestKeys.isEmpty(), qPrintable(scan.err + fingerprints.err));

        // The CMDB holds the VM with its address; its usage record runs.
        auto cmdb = h.ordo->serviceDesk().cmdbItems(sessionFor(*h.ordo, QStringLiteral("carol")));
        ORDO_VERIFY_OK(cmdb);
        QCOMPARE(cmdb->size(), 1);
        QCOMPARE(cmdb->first().name, vm);
        QCOMPARE(cmdb->first().ip, address);
        auto usage = h.ordo->usage().records(sessionFor(*h.ordo, QStringLiteral("alice")), order.id);
        ORDO_VERIFY_OK(usage);
        QCOMPARE(usage->size(), 1);
        QCOMPARE(usage->first().resource, vm);
        QVERIFY(usage->first().startedAtMs > 0);
        QCOMPARE(usage->first().stoppedAtMs, 0);

        // alice's mail: name, address and port, user and the host key she will see; no password.
        QTRY_VERIFY_WITH_TIMEOUT(deliver() && !receivedBy(smtp, QStringLiteral("alice@acme.example")).isEmpty(), 30000);
        const QList<ReceivedMail> toAlice = receivedBy(smtp, QStringLiteral("alice@acme.example"));
        QCOMPARE(toAlice.size(), 1);
        const QString body = toAlice.first().body;
        QVERIFY2(toAlice.first().headers.contains(QStringLiteral("Subject: Your virtual machine %1 is ready").arg(vm)), qPrintable(toAlice.first().headers));
        QVERIFY2(body.contains(QStringLiteral("Name: %1\n").arg(vm)) && body.contains(QStringLiteral("Address: %1\n").arg(address))
                     && body.contains(QStringLiteral("SSH port: %1\n").arg(port)) && body.contains(QStringLiteral("Log on as: root\n"))
                     && body.contains(QStringLiteral("ssh -p %1 root@%2").arg(port).arg(address)),
                 qPrintable(body));
        const auto mailed = sha256.match(body);
        QVERIFY2(mailed.hasMatch() && guestKeys.contains(mailed.captured(0)),
                 qPrintable(QStringLiteral("%1\nthe guest's: %2").arg(body, guestKeys.join(QLatin1Char(' ')))));
        QVERIFY2(!body.contains(QStringLiteral("password"), Qt::CaseInsensitive), qPrintable(body));
        // Support sees the same host key, recorded under the VM's name.
        auto recorded = h.ordo->guests().keys(sessionFor(*h.ordo, QStringLiteral("carol")));
        ORDO_VERIFY_OK(recorded);
        QCOMPARE(recorded->size(), 1);
        QCOMPARE(recorded->first().guest, vm);
        QCOMPARE(recorded->first().fingerprint, mailed.captured(0));

        qInfo("walkthrough on a real VM (%s): checkout to provisioned %lld ms, whole test %lld ms",
              qPrintable(vm), provisionedAfterMs, took.elapsed());

        // Cleaned up: the VM is gone.
        QVERIFY(std::get<QJsonObject>(runAction(cleanup, QStringLiteral("hypervisor.destroy"), {{QStringLiteral("vm"), vm}}))
                    .value(QStringLiteral("destroyed"))
                    .toBool());
        const QString destroyed = std::exchange(vm, QString());
        QVERIFY(run(QStringLiteral("virsh"), {QStringLiteral("-c"), kUri, QStringLiteral("dominfo"), destroyed}).exitCode != 0);
    }
};

QTEST_GUILESS_MAIN(TestWalkthrough)
#include "tst_walkthrough.moc"
