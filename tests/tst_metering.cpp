// Metering (issue 11): every VM of an approved order runs a usage record from
// the moment it is provisioned, at the price its order line was given; a
// rollback stops it; the charge of any period comes from the record alone.
#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "TestSupport.h"

#include "connectors/Metering.h"
#include "connectors/ServiceDesk.h"
#include "domain/Usage.h"

#include <QJsonDocument>

using namespace ordo;
using namespace ordo::test;

namespace {

constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;



QList<UsageRecord> usageOf(Ordo &ordo, const QString &user, Id orderId)
{
    auto records = ordo.usage().records(sessionFor(ordo, user), orderId);
    if (!records)
        qFatal("%s", qPrintable(records.error().message));
    return *records;
}

// The price of linux-vm in the catalog from now on, whatever orders were given.
void raiseCatalogPrice(Ordo &ordo)
{
    auto item = OrdoInternals::store(ordo).catalogItem(QStringLiteral("linux-vm"));
    if (!item)
        qFatal("%s", qPrintable(item.error().message));
    item->price.flatMonthlyCents += 100000;
    ORDO_CHECK_FATAL(OrdoInternals::database(ordo).write([&] { return OrdoInternals::store(ordo).upsertCatalogItem(*item, 0); }));
}

// A handover that fails: the workflow pauses after metering has started.
class FailingMail final : public engine::Action
{
public:
    QString name() const override { return QStringLiteral("mail.send"); }
    QHash<QString, engine::InputSpec> inputs() const override { return {}; }
    bool acceptsAnyInput() const override { return true; }
    engine::ActionOutcome run(engine::ActionContext &) override
    {
        return engine::ActionError{engine::ErrorKind::Permanent, QStringLiteral("the mail server refuses everything")};
    }
};

UsageRecord record(qint64 unitMonthlyCents, qint64 startedAtMs, qint64 stoppedAtMs = 0)
{
    UsageRecord r;
    r.unitMonthlyCents = unitMonthlyCents;
    r.startedAtMs = startedAtMs;
    r.stoppedAtMs = stoppedAtMs;
    return r;
}

} // namespace

