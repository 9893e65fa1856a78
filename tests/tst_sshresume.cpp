// Issue 11, end-to-end test 4: the guest's sshd is down, so linux-vm's check
// over SSH fails and the workflow pauses, with a support mail and a ticket;
// once sshd is up again the step's probe (guest.waitReachable) resumes the
// workflow by itself, it completes, and the ticket says so.
//
// The test farm runs no guest, so the guest here is this machine's loopback
// sshd: the workflow is linux-vm's own `verify` step as shipped (action,
// commands, retries, probe, error policy), with the address, port and VM name
// that the clone and address steps would give written in.

#include "EngineHarness.h"
#include "TestServers.h"
#include "TestSupport.h"
#include "connectors/Guest.h"
#include "security/SecretStore.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace ordo;
using namespace ordo::test;

namespace {

// linux-vm's verify step aimed at a guest at 127.0.0.1:port, as a workflow of its own.
QByteArray verifyStepAgainst(quint16 port)
{
    QFile file(QStringLiteral(":/ordo/workflows/linux-vm.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("no linux-vm workflow");
    const QJsonObject linuxVm = QJsonDocument::fromJson(file.readAll()).object();
    QJsonObject verify;
    for (const QJsonValue &step : linuxVm.value(QStringLiteral("steps")).toArray())
        if (step.toObject().value(QStringLiteral("id")).toString() == QLatin1String("verify"))
            verify = step.toObject();
    if (verify.isEmpty())
        qFatal("linux-vm has no verify step");
    // What the earlier steps would give: they ran on a VM whose guest is the loopback sshd.
    verify.remove(QStringLiteral("after"));
    verify.remove(QStringLiteral("when"));
    verify.remove(QStringLiteral("skipReason"));
    QString text = QString::fromUtf8(QJsonDocument(verify).toJson(QJsonDocument::Compact));
    text.replace(QStringLiteral("\"${steps.address.outputs.address}\""), QStringLiteral("\"127.0.0.1\""))
        .replace(QStringLiteral("\"${steps.address.outputs.sshPort}\""), QString::number(port))
        .replace(QStringLiteral("\"${steps.clone.outputs.vm}\""), QStringLiteral("\"acme-loopback-1\""));
    if (text.contains(QLatin1String("${steps.")))
        qFatal("linux-vm's verify step reads outputs this test does not give: %s", qPrintable(text));
    const QJsonObject definition{{QStringLiteral("name"), QStringLiteral("linux-vm-verify")},
                                 {QStringLiteral("version"), 1},
                                 {QStringLiteral("inputs"), linuxVm.value(QStringLiteral("inputs"))},
                                 {QStringLiteral("onError"), linuxVm.value(QStringLiteral("onError"))},
                                 {QStringLiteral("steps"), QJsonArray{QJsonDocument::fromJson(text.toUtf8()).object()}}};
    return QJsonDocument(definition).toJson(QJsonDocument::Compact);
}

// The vCPUs the guest (this machine) reports, as `nproc` in the check counts them.
int guestCpus()
{
    QProcess nproc;
    nproc.start(QStringLiteral("nproc"), {});
    if (!nproc.waitForFinished(10000))
        qFatal("nproc did not answer");
    return nproc.readAllStandardOutput().trimmed().toInt();
}

QList<connectors::Ticket> ticketsFor(Ordo &ordo, const QString &who)
{
    auto tickets = ordo.serviceDesk().tickets(sessionFor(ordo, who));
    if (!tickets)
        qFatal("%s", qPrintable(tickets.error().message));
    return *tickets;
}

QStringList commentsOn(Ordo &ordo, qint64 ticket, const QString &who)
{
    auto comments = ordo.serviceDesk().ticketComments(sessionFor(ordo, who), ticket);
    if (!comments)
        qFatal("%s", qPrintable(comments.error().message));
    QStringList texts;
    for (const connectors::TicketComment &c : std::as_const(*comments))
        texts.append(c.comment);
    return texts;
}

int supportMails(Ordo &ordo, const QString &about)
{
    auto entries = ordo.mail().outbox(sessionFor(ordo, QStringLiteral("pat")));
    if (!entries)
        qFatal("%s", qPrintable(entries.error().message));
    return int(std::count_if(entries->begin(), entries->end(), [&](const OutboxEntry &e) {
        return e.message.templateName == QLatin1String("support-failure") && e.message.to.contains(QStringLiteral("pat@cloud.example"))
               && e.message.subject.contains(about);
    }));
}

} // namespace

class TestSshResume : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void aProbeResumesTheCheckOnceSshdIsBack()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        SshServer sshd; // not started: the guest's sshd is down
        ORDO_VERIFY_OK(SecretStore().write(QStringLiteral("guest-key"), sshd.userPrivateKey()));
        connectors::registerGuestActions(*h.actions, h.databasePath());
        h.deliverTickets = true;
        h.startEngine();
        const qint64 id = h.start(verifyStepAgainst(sshd.port()),
                                  {{QStringLiteral("name"), QStringLiteral("acme-loopback-1")}, {QStringLiteral("cpus"), guestCpus()},
                                   {QStringLiteral("memoryGiB"), 1}});

        // Its retries spent, the step pauses the workflow; support hears of it by
        // mail and ticket (the provider's own support: the workflow is of no tenant).
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), engine::WorkflowState::Paused, 60000);
        QCOMPARE(h.stepState(id, QStringLiteral("verify")), engine::StepState::Paused);
        QTRY_COMPARE(ticketsFor(*h.ordo, QStringLiteral("pat")).size(), 1);
        const connectors::Ticket ticket = ticketsFor(*h.ordo, QStringLiteral("pat")).first();
        QVERIFY2(ticket.title.contains(QStringLiteral("'verify'")), qPrintable(ticket.title));
        QTRY_VERIFY(supportMails(*h.ordo, QStringLiteral("step verify failed")) > 0);
        QCOMPARE(commentsOn(*h.ordo, ticket.id, QStringLiteral("pat")), QStringList()); // probing in vain is no news

        // Nobody acts: sshd comes back, the probe passes and the step runs again by itself.
        sshd.start();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), engine::WorkflowState::Succeeded, 60000);
        QCOMPARE(h.stepState(id, QStringLiteral("verify")), engine::StepState::Succeeded);
        QTRY_COMPARE(commentsOn(*h.ordo, ticket.id, QStringLiteral("pat")), QStringList{QStringLiteral("probe passed: resuming")});
    }
};

QTEST_GUILESS_MAIN(TestSshResume)
#include "tst_sshresume.moc"
