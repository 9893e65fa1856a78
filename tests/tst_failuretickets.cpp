// A failure that notifies support also opens a ticket, through the ticketing
// connector and never twice, and every support action on the workflow adds a
// comment to it: on the test farm and the embedded ticket store.
#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "TestFarm.h"
#include "TestSupport.h"

#include "connectors/ServiceDesk.h"
#include "connectors/TicketSender.h"
#include "domain/TicketRequests.h"


using namespace ordo;
using namespace ordo::test;

namespace {

QList<connectors::Ticket> ticketsFor(Ordo &ordo, const QString &who)
{
    auto tickets = ordo.serviceDesk().tickets(sessionFor(ordo, who));
    if (!tickets)
        qFatal("%s", qPrintable(tickets.error().message));
    return *tickets;
}

QStringList commentsOn(Ordo &ordo, qint64 ticket, const QString &who = QStringLiteral("carol"))
{
    auto comments = ordo.serviceDesk().ticketComments(sessionFor(ordo, who), ticket);
    if (!comments)
        qFatal("%s", qPrintable(comments.error().message));
    QStringList texts;
    for (const connectors::TicketComment &c : std::as_const(*comments))
        texts.append(c.comment);
    return texts;
}

bool anyContains(const QStringList &texts, const QString &part)
{
    return std::any_of(texts.begin(), texts.end(), [&](const QString &t) { return t.contains(part); });
}

QList<MailMessage> supportMails(Ordo &ordo)
{
    QList<MailMessage> found;
    auto entries = ordo.mail().outbox(sessionFor(ordo, QStringLiteral("pat")));
    if (!entries)
        qFatal("%s", qPrintable(entries.error().message));
    for (const OutboxEntry &e : *entries)
        if (e.message.to.contains(QStringLiteral("carol@acme.example")) && e.message.templateName == QStringLiteral("support-failure"))
            found.append(e.message);
    return found;
}

// The embedded ticket.open, whose answer is lost the first time: the ticket
// is made, but the sender hears of a broken connection and delivers again.
class LostAnswerOpen final : public engine::Action
{
public:
    explicit LostAnswerOpen(std::shared_ptr<engine::Action> real) : m_real(std::move(real)) {}
    QString name() const override { return m_real->name(); }
    QHash<QString, engine::InputSpec> inputs() const override { return m_real->inputs(); }
    engine::ActionOutcome run(engine::ActionContext &ctx) override
    {
        ++runs;
        engine::ActionOutcome outcome = m_real->run(ctx);
        if (runs == 1 && std::holds_alternative<QJsonObject>(outcome))
            return engine::ActionError{engine::ErrorKind::Transient, QStringLiteral("connection reset before the answer")};
        return outcome;
    }
    int runs = 0;

private:
    std::shared_ptr<engine::Action> m_real;
};

} // namespace