class TestMetering : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void anApprovedVmIsMeteredAtItsOrderLinesPrice()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        QCOMPARE(order.lines.size(), 1);
        const OrderLine line = order.lines.first();
        // The catalog's price changes after the order was priced: the order's price holds.
        raiseCatalogPrice(*h.ordo);
        const qint64 approvedAt = QDateTime::currentMSecsSinceEpoch();
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 30000);
        const qint64 completedAt = QDateTime::currentMSecsSinceEpoch();

        const QList<engine::WorkflowSummary> vms = vmWorkflowsOf(*h.ordo, order.id);
        QCOMPARE(vms.size(), 1);
        const QString vmName = h.step(vms.first().id, QStringLiteral("clone")).outputs.value(QStringLiteral("vm")).toString();
        const QList<UsageRecord> usage = usageOf(*h.ordo, QStringLiteral("alice"), order.id);
        QCOMPARE(usage.size(), 1);
        const UsageRecord &u = usage.first();
        QCOMPARE(u.resource, vmName);
        QCOMPARE(u.orderId, order.id);
        QCOMPARE(u.lineNo, line.lineNo);
        QCOMPARE(u.itemId, QStringLiteral("linux-vm"));
        QCOMPARE(u.tenantId, order.tenantId);
        QCOMPARE(u.unitMonthlyCents, line.unitMonthlyCents);
        QCOMPARE(u.unitMonthlyCents, 500 + 4 * 1200 + 16 * 350);
        QCOMPARE(u.currency, order.currency);
        QCOMPARE(u.priceSnapshot, line.priceSnapshot);
        QVERIFY2(u.startedAtMs >= approvedAt && u.startedAtMs <= completedAt, qPrintable(QString::number(u.startedAtMs)));
        QCOMPARE(u.stoppedAtMs, 0);

        // ordoctl shows the customer the same record.
        const CommandResult listed = ordoctl(h.databasePath(), QStringLiteral("alice"),
                                             {QStringLiteral("--json"), QStringLiteral("usage"), QStringLiteral("list"), QStringLiteral("--order"),
                                              QString::number(order.id)});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        const QJsonArray rows = QJsonDocument::fromJson(listed.out.toUtf8()).array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first()[QStringLiteral("resource")].toString(), vmName);
        QCOMPARE(rows.first()[QStringLiteral("unitMonthlyCents")].toInteger(), line.unitMonthlyCents);
        QCOMPARE(rows.first()[QStringLiteral("startedAtMs")].toInteger(), u.startedAtMs);
        QVERIFY(rows.first()[QStringLiteral("stoppedAtMs")].isNull());
    }

    void aRollbackOfTheVmsWorkflowStopsMetering()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.actions->add(std::make_shared<FailingMail>());
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        QTRY_COMPARE_WITH_TIMEOUT(vmWorkflowsOf(*h.ordo, order.id).size(), 1, 30000);
        const qint64 vm = vmWorkflowsOf(*h.ordo, order.id).first().id;
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::Paused, 30000);
        QCOMPARE(h.stepState(vm, QStringLiteral("metering")), engine::StepState::Succeeded);
        const QList<UsageRecord> running = usageOf(*h.ordo, QStringLiteral("carol"), order.id);
        QCOMPARE(running.size(), 1);
        QCOMPARE(running.first().stoppedAtMs, 0);

        ORDO_VERIFY_OK(h.ordo->workflows().rollback(sessionFor(*h.ordo, QStringLiteral("carol")), vm, QStringLiteral("mail is down")));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::RolledBack, 30000);
        const QList<UsageRecord> stopped = usageOf(*h.ordo, QStringLiteral("carol"), order.id);
        QCOMPARE(stopped.size(), 1);
        QVERIFY(stopped.first().stoppedAtMs >= stopped.first().startedAtMs);
        QVERIFY(stopped.first().stoppedAtMs > 0);
    }

    // The engine repeats an attempt whose outcome it lost: no second record, and stopping twice keeps the first stop.
    void meterStartAndStopAreIdempotent()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Order order = checkOut(*ordo, QStringLiteral("alice"), kBigVm);
        // Not approved yet: the order's own workflow is the one workflow of acme.
        auto flows = ordo->workflows().list(sessionFor(*ordo, QStringLiteral("pat")));
        ORDO_VERIFY_OK(flows);
        QCOMPARE(flows->size(), 1);
        engine::ActionRegistry actions;
        connectors::registerMeteringActions(actions, env.databasePath());
        const auto run = [&](const QString &action, const QJsonObject &inputs) {
            engine::ActionContext ctx{inputs, QStringLiteral("wf/metering"), flows->first().id, QStringLiteral("metering"), 1,
                                      std::make_shared<std::atomic_bool>(false), [](const QString &) {}};
            const engine::ActionOutcome outcome = actions.find(action)->run(ctx);
            if (!std::holds_alternative<QJsonObject>(outcome))
                qFatal("%s: %s", qPrintable(action), qPrintable(std::get<engine::ActionError>(outcome).message));
            return std::get<QJsonObject>(outcome);
        };
        const QJsonObject start{{QStringLiteral("order"), order.id}, {QStringLiteral("item"), QStringLiteral("linux-vm")},
                                {QStringLiteral("resource"), QStringLiteral("acme-vm")}};
        const QJsonObject first = run(QStringLiteral("billing.meterStart"), start);
        const QJsonObject again = run(QStringLiteral("billing.meterStart"), start);
        QVERIFY(first.value(QStringLiteral("created")).toBool());
        QVERIFY(!again.value(QStringLiteral("created")).toBool());
        QCOMPARE(again.value(QStringLiteral("usage")).toInteger(), first.value(QStringLiteral("usage")).toInteger());
        QCOMPARE(usageOf(*ordo, QStringLiteral("alice"), order.id).size(), 1);

        const QJsonObject stop{{QStringLiteral("usage"), first.value(QStringLiteral("usage"))}};
        QVERIFY(run(QStringLiteral("billing.meterStop"), stop).value(QStringLiteral("stopped")).toBool());
        const qint64 stoppedAt = usageOf(*ordo, QStringLiteral("alice"), order.id).first().stoppedAtMs;
        QVERIFY(stoppedAt > 0);
        QVERIFY(!run(QStringLiteral("billing.meterStop"), stop).value(QStringLiteral("stopped")).toBool());
        QCOMPARE(usageOf(*ordo, QStringLiteral("alice"), order.id).first().stoppedAtMs, stoppedAt);
    }

    // A hostile workflow author, admin of acme, hand-starts workflows that name
    // globex's usage record, CMDB item and ticket: none is touched, and the steps fail.
    void aHandStartedWorkflowTouchesNoOtherTenantsRecords()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("dave"), kBigVm);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("erin")), order.id, Decision::Approve, {}));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id, QStringLiteral("erin")), OrderState::Completed, 30000);
        const QList<engine::WorkflowSummary> vms = vmWorkflowsOf(*h.ordo, order.id);
        QCOMPARE(vms.size(), 1);
        const qint64 usage = h.step(vms.first().id, QStringLiteral("metering")).outputs.value(QStringLiteral("usage")).toInteger();
        const qint64 ci = h.step(vms.first().id, QStringLiteral("cmdb")).outputs.value(QStringLiteral("ci")).toInteger();
        QVERIFY(usage > 0 && ci > 0);

        // A ticket of globex, as a failure of its VM's workflow would open it.
        engine::ActionContext opening{{{QStringLiteral("title"), QStringLiteral("clone failed")}}, QStringLiteral("wf/ticket"), vms.first().id,
                                      QStringLiteral("clone"), 1, std::make_shared<std::atomic_bool>(false), [](const QString &) {}};
        engine::ActionRegistry serviceDesk;
        connectors::registerEmbeddedServiceDesk(serviceDesk, h.databasePath());
        const engine::ActionOutcome opened = serviceDesk.find(QStringLiteral("ticket.open"))->run(opening);
        QVERIFY(std::holds_alternative<QJsonObject>(opened));
        const qint64 ticket = std::get<QJsonObject>(opened).value(QStringLiteral("ticket")).toInteger();

        const Session admin = sessionFor(*h.ordo, QStringLiteral("admin"));
        const auto handStart = [&](const QString &action, const QString &with) {
            const QByteArray json = QStringLiteral(R"({"name": "hostile-%3", "version": 1, "steps": [{"id": "undo", "action": "%1", "with": %2}]})")
                                        .arg(action, with, QString(action).replace(QLatin1Char('.'), QLatin1Char('-')))
                                        .toUtf8();
            auto started = h.ordo->workflows().start(admin, json, {});
            ORDO_CHECK_FATAL(started);
            return *started;
        };
        const qint64 stop = handStart(QStringLiteral("billing.meterStop"), QStringLiteral(R"({"usage": %1})").arg(usage));
        const qint64 remove = handStart(QStringLiteral("cmdb.remove"), QStringLiteral(R"({"ci": %1})").arg(ci));
        const qint64 comment = handStart(QStringLiteral("ticket.comment"), QStringLiteral(R"({"ticket": %1, "comment": "pwned"})").arg(ticket));
        for (const qint64 id : {stop, remove, comment}) {
            QTRY_VERIFY_WITH_TIMEOUT(h.state(id) == engine::WorkflowState::Paused || h.state(id) == engine::WorkflowState::Failed
                                         || h.state(id) == engine::WorkflowState::Succeeded,
                                     30000);
            QVERIFY2(h.state(id) != engine::WorkflowState::Succeeded, qPrintable(QString::number(id)));
        }
        QCOMPARE(usageOf(*h.ordo, QStringLiteral("dave"), order.id).first().stoppedAtMs, 0);
        auto q = OrdoInternals::database(*h.ordo).exec(QStringLiteral("SELECT removed_at FROM cmdb_items WHERE id = ?"), {ci});
        QVERIFY(q && q->next());
        QVERIFY(q->value(0).isNull());
        auto comments = OrdoInternals::database(*h.ordo).exec(QStringLiteral("SELECT COUNT(*) FROM ticket_comments WHERE ticket_id = ?"), {ticket});
        QVERIFY(comments && comments->next());
        QCOMPARE(comments->value(0).toInt(), 0);
    }

    // The rule docs/workflows.md states: pro rata by the ms of a 30-day month,
    // rounded down up to each end of the period.
    void aPeriodsChargeIsExact_data()
    {
        QTest::addColumn<qint64>("unitMonthlyCents");
        QTest::addColumn<qint64>("startedAt");
        QTest::addColumn<qint64>("stoppedAt"); // 0: still running
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("until");
        QTest::addColumn<qint64>("expected");
        const qint64 t0 = 1'780'000'000'000; // any moment: only differences count
        QTest::newRow("a whole 30-day month") << 10900LL << t0 << 0LL << t0 << t0 + 30 * kDayMs << 10900LL;
        QTest::newRow("half a month") << 10900LL << t0 << 0LL << t0 << t0 + 15 * kDayMs << 5450LL;
        QTest::newRow("a 31-day calendar month is 31/30") << 3000LL << t0 << 0LL << t0 << t0 + 31 * kDayMs << 3100LL;
        QTest::newRow("started within the period") << 3000LL << t0 + 10 * kDayMs << 0LL << t0 << t0 + 30 * kDayMs << 2000LL;
        QTest::newRow("stopped within the period") << 3000LL << t0 << t0 + kDayMs << t0 << t0 + 30 * kDayMs << 100LL;
        QTest::newRow("a period before the start") << 3000LL << t0 << 0LL << t0 - 30 * kDayMs << t0 << 0LL;
        QTest::newRow("a period after the stop") << 3000LL << t0 << t0 + kDayMs << t0 + 2 * kDayMs << t0 + 3 * kDayMs << 0LL;
        // 1001/3 is 333.67: the first third rounds down, the next ones carry the rest.
        QTest::newRow("first third") << 1001LL << t0 << 0LL << t0 << t0 + 10 * kDayMs << 333LL;
        QTest::newRow("second third") << 1001LL << t0 << 0LL << t0 + 10 * kDayMs << t0 + 20 * kDayMs << 334LL;
        QTest::newRow("last third") << 1001LL << t0 << 0LL << t0 + 20 * kDayMs << t0 + 30 * kDayMs << 334LL;
        QTest::newRow("one ms") << 2592000000LL << t0 << 0LL << t0 << t0 + 1 << 1LL;
        QTest::newRow("ten years, no overflow") << 99999999LL << t0 << 0LL << t0 << t0 + 3650 * kDayMs << 99999999LL * 3650 / 30;
    }

    void aPeriodsChargeIsExact()
    {
        QFETCH(qint64, unitMonthlyCents);
        QFETCH(qint64, startedAt);
        QFETCH(qint64, stoppedAt);
        QFETCH(qint64, from);
        QFETCH(qint64, until);
        QFETCH(qint64, expected);
        QCOMPARE(chargeCents(record(unitMonthlyCents, startedAt, stoppedAt), from, until), expected);
    }

    // Invoices split time as they like: adjacent periods add up to the whole, to the cent.
    void adjacentPeriodsAddUpToTheWhole()
    {
        const qint64 t0 = 1'780'000'000'000;
        const UsageRecord r = record(10901, t0 + 12345, t0 + 95 * kDayMs + 6789);
        qint64 sum = 0;
        for (qint64 from = t0; from < t0 + 100 * kDayMs; from += 7 * kDayMs + 333)
            sum += chargeCents(r, from, from + 7 * kDayMs + 333);
        QCOMPARE(sum, chargeCents(r, t0, t0 + 100 * kDayMs));
        QCOMPARE(sum, 10901 * 3 + 10901 * (5 * kDayMs + 6789 - 12345) / kBillingMonthMs);
    }
};

QTEST_GUILESS_MAIN(TestMetering)
#include "tst_metering.moc"