class TestFailureTickets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aFailedCloneOpensOneTicketAndTheRetriesAreComments()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        writeFarmWithout(QFileInfo(h.databasePath()).absolutePath(), QStringLiteral("ubuntu-24.04"));
        h.deliverTickets = true;
        h.startEngine();

        const Session alice = sessionFor(*h.ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(h.ordo->cart().add(alice, QStringLiteral("linux-vm"),
                                          {{QStringLiteral("cpus"), 2}, {QStringLiteral("memoryGiB"), 4}, {QStringLiteral("template"), QStringLiteral("ubuntu-24.04")}}));
        auto order = h.ordo->orders().checkout(alice);
        ORDO_VERIFY_OK(order);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order->id, Decision::Approve, {}));

        const Session carol = sessionFor(*h.ordo, QStringLiteral("carol"));
        const auto vmFlow = [&]() -> qint64 {
            auto flows = h.ordo->workflows().list(carol);
            for (const auto &w : flows ? *flows : QList<engine::WorkflowSummary>())
                if (w.name == QStringLiteral("linux-vm") && w.orderId && *w.orderId == order->id)
                    return w.id;
            return 0;
        };
        QTRY_VERIFY(vmFlow() != 0);
        const qint64 vm = vmFlow();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::Paused, 30000);
        QCOMPARE(h.stepState(vm, QStringLiteral("clone")), engine::StepState::Paused);
        const QString error = h.step(vm, QStringLiteral("clone")).error;
        QVERIFY2(error.contains(QStringLiteral("no host has the template 'ubuntu-24.04'")), qPrintable(error));

        // Support's mail, and one ticket of acme's with the order, the workflow, the step, the error and the log's tail.
        QCOMPARE(supportMails(*h.ordo).size(), 1);
        QTRY_COMPARE(ticketsFor(*h.ordo, QStringLiteral("carol")).size(), 1);
        connectors::Ticket ticket = ticketsFor(*h.ordo, QStringLiteral("carol")).first();
        QVERIFY2(ticket.title.contains(QStringLiteral("linux-vm #%1").arg(vm)) && ticket.title.contains(QStringLiteral("'clone'")),
                 qPrintable(ticket.title));
        for (const QString &part : QStringList{QStringLiteral("Order: %1").arg(order->id), QStringLiteral("Workflow: linux-vm #%1").arg(vm),
                                    QStringLiteral("Step: clone"), QStringLiteral("Error: ") + error,
                                    QStringLiteral("Last lines of the step's log:\n"),
                                    QStringLiteral("support: step 'clone' of workflow %1 (linux-vm) failed: ").arg(vm) + error})
            QVERIFY2(ticket.description.contains(part), qPrintable(QStringLiteral("no '%1' in: %2").arg(part, ticket.description)));
        // It names the workflow that failed and says where that stands now.
        QCOMPARE(ticket.workflowId, vm);
        QCOMPARE(ticket.workflowState, QStringLiteral("paused"));
        QCOMPARE(ticket.orderId, order->id);
        QCOMPARE(ticket.updatedAt, ticket.createdAt);

        // Retried as it was, it fails again: the same ticket hears of it, no second one opens.
        const int attempts = h.step(vm, QStringLiteral("clone")).attempt;
        ORDO_VERIFY_OK(h.ordo->workflows().retryStep(carol, vm, QStringLiteral("clone"), {}, QStringLiteral("once more, as it was")));
        QTRY_VERIFY(h.step(vm, QStringLiteral("clone")).attempt > attempts && h.state(vm) == engine::WorkflowState::Paused);
        QTRY_VERIFY(anyContains(commentsOn(*h.ordo, ticket.id), QStringLiteral("failed again")));
        QVERIFY(anyContains(commentsOn(*h.ordo, ticket.id), QStringLiteral("retry of step 'clone' by carol: once more, as it was")));
        QCOMPARE(ticketsFor(*h.ordo, QStringLiteral("carol")).size(), 1);

        // Retried from a template the farm has, it completes, and so does the order.
        ORDO_VERIFY_OK(h.ordo->workflows().retryStep(carol, vm, QStringLiteral("clone"), {{QStringLiteral("template"), QStringLiteral("debian-12")}},
                                                     QStringLiteral("ubuntu is gone from the farm: debian instead")));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::Succeeded, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(h.ordo->orders().order(alice, order->id)->state, OrderState::Completed, 30000);
        QTRY_VERIFY(anyContains(commentsOn(*h.ordo, ticket.id),
                                QStringLiteral(R"(retry of step 'clone' with {"template":"debian-12"} by carol: ubuntu is gone from the farm: debian instead)")));
        QCOMPARE(ticketsFor(*h.ordo, QStringLiteral("carol")).size(), 1);
        QCOMPARE(commentsOn(*h.ordo, ticket.id).size(), 3);
        const connectors::Ticket resolved = ticketsFor(*h.ordo, QStringLiteral("carol")).first();
        QCOMPARE(resolved.workflowState, QStringLiteral("succeeded"));
        QVERIFY2(resolved.updatedAt > resolved.createdAt, qPrintable(resolved.updatedAt + QLatin1Char(' ') + resolved.createdAt));
    }

    void aProbeThatResumesSaysSoOnTheTicket()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.deliverTickets = true;
        h.startEngine();
        const QString flag = h.path(QStringLiteral("fixed"));
        const qint64 id = h.start(QStringLiteral(R"({"name": "probed", "version": 1, "steps": [
            {"id": "reach", "action": "test.flag", "with": {"file": "%1"},
             "onError": {"policy": "pause", "notify": ["ops@provider.example"]},
             "probe": {"action": "test.flag", "with": {"file": "%1"}, "intervalMs": 30, "maxWaitMs": 60000}}]})")
                                      .arg(flag)
                                      .toUtf8());
        QTRY_COMPARE(h.state(id), engine::WorkflowState::Paused);
        QTRY_COMPARE(ticketsFor(*h.ordo, QStringLiteral("pat")).size(), 1);
        const qint64 ticket = ticketsFor(*h.ordo, QStringLiteral("pat")).first().id;
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(commentsOn(*h.ordo, ticket, QStringLiteral("pat")).size(), 0); // probing in vain is no news

        QFile file(flag);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), engine::WorkflowState::Succeeded, 10000);
        QTRY_COMPARE(commentsOn(*h.ordo, ticket, QStringLiteral("pat")), QStringList{QStringLiteral("probe passed: resuming")});
    }

    // A delivery whose answer is lost is repeated with the same correlation id:
    // the ticketing system finds its ticket instead of opening a second one.
    void aRepeatedDeliveryOpensNoSecondTicket()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const qint64 id = h.start(QByteArrayLiteral(R"({"name": "failing", "version": 1, "steps": [
            {"id": "break", "action": "test.fail", "with": {"kind": "permanent"},
             "onError": {"policy": "pause", "notify": ["ops@provider.example"]}}]})"));
        QTRY_COMPARE(h.state(id), engine::WorkflowState::Paused);
        h.stopEngine();

        auto actions = h.host->actions().find(QStringLiteral("ticket.open"));
        QVERIFY(actions);
        auto lossy = std::make_shared<LostAnswerOpen>(actions);
        engine::ActionRegistry registry;
        registry.add(lossy);
        ManualClock clock(QDateTime::currentDateTimeUtc());
        connectors::TicketDelivery delivery(OrdoInternals::database(*h.ordo), clock, registry);

        auto first = delivery.deliverDue();
        ORDO_VERIFY_OK(first);
        QCOMPARE(first->retrying, 1);
        QCOMPARE(ticketsFor(*h.ordo, QStringLiteral("pat")).size(), 1); // made, though the sender never heard

        clock.advance(60 * 60 * 1000);
        auto second = delivery.deliverDue();
        ORDO_VERIFY_OK(second);
        QCOMPARE(second->done, 1);
        QCOMPARE(lossy->runs, 2);
        const QList<connectors::Ticket> tickets = ticketsFor(*h.ordo, QStringLiteral("pat"));
        QCOMPARE(tickets.size(), 1);
        auto requests = TicketRequests(OrdoInternals::database(*h.ordo), clock).entries(id);
        ORDO_VERIFY_OK(requests);
        QCOMPARE(requests->size(), 1);
        QCOMPARE(requests->first().state, QStringLiteral("done"));
        QCOMPARE(requests->first().ticket, QString::number(tickets.first().id));
    }
};

QTEST_GUILESS_MAIN(TestFailureTickets)
#include "tst_failuretickets.moc"
