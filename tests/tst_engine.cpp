// One test per semantic of the engine: order, parallelism, conditions,
// templates, retries, timeouts, error policies, compensation, support
// operations, probes, version pinning, human tasks, timers and events.

#include "EngineHarness.h"
#include "OrdoInternals.h"

#include <QElapsedTimer>
#include <QScopeGuard>

#include <algorithm>
#include <thread>

using namespace ordo;
using namespace ordo::engine;
using namespace ordo::test;

namespace {

QByteArray json(const char *text)
{
    return QByteArray(text);
}

// Two steps after `first`: `a`, whose inputs never resolve, and `b`; the workflow follows `onError`.
QByteArray pairAfterFirst(const char *onError)
{
    return QStringLiteral(R"({"name": "pair", "version": 1, "onError": "%1", "steps": [
        {"id": "first", "action": "test.noop"},
        {"id": "a", "action": "test.echo", "after": ["first"], "with": {"v": "${steps.first.outputs.missing}"}},
        {"id": "b", "action": "test.noop", "after": ["first"]}]})")
        .arg(QLatin1String(onError))
        .toUtf8();
}

// Outputs {"s": "xxx..."} of `chars` characters: a connector that returns more than a step may keep.
class LargeOutputAction final : public Action
{
public:
    QString name() const override { return QStringLiteral("test.large"); }
    QHash<QString, InputSpec> inputs() const override { return {{QStringLiteral("chars"), {InputType::Integer, true}}}; }
    ActionOutcome run(ActionContext &ctx) override
    {
        return QJsonObject{{QStringLiteral("s"), QString(ctx.inputs.value(QLatin1String("chars")).toInteger(), QLatin1Char('x'))}};
    }
};

qsizetype textSize(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact).size();
}

// A preview as "effect step" lines, in its order.
QStringList effects(const QList<PreviewedStep> &preview)
{
    static const QMap<PreviewedStep::Effect, QString> names{
        {PreviewedStep::Effect::Run, QStringLiteral("run")},       {PreviewedStep::Effect::Skip, QStringLiteral("skip")},
        {PreviewedStep::Effect::Compensate, QStringLiteral("compensate")}, {PreviewedStep::Effect::Stop, QStringLiteral("stop")},
        {PreviewedStep::Effect::Cancel, QStringLiteral("cancel")}, {PreviewedStep::Effect::Hold, QStringLiteral("hold")}};
    QStringList lines;
    for (const PreviewedStep &p : preview)
        lines.append(names.value(p.effect) + QLatin1Char(' ') + p.stepKey);
    return lines;
}

// The steps whose compensation succeeded, in the order the log tells.
QStringList compensationOrder(EngineHarness &h, qint64 workflowId)
{
    QStringList order;
    for (const LogLine &line : *h.runtime->log(workflowId))
        if (line.stepKey.endsWith(QLatin1String(" (compensation)")) && line.message == QLatin1String("running -> succeeded"))
            order.append(line.stepKey.chopped(int(qstrlen(" (compensation)"))));
    return order;
}

// Says two lines, then succeeds: a step whose own lines come before its success.
class TalkingAction final : public Action
{
public:
    QString name() const override { return QStringLiteral("test.talk"); }
    QHash<QString, InputSpec> inputs() const override { return {}; }
    ActionOutcome run(ActionContext &ctx) override
    {
        ctx.log(QStringLiteral("said one"));
        ctx.log(QStringLiteral("said two"));
        return QJsonObject{};
    }
};

// Each claimed attempt reported done, with no outputs.
QList<engine::Completion> successesOf(const QList<engine::Claim> &claims)
{
    QList<engine::Completion> done;
    for (const engine::Claim &c : claims)
        done.append({c.rowId, c.attempt, QJsonObject(), {}, c.workflowId});
    return done;
}

// Workflow "chain": steps s0, s1, ... each after the one before, each running
// `action` (the action's name in JSON, and whatever follows it in the step).
QByteArray chainOf(int length, const QString &action)
{
    QString steps;
    for (int i = 0; i < length; ++i)
        steps += QStringLiteral(R"(%1{"id": "s%2", "action": %3%4})")
                     .arg(i == 0 ? QString() : QStringLiteral(", "))
                     .arg(i)
                     .arg(action, i == 0 ? QString() : QStringLiteral(R"(, "after": ["s%1"])").arg(i - 1));
    return QStringLiteral(R"({"name": "chain", "version": 1, "steps": [%1]})").arg(steps).toUtf8();
}

// Each line as "seq key at kind message": what a reader's cursor and display depend on.
QStringList told(const QList<LogLine> &lines)
{
    QStringList out;
    for (const LogLine &l : lines)
        out.append(QStringLiteral("%1 %2 %3 %4 %5").arg(l.seq).arg(l.stepKey).arg(l.at).arg(logKindName(l.kind), l.message));
    return out;
}

// The success lines of a workflow's step that step_log itself holds.
qint64 storedSuccessLines(EngineHarness &h, qint64 id, const QString &label)
{
    auto q = OrdoInternals::database(*h.ordo).exec(
        QStringLiteral("SELECT COUNT(*) FROM step_log WHERE workflow_id = ? AND step_key = ? AND message = 'running -> succeeded'"), {id, label});
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

// Fails for good while its switch says broken.
class BrokenUntilMended final : public Action
{
public:
    explicit BrokenUntilMended(std::shared_ptr<std::atomic_bool> broken)
        : m_broken(std::move(broken))
    {
    }
    QString name() const override { return QStringLiteral("test.broken"); }
    QHash<QString, InputSpec> inputs() const override { return {}; }
    ActionOutcome run(ActionContext &) override
    {
        if (m_broken->load())
            return ActionError{ErrorKind::Permanent, QStringLiteral("broken")};
        return QJsonObject{};
    }

private:
    std::shared_ptr<std::atomic_bool> m_broken;
};

// Support (carol) rolls the workflow back, and the engine looks at once.
bool rollBack(EngineHarness &h, qint64 id, const QString &reason)
{
    if (!h.runtime->rollback(id, QStringLiteral("carol"), reason))
        return false;
    h.engine->wake();
    return true;
}

// A step's attempts as support sees them: "<kind> <attempt> <outcome>" each.
QStringList attemptsOf(EngineHarness &h, qint64 id, const QString &key)
{
    const auto attempts = h.runtime->attempts(id, key);
    if (!attempts)
        return {attempts.error().message};
    QStringList told;
    for (const StepAttempt &t : *attempts)
        told.append(QStringLiteral("%1 %2 %3").arg(stepKindName(t.kind)).arg(t.attempt).arg(attemptOutcomeName(t.outcome)));
    return told;
}

// The rows of a shared database's queue marker: 1 while the queue is intact, 0 once a crash emptied it.
qint64 queueMarkers(EngineHarness &h)
{
    auto q = OrdoInternals::database(*h.ordo).exec(QStringLiteral("SELECT COUNT(*) FROM step_queue_intact"));
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

// The attempts of a step with a row of their own.
qint64 attemptsKeptApart(EngineHarness &h, qint64 id, const QString &key)
{
    auto q = OrdoInternals::database(*h.ordo).exec(QStringLiteral("SELECT COUNT(*) FROM step_attempts WHERE workflow_id = ? AND step_key = ?"), {id, key});
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

} // namespace

// Passes once the test lets it go, and ignores cancellation until then (a
// host that does not answer).
class StuckAction final : public engine::Action
{
public:
    struct State
    {
        QSemaphore release;
        std::atomic_int started{0};
        std::atomic_int returned{0};
    };

    StuckAction(QString name, std::shared_ptr<State> state)
        : m_name(std::move(name))
        , m_state(std::move(state))
    {
    }
    QString name() const override { return m_name; }
    QHash<QString, engine::InputSpec> inputs() const override { return {}; }
    engine::ActionOutcome run(engine::ActionContext &) override
    {
        ++m_state->started;
        m_state->release.acquire();
        m_state->release.release();
        ++m_state->returned;
        return QJsonObject{};
    }

private:
    QString m_name;
    std::shared_ptr<State> m_state;
};

class TestEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void linearFlowRunsInOrder()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "linear", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"},
            {"id": "b", "action": "test.noop", "after": ["a"]},
            {"id": "c", "action": "test.noop", "after": ["b"]}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        const StepInfo a = h.step(id, QStringLiteral("a"));
        const StepInfo b = h.step(id, QStringLiteral("b"));
        const StepInfo c = h.step(id, QStringLiteral("c"));
        QCOMPARE(c.state, StepState::Succeeded);
        QVERIFY(a.finishedAt <= b.startedAt);
        QVERIFY(b.finishedAt <= c.startedAt);
        QCOMPARE(a.attempt, 1);
        auto log = h.runtime->log(id, QStringLiteral("b"));
        QVERIFY(log);
        QStringList transitions;
        for (const LogLine &l : *log)
            transitions.append(l.message);
        // The routine way in (pending -> ready -> running) writes no line; the attempt says when it started.
        QCOMPARE(transitions, QStringList{QStringLiteral("running -> succeeded")});
        auto attempts = h.runtime->attempts(id, QStringLiteral("b"));
        QVERIFY(attempts);
        QCOMPARE(attempts->size(), 1);
        QCOMPARE(attempts->first().outcome, StepAttempt::Outcome::Succeeded);
        QCOMPARE(attempts->first().startedAt, b.startedAt);
        QCOMPARE(attempts->first().finishedAt, b.finishedAt);
    }

    void independentStepsOverlap()
    {
        EngineHarness h(EngineOptions{4, 30000, 20, {}});
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "fan", "version": 1, "steps": [
            {"id": "p1", "action": "test.sleep", "with": {"ms": 400}},
            {"id": "p2", "action": "test.sleep", "with": {"ms": 400}},
            {"id": "p3", "action": "test.sleep", "with": {"ms": 400}},
            {"id": "join", "action": "test.noop", "after": ["p1", "p2", "p3"]}]})"));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 10000);
        qint64 latestStart = 0;
        qint64 earliestFinish = std::numeric_limits<qint64>::max();
        for (const char *key : {"p1", "p2", "p3"}) {
            const StepInfo s = h.step(id, QString::fromLatin1(key));
            latestStart = std::max(latestStart, s.startedAt);
            earliestFinish = std::min(earliestFinish, s.finishedAt);
        }
        QVERIFY2(latestStart < earliestFinish, "the three sleeps did not run at the same time");
        QVERIFY(h.step(id, QStringLiteral("join")).startedAt >= earliestFinish);
    }

    // Attempts claimed together run side by side however long each takes: a
    // blocking action holds up none behind it, however many the engine runs.
    // (Enough of them that they are claimed and handed to runners faster than a runner starts.)
    void everyWorkerRunsAnAttemptThatBlocks()
    {
        constexpr int workers = 32;
        EngineHarness h(EngineOptions{workers, 30000, 20, {}});
        auto gate = std::make_shared<HoldAction::Gate>();
        h.actions->add(std::make_shared<HoldAction>(gate));
        QString steps;
        for (int i = 0; i < workers; ++i)
            steps += QStringLiteral(R"(%1{"id": "h%2", "action": "test.hold"})").arg(i ? QStringLiteral(", ") : QString()).arg(i);
        const qint64 id = h.start(QStringLiteral(R"({"name": "held", "version": 1, "steps": [%1]})").arg(steps).toUtf8());
        h.startEngine();
        QTRY_COMPARE_WITH_TIMEOUT(gate->running.load(), workers, 10000);
        // One released: the engine's next attempt starts while the others still hold.
        gate->released.release(1);
        QTRY_COMPARE_WITH_TIMEOUT(gate->running.load(), workers - 1, 10000);
        const qint64 next = h.start(json(R"({"name": "next", "version": 1, "steps": [{"id": "go", "action": "test.hold"}]})"));
        QTRY_COMPARE_WITH_TIMEOUT(gate->runs.load(), workers + 1, 10000);
        QCOMPARE(gate->running.load(), workers);
        gate->released.release(workers);
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(h.state(next), WorkflowState::Succeeded, 10000);
        QCOMPARE(gate->mostAtOnce.load(), workers);
    }

    void concurrencyLimitsHold()
    {
        EngineHarness h(EngineOptions{4, 30000, 20, {}});
        QVERIFY(OrdoInternals::database(*h.ordo).exec(QStringLiteral("INSERT INTO concurrency_limits VALUES ('test.sleep', 1)")));
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "limited", "version": 1, "steps": [
            {"id": "p1", "action": "test.sleep", "with": {"ms": 150}},
            {"id": "p2", "action": "test.sleep", "with": {"ms": 150}},
            {"id": "p3", "action": "test.sleep", "with": {"ms": 150}}]})"));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 10000);
        QList<std::pair<qint64, qint64>> spans;
        for (const char *key : {"p1", "p2", "p3"}) {
            const StepInfo s = h.step(id, QString::fromLatin1(key));
            spans.append({s.startedAt, s.finishedAt});
        }
        std::sort(spans.begin(), spans.end());
        QVERIFY(spans.at(0).second <= spans.at(1).first);
        QVERIFY(spans.at(1).second <= spans.at(2).first);
    }

    void stepsHeldByALimitDoNotHoldUpOthers()
    {
        EngineHarness h(EngineOptions{4, 30000, 20, {}});
        auto gate = std::make_shared<HoldAction::Gate>();
        h.actions->add(std::make_shared<HoldAction>(gate));
        QVERIFY(OrdoInternals::database(*h.ordo).exec(QStringLiteral("INSERT INTO concurrency_limits VALUES ('test.hold', 1)")));
        // A queue of limited steps, longer than the engine looks at in one claim;
        // the first holds the limit until the test ends.
        QList<qint64> held;
        for (int i = 0; i < 30; ++i)
            held.append(h.start(json(R"({"name": "held", "version": 1, "steps": [{"id": "hold", "action": "test.hold"}]})")));
        const qint64 quick = h.start(json(R"({"name": "quick", "version": 1, "steps": [{"id": "go", "action": "test.noop"}]})"));
        h.startEngine();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(quick), WorkflowState::Succeeded, 10000);
        QCOMPARE(gate->runs.load(), 1);
        QCOMPARE(h.stepState(held.first(), QStringLiteral("hold")), StepState::Running);
        for (qint64 id : std::as_const(held).mid(1))
            QCOMPARE(h.stepState(id, QStringLiteral("hold")), StepState::Ready);
    }

    // A busy engine (one worker, three chains taking turns) starts a new
    // workflow's first step at once, in its lane for fresh work, before the
    // chains' steps that were ready before it: an order, not a time.
    void aNewWorkflowStartsBeforeTheReadyStepsOfBusyOnes()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("the lane for fresh work opens on notified work, which only a shared database sends");
        EngineHarness h(EngineOptions{1, 30000, 20, {}});
        const QByteArray chainJson = chainOf(30, QStringLiteral(R"("test.sleep", "with": {"ms": 30})"));
        QList<qint64> chains;
        for (int i = 0; i < 3; ++i)
            chains.append(h.start(chainJson));
        h.startEngine();
        // The chains are under way: one step runs, the others' next steps wait ready.
        QTRY_VERIFY_WITH_TIMEOUT(h.stepState(chains.first(), QStringLiteral("s3")) == StepState::Succeeded, 10000);
        const qint64 fresh = h.start(json(R"({"name": "fresh", "version": 1, "steps": [{"id": "go", "action": "test.noop"}]})"));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(fresh), WorkflowState::Succeeded, 10000);
        // Counted once every step has started: the steps it overtook may still wait for the worker when it is done.
        for (const qint64 id : std::as_const(chains))
            QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 20000);
        auto overtaken = OrdoInternals::database(*h.ordo).exec(
            QStringLiteral("SELECT count(*) FROM steps c, steps f WHERE f.workflow_id = ? AND c.workflow_id <> f.workflow_id"
                           " AND c.ready_at < f.ready_at AND c.started_at > f.started_at"),
            {fresh});
        QVERIFY(overtaken);
        QVERIFY(overtaken->next());
        QVERIFY2(overtaken->value(0).toInt() >= 1, "the new workflow's step waited behind the chains' older ready steps");
    }

    // The lane for fresh work asks of each candidate whether its workflow started
    // anything, through the steps' key. Planned from statistics taken while no
    // step had run yet (as autovacuum's analysis after many workflows were started,
    // here by hand), it read all of steps instead, for every look: a second a look
    // at 800,000 steps, which every engine takes at least once a second.
    void theLaneForFreshWorkNeverReadsAllOfSteps()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("a table's scans are counted in PostgreSQL's statistics");
        EngineHarness h;
        const QByteArray chainJson = chainOf(100, QStringLiteral(R"("test.noop")"));
        Database &db = OrdoInternals::database(*h.ordo);
        ORDO_VERIFY_OK(db.write([&]() -> Status {
            for (int i = 0; i < 200; ++i)
                ORDO_CHECK(h.runtime->start(chainJson, {}, QStringLiteral("tester")));
            return ok();
        }));
        ORDO_VERIFY_OK(db.exec(QStringLiteral("ANALYZE steps, step_queue, workflows")));
        const auto seqScansOfSteps = [&]() -> qint64 {
            // This session's counts (the claim ran on it), sent to the server's statistics as the
            // statement ends, not up to a second later; the next statement reads them.
            auto q = db.exec(QStringLiteral("SELECT pg_stat_force_next_flush()"));
            if (!q)
                return -1;
            q = db.exec(QStringLiteral("SELECT seq_scan FROM pg_stat_user_tables WHERE schemaname = 'ordo' AND relname = 'steps'"));
            return q && q->next() ? q->value(0).toLongLong() : -1;
        };
        // The counts move with a scan of steps (no index leads with attempt).
        const qint64 first = seqScansOfSteps();
        QVERIFY(first >= 0);
        ORDO_VERIFY_OK(db.exec(QStringLiteral("SELECT count(*) FROM steps WHERE attempt > 0")));
        const qint64 before = seqScansOfSteps();
        QVERIFY(before > first);
        // Planned once for every call, as an engine's statements are.
        ORDO_VERIFY_OK(db.keepPlans());
        auto taken = h.runtime->claim(QStringLiteral("fresh-lane"), 0, 60000, 1);
        ORDO_VERIFY_OK(taken);
        QCOMPARE(taken->size(), 1);
        QCOMPARE(taken->first().stepKey, QStringLiteral("s0"));
        QCOMPARE(seqScansOfSteps(), before);
    }

    // An engine started on a new database plans its statements once, while steps
    // holds a few rows; the plans are kept. The read of a finished step's
    // successors, and two more statements of a pump, were then planned as scans of
    // all of steps, and went on scanning once steps held thousands (commit to claim
    // under load: p99 33-64 ms against the goal of 10), until an analysis of steps
    // replaced the plans. Nor may a plan read all of steps through an index instead.
    void keptPlansUseStepsKeysAfterStepsGrew()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("a table's scans are counted in PostgreSQL's statistics");
        EngineHarness h;
        Database &db = OrdoInternals::database(*h.ordo);
        struct Reads
        {
            qint64 scans = -1;
            qint64 rows = -1; // read by scans and fetched through indexes
        };
        const auto readsOfSteps = [&]() -> Reads {
            // This session's counts, sent to the server's statistics as the statement ends.
            auto q = db.exec(QStringLiteral("SELECT pg_stat_force_next_flush()"));
            if (!q)
                return {};
            q = db.exec(QStringLiteral("SELECT seq_scan, seq_tup_read + COALESCE(idx_tup_fetch, 0) FROM pg_stat_user_tables"
                                       " WHERE schemaname = 'ordo' AND relname = 'steps'"));
            return q && q->next() ? Reads{q->value(0).toLongLong(), q->value(1).toLongLong()} : Reads{};
        };
        ORDO_VERIFY_OK(db.keepPlans());
        const QByteArray chainJson = chainOf(100, QStringLiteral(R"("test.noop")"));
        const qint64 first = h.start(chainJson);
        // s0 done and s1 claimed: every statement of a pump planned, steps holding a hundred rows.
        auto s0 = h.runtime->claim(QStringLiteral("solo"), 1, 60000);
        ORDO_VERIFY_OK(s0);
        QCOMPARE(s0->size(), 1);
        auto s1 = h.runtime->advance(successesOf(*s0), QStringLiteral("solo"), 1, 60000, 0);
        ORDO_VERIFY_OK(s1);
        QCOMPARE(s1->size(), 1);
        QCOMPARE(s1->first().stepKey, QStringLiteral("s1"));
        // Then steps grows to 10,100 rows, with no analysis between.
        ORDO_VERIFY_OK(db.write([&]() -> Status {
            for (int i = 0; i < 100; ++i)
                ORDO_CHECK(h.runtime->start(chainJson, {}, QStringLiteral("tester")));
            return ok();
        }));
        // The counts move with a scan of steps.
        const Reads before = readsOfSteps();
        QVERIFY(before.scans >= 0);
        ORDO_VERIFY_OK(db.exec(QStringLiteral("SELECT count(*) FROM steps WHERE attempt > 0")));
        const Reads scanned = readsOfSteps();
        QVERIFY(scanned.scans > before.scans);
        QVERIFY(scanned.rows >= before.rows + 10100);
        // s1 done: its successor read and s2 made ready (nothing claimed).
        auto none = h.runtime->advance(successesOf(*s1), QStringLiteral("solo"), 0, 60000, 0);
        ORDO_VERIFY_OK(none);
        QVERIFY(none->isEmpty());
        const Reads after = readsOfSteps();
        QCOMPARE(after.scans, scanned.scans);
        QVERIFY2(after.rows - scanned.rows < 1000, qPrintable(QStringLiteral("the pump read %1 rows of steps").arg(after.rows - scanned.rows)));
        QCOMPARE(h.stepState(first, QStringLiteral("s2")), StepState::Ready);
    }

    void resourceLimitsHoldPerHost()
    {
        // A clone-like action that occupies the host named in its inputs.
        class HostSleep final : public Action
        {
        public:
            QString name() const override { return QStringLiteral("test.hostSleep"); }
            QHash<QString, InputSpec> inputs() const override { return {{QStringLiteral("host"), {InputType::String, true}}}; }
            QString resourceKey(const QJsonObject &in) const override { return QStringLiteral("host:") + in.value(QLatin1String("host")).toString(); }
            ActionOutcome run(ActionContext &) override
            {
                QThread::msleep(150);
                return QJsonObject{};
            }
        };
        EngineHarness h(EngineOptions{4, 30000, 20, {}});
        h.actions->add(std::make_shared<HostSleep>());
        QVERIFY(OrdoInternals::database(*h.ordo).exec(QStringLiteral("INSERT INTO concurrency_limits VALUES ('host:h1', 1)")));
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "hosts", "version": 1, "steps": [
            {"id": "a1", "action": "test.hostSleep", "with": {"host": "h1"}},
            {"id": "a2", "action": "test.hostSleep", "with": {"host": "h1"}},
            {"id": "b1", "action": "test.hostSleep", "with": {"host": "h2"}}]})"));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 10000);
        const StepInfo a1 = h.step(id, QStringLiteral("a1"));
        const StepInfo a2 = h.step(id, QStringLiteral("a2"));
        const StepInfo b1 = h.step(id, QStringLiteral("b1"));
        QVERIFY2(a1.finishedAt <= a2.startedAt || a2.finishedAt <= a1.startedAt, "two attempts on host h1 overlapped");
        QVERIFY2(b1.startedAt < std::max(a1.finishedAt, a2.finishedAt) && std::min(a1.startedAt, a2.startedAt) < b1.finishedAt,
                 "host h2 waited for host h1");
    }

    void conditionsSkipBranches_data()
    {
        QTest::addColumn<bool>("flag");
        QTest::newRow("flag set") << true;
        QTest::newRow("flag clear") << false;
    }

    void conditionsSkipBranches()
    {
        QFETCH(bool, flag);
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "branches", "version": 1,
            "inputs": {"flag": {"type": "boolean", "required": true}, "cpus": {"type": "integer", "default": 4}},
            "steps": [
            {"id": "start", "action": "test.noop"},
            {"id": "yes", "action": "test.noop", "after": ["start"], "when": "${inputs.flag} && ${inputs.cpus} >= 4"},
            {"id": "yesMore", "action": "test.noop", "after": ["yes"]},
            {"id": "no", "action": "test.noop", "after": ["start"], "when": "!${inputs.flag}"},
            {"id": "join", "action": "test.noop", "after": ["yesMore", "no"]}]})"),
                                  {{QStringLiteral("flag"), flag}});
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.stepState(id, QStringLiteral("yes")), flag ? StepState::Succeeded : StepState::Skipped);
        QCOMPARE(h.stepState(id, QStringLiteral("yesMore")), flag ? StepState::Succeeded : StepState::Skipped);
        QCOMPARE(h.stepState(id, QStringLiteral("no")), flag ? StepState::Skipped : StepState::Succeeded);
        QCOMPARE(h.stepState(id, QStringLiteral("join")), StepState::Succeeded);
    }

    // A condition that names one step does not hide the other steps the inputs read.
    void aConditionedStepReadsStepsItsConditionDoesNotName()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "conditioned", "version": 1, "steps": [
            {"id": "clone", "action": "test.echo", "with": {"vm": "web-01"}},
            {"id": "address", "action": "test.echo", "after": ["clone"], "with": {"simulated": false}},
            {"id": "check", "action": "test.echo", "after": ["address"], "when": "!${steps.address.outputs.simulated}",
             "with": {"vm": "${steps.clone.outputs.vm}"}}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("check")).outputs.value(QStringLiteral("vm")).toString(), QStringLiteral("web-01"));
    }

    void templatesCarryOutputsAndTypes()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "templates", "version": 1,
            "inputs": {"name": {"type": "string"}, "cpus": {"type": "integer"}},
            "steps": [
            {"id": "clone", "action": "test.echo", "with": {"vm": "${inputs.name}-01", "cpus": "${inputs.cpus}"}},
            {"id": "use", "action": "test.echo", "after": ["clone"],
             "with": {"target": "${steps.clone.outputs.vm}", "cpus": "${steps.clone.outputs.cpus}", "password": "${secrets.vm-root}"}}]})"),
                                  {{QStringLiteral("name"), QStringLiteral("web")}, {QStringLiteral("cpus"), 4}});
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        const QJsonObject out = h.step(id, QStringLiteral("use")).outputs;
        QCOMPARE(out.value(QStringLiteral("target")).toString(), QStringLiteral("web-01"));
        QVERIFY(out.value(QStringLiteral("cpus")).isDouble());
        QCOMPARE(out.value(QStringLiteral("cpus")).toInt(), 4);
        // A secret travels as its name, never as its value.
        QCOMPARE(out.value(QStringLiteral("password")).toObject().value(QStringLiteral("$secret")).toString(), QStringLiteral("vm-root"));
    }

    void retriesFollowTheSchedule()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "retry", "version": 1, "steps": [
            {"id": "flaky", "action": "test.fail", "with": {"times": 3},
             "retry": {"maxAttempts": 5, "initialIntervalMs": 1000, "backoff": 3, "maxIntervalMs": 5000}}]})"));
        const qint64 t0 = clock.now().toMSecsSinceEpoch();
        QTRY_COMPARE(h.stepState(id, QStringLiteral("flaky")), StepState::RetryWait);
        QCOMPARE(h.step(id, QStringLiteral("flaky")).dueAt, t0 + 1000);
        // Not a millisecond early.
        clock.advance(999);
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(h.step(id, QStringLiteral("flaky")).attempt, 1);
        QCOMPARE(h.stepState(id, QStringLiteral("flaky")), StepState::RetryWait);
        clock.advance(1);
        h.engine->wake();
        QTRY_COMPARE(h.step(id, QStringLiteral("flaky")).attempt, 2);
        QTRY_COMPARE(h.stepState(id, QStringLiteral("flaky")), StepState::RetryWait);
        QCOMPARE(h.step(id, QStringLiteral("flaky")).dueAt, t0 + 1000 + 3000); // x3
        clock.advance(3000);
        h.engine->wake();
        QTRY_COMPARE(h.step(id, QStringLiteral("flaky")).attempt, 3);
        QTRY_COMPARE(h.stepState(id, QStringLiteral("flaky")), StepState::RetryWait);
        QCOMPARE(h.step(id, QStringLiteral("flaky")).dueAt, t0 + 4000 + 5000); // 9000 capped at 5000
        clock.advance(5000);
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("flaky")).attempt, 4);
    }

    void backoffArithmetic()
    {
        RetryPolicy p;
        p.initialIntervalMs = 100;
        p.backoff = 2;
        p.maxIntervalMs = 1000;
        QCOMPARE(p.delayBefore(2), 100);
        QCOMPARE(p.delayBefore(3), 200);
        QCOMPARE(p.delayBefore(5), 800);
        QCOMPARE(p.delayBefore(6), 1000);
        QCOMPARE(p.delayBefore(60), 1000);
        QVERIFY(!p.retries(ErrorKind::Permanent));
        QVERIFY(p.retries(ErrorKind::Timeout));
    }

    void nonRetryableErrorsFailAtOnce()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "permanent", "version": 1, "steps": [
            {"id": "bad", "action": "test.fail", "with": {"kind": "permanent"}, "retry": {"maxAttempts": 5, "initialIntervalMs": 1}},
            {"id": "never", "action": "test.noop", "after": ["bad"]}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        const StepInfo bad = h.step(id, QStringLiteral("bad"));
        QCOMPARE(bad.state, StepState::Failed);
        QCOMPARE(bad.attempt, 1);
        QCOMPARE(bad.errorKind, QStringLiteral("permanent"));
        QCOMPARE(h.stepState(id, QStringLiteral("never")), StepState::Pending);
        QVERIFY(h.runtime->workflow(id)->error.contains(QStringLiteral("bad")));
    }

    void attemptsTimeOut()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "slow", "version": 1, "steps": [
            {"id": "slow", "action": "test.sleep", "with": {"ms": 20000}, "timeoutMs": 100,
             "retry": {"maxAttempts": 2, "initialIntervalMs": 10}}]})"));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Failed, 10000);
        const StepInfo slow = h.step(id, QStringLiteral("slow"));
        QCOMPARE(slow.attempt, 2);
        QCOMPARE(slow.errorKind, QStringLiteral("timeout"));
    }

    void overallTimeoutStopsRetries()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "overall", "version": 1, "steps": [
            {"id": "s", "action": "test.fail", "overallTimeoutMs": 10000,
             "retry": {"maxAttempts": 1000, "initialIntervalMs": 4000, "backoff": 1}}]})"));
        // Attempts at 0, 4 and 8 s fail within the overall timeout and are retried.
        for (int attempt = 1; attempt <= 3; ++attempt) {
            QTRY_COMPARE(h.step(id, QStringLiteral("s")).attempt, attempt);
            QTRY_COMPARE(h.stepState(id, QStringLiteral("s")), StepState::RetryWait);
            clock.advance(4000);
            h.engine->wake();
        }
        // The one at 12 s is past it: no retry, though attempts remain.
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        const StepInfo s = h.step(id, QStringLiteral("s"));
        QCOMPARE(s.attempt, 4);
        QVERIFY2(s.error.contains(QStringLiteral("overall timeout of 10000 ms")), qPrintable(s.error));
    }

    void pauseThenContinue()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "pausing", "version": 1, "steps": [
            {"id": "flaky", "action": "test.fail", "with": {"times": 1}, "onError": {"policy": "pause", "notify": ["support"]}},
            {"id": "after", "action": "test.noop", "after": ["flaky"]}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        QCOMPARE(h.stepState(id, QStringLiteral("flaky")), StepState::Paused);
        auto log = h.runtime->log(id, QStringLiteral("flaky"));
        QVERIFY(std::any_of(log->begin(), log->end(), [](const LogLine &l) {
            return l.kind == LogKind::Notify && l.message.startsWith(QStringLiteral("support:"));
        }));
        QVERIFY(h.runtime->resume(id, QStringLiteral("carol"), QStringLiteral("fixed the template")));
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("flaky")).attempt, 2);
        auto trail = h.ordo->audit().entries(std::nullopt, QStringLiteral("workflow"), QString::number(id));
        QVERIFY(std::any_of(trail->begin(), trail->end(), [](const AuditEntry &e) {
            return e.action == QLatin1String("continue") && e.actor == QLatin1String("carol") && e.reason == QLatin1String("fixed the template");
        }));
    }

    void continueGivesAFreshRetryBudget()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "budget", "version": 1, "steps": [
            {"id": "flaky", "action": "test.fail", "with": {"times": 4}, "onError": "pause",
             "retry": {"maxAttempts": 2, "initialIntervalMs": 1000}}]})"));
        // Two attempts, then the budget is spent.
        QTRY_COMPARE(h.stepState(id, QStringLiteral("flaky")), StepState::RetryWait);
        clock.advance(1000);
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        QCOMPARE(h.step(id, QStringLiteral("flaky")).attempt, 2);
        // Continued: two attempts again, the first of them retried.
        QVERIFY(h.runtime->resume(id, QStringLiteral("carol"), QStringLiteral("fixed the network")));
        h.engine->wake();
        QTRY_COMPARE(h.step(id, QStringLiteral("flaky")).attempt, 3);
        QTRY_COMPARE(h.stepState(id, QStringLiteral("flaky")), StepState::RetryWait);
        clock.advance(1000);
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        QCOMPARE(h.step(id, QStringLiteral("flaky")).attempt, 4);
        QVERIFY(h.runtime->resume(id, QStringLiteral("carol"), QStringLiteral("fixed it for good")));
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("flaky")).attempt, 5);
    }

    void failuresAreMailedOncePerAttempt()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        const auto acme = h.ordo->accounts().createTenant(QStringLiteral("acme"), QStringLiteral("Acme"), {});
        QVERIFY(acme);
        QVERIFY(h.ordo->accounts().createUser(QStringLiteral("sue"), QStringLiteral("Sue Support"), QStringLiteral("sue@acme.example"),
                                              QStringLiteral("pw")));
        QVERIFY(h.ordo->accounts().grant(QStringLiteral("sue"), QStringLiteral("acme"), Role::Support));
        const auto mails = [&] {
            auto entries = h.ordo->outbox().entries();
            if (!entries)
                QTest::qFail(qPrintable(entries.error().message), __FILE__, __LINE__);
            return entries ? *entries : QList<OutboxEntry>();
        };
        h.startEngine();
        // acme's workflow: its support hears of it.
        const auto started = h.runtime->start(json(R"({"name": "noisy", "version": 1, "steps": [
            {"id": "deploy", "action": "test.fail", "onError": {"policy": "pause", "notify": ["support"]},
             "retry": {"maxAttempts": 2, "initialIntervalMs": 1000}}]})"), {}, QStringLiteral("tester"), std::nullopt, *acme);
        QVERIFY(started);
        const qint64 id = *started;
        h.engine->wake();
        // A failure that is retried is nobody's business yet.
        QTRY_COMPARE(h.stepState(id, QStringLiteral("deploy")), StepState::RetryWait);
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(mails().size(), 0);
        for (int round = 1; round <= 2; ++round) {
            clock.advance(1000);
            h.engine->wake();
            QTRY_COMPARE(h.state(id), WorkflowState::Paused);
            QVERIFY(h.engineCaughtUp());
            // One mail per attempt that failed for good, this one's among them.
            const QList<OutboxEntry> sent = mails();
            QCOMPARE(sent.size(), round);
            const int attempt = h.step(id, QStringLiteral("deploy")).attempt;
            QCOMPARE(attempt, 2 * round);
            QCOMPARE(sent.last().message.to, QStringList{QStringLiteral("sue@acme.example")});
            QVERIFY2(sent.last().message.body.contains(QStringLiteral("attempt %1 of").arg(attempt)), qPrintable(sent.last().message.body));
            if (round == 1) {
                QVERIFY(h.runtime->resume(id, QStringLiteral("carol"), QStringLiteral("try again")));
                h.engine->wake();
                QTRY_COMPARE(h.step(id, QStringLiteral("deploy")).attempt, 3);
                QTRY_COMPARE(h.stepState(id, QStringLiteral("deploy")), StepState::RetryWait);
            }
        }
    }

    void continuePolicyGoesOn()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "tolerant", "version": 1, "onError": "continue", "steps": [
            {"id": "optional", "action": "test.fail"},
            {"id": "after", "action": "test.noop", "after": ["optional"]}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.stepState(id, QStringLiteral("optional")), StepState::Failed);
        QCOMPARE(h.stepState(id, QStringLiteral("after")), StepState::Succeeded);
    }

    void rollbackCompensatesInReverse()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "undo", "version": 1, "steps": [
            {"id": "a", "action": "test.echo", "with": {"made": "A"}, "compensate": {"action": "test.echo", "with": {"undo": "${steps.a.outputs.made}"}}},
            {"id": "b", "action": "test.echo", "after": ["a"], "compensate": {"action": "test.noop"}},
            {"id": "side", "action": "test.noop", "after": ["a"]},
            {"id": "c", "action": "test.echo", "after": ["b"], "compensate": {"action": "test.noop"}},
            {"id": "boom", "action": "test.fail", "after": ["c", "side"], "onError": "rollback"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::RolledBack);
        for (const char *key : {"a", "b", "c"})
            QCOMPARE(h.stepState(id, QString::fromLatin1(key)), StepState::Compensated);
        QCOMPARE(h.stepState(id, QStringLiteral("side")), StepState::Succeeded); // nothing to undo
        const StepInfo ca = h.step(id, QStringLiteral("a"), StepKind::Compensation);
        const StepInfo cb = h.step(id, QStringLiteral("b"), StepKind::Compensation);
        const StepInfo cc = h.step(id, QStringLiteral("c"), StepKind::Compensation);
        QVERIFY(cc.finishedAt <= cb.startedAt);
        QVERIFY(cb.finishedAt <= ca.startedAt);
        QCOMPARE(ca.outputs.value(QStringLiteral("undo")).toString(), QStringLiteral("A"));
        // Watchers tell a step from its compensation by the event's kind, the key is the step's.
        const auto compensated = [&](const char *key) {
            return std::any_of(h.events.begin(), h.events.end(), [&](const EngineEvent &e) {
                return e.workflowId == id && e.kind == EngineEvent::Kind::Step && e.stepKey == QLatin1String(key)
                       && e.stepKind == StepKind::Compensation && e.stepState == StepState::Succeeded;
            });
        };
        QTRY_VERIFY(compensated("a") && compensated("b") && compensated("c"));
    }

    // A shared database's rules read a step's tenant from the step: its
    // compensations carry the workflow's tenant as its steps do.
    void everyStepCarriesItsWorkflowsTenant()
    {
        EngineHarness h;
        h.startEngine();
        const auto acme = h.ordo->accounts().createTenant(QStringLiteral("acme"), QStringLiteral("Acme"), {});
        QVERIFY(acme);
        const auto id = h.runtime->start(json(R"({"name": "tenantundo", "version": 1, "steps": [
            {"id": "a", "action": "test.noop", "compensate": {"action": "test.noop"}},
            {"id": "boom", "action": "test.fail", "after": ["a"], "onError": "rollback"}]})"),
                                         {}, QStringLiteral("tester"), std::nullopt, *acme);
        QVERIFY(id);
        h.engine->wake();
        QTRY_COMPARE(h.state(*id), WorkflowState::RolledBack);
        auto q = OrdoInternals::database(*h.ordo).exec(
            QStringLiteral("SELECT kind, COUNT(*), SUM(CASE WHEN tenant_id = ? THEN 1 ELSE 0 END) FROM steps WHERE workflow_id = ? GROUP BY kind ORDER BY kind"),
            {qint64(*acme), *id});
        QVERIFY(q);
        QStringList rows;
        while (q->next())
            rows.append(QStringLiteral("%1 %2 of %3").arg(q->value(0).toString()).arg(q->value(2).toLongLong()).arg(q->value(1).toLongLong()));
        QCOMPARE(rows, (QStringList{QStringLiteral("compensation 1 of 1"), QStringLiteral("step 2 of 2")}));
    }

    void supportRollsBackByHand()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "handundo", "version": 1, "steps": [
            {"id": "a", "action": "test.noop", "compensate": {"action": "test.noop"}},
            {"id": "b", "action": "test.fail", "after": ["a"], "onError": "pause"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        QVERIFY(rollBack(h, id, QStringLiteral("customer withdrew")));
        QTRY_COMPARE(h.state(id), WorkflowState::RolledBack);
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Compensated);
        QCOMPARE(h.stepState(id, QStringLiteral("b")), StepState::Cancelled);
    }

    void pauseLetsTheRunningAttemptFinishAndStartsNothing()
    {
        EngineHarness h;
        auto gate = std::make_shared<HoldAction::Gate>();
        h.actions->add(std::make_shared<HoldAction>(gate));
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "pauseme", "version": 1, "steps": [
            {"id": "a", "action": "test.hold"},
            {"id": "b", "action": "test.noop", "after": ["a"]}]})"));
        QTRY_COMPARE(h.stepState(id, QStringLiteral("a")), StepState::Running);
        QVERIFY(h.runtime->pause(id, QStringLiteral("carol"), QStringLiteral("maintenance window")));
        gate->released.release();
        QTRY_COMPARE(h.stepState(id, QStringLiteral("a")), StepState::Succeeded);
        QCOMPARE(h.stepState(id, QStringLiteral("b")), StepState::Ready);
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(h.stepState(id, QStringLiteral("b")), StepState::Ready);
        QCOMPARE(h.state(id), WorkflowState::Paused);
        QVERIFY(h.runtime->resume(id, QStringLiteral("carol"), QStringLiteral("window over")));
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
    }

    void retryWithEditedInputs()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "editme", "version": 1, "steps": [
            {"id": "a", "action": "test.fail", "with": {"times": 100, "kind": "transient"}, "editable": ["times"]},
            {"id": "b", "action": "test.echo", "after": ["a"], "with": {"attempt": "${steps.a.outputs.attempt}"}}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        // What a retry may change: the editable input only, typed as the action takes it, at the value it ran with.
        const auto schema = h.runtime->retrySchema(id, QStringLiteral("a"));
        QVERIFY(schema);
        QCOMPARE(schema->parameters().size(), 1);
        QCOMPARE(schema->parameters().first().name, QStringLiteral("times"));
        QCOMPARE(schema->parameters().first().type, Parameter::Type::Integer);
        QCOMPARE(schema->parameters().first().defaultValue.toLongLong(), 100);
        QCOMPARE(h.runtime->retrySchema(id, QStringLiteral("b"))->parameters().size(), 0);
        QVERIFY(!h.runtime->retrySchema(id, QStringLiteral("a"), id + 1000));
        QVERIFY(!h.runtime->retrySchema(id, QStringLiteral("nothere")));
        auto wrong = h.runtime->retryStep(id, QStringLiteral("a"), {{QStringLiteral("colour"), 1}}, QStringLiteral("carol"), QStringLiteral("x"));
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, ErrorCode::BadInput);
        // An input the action takes, but the definition does not hand to support.
        auto notListed = h.runtime->retryStep(id, QStringLiteral("a"), {{QStringLiteral("kind"), QStringLiteral("transient")}},
                                              QStringLiteral("carol"), QStringLiteral("x"));
        QVERIFY(!notListed);
        QCOMPARE(notListed.error().code, ErrorCode::NotPermitted);
        QVERIFY2(notListed.error().message.contains(QStringLiteral("'kind'")), qPrintable(notListed.error().message));
        // An editable input checked against the action's schema.
        auto mistyped = h.runtime->retryStep(id, QStringLiteral("a"), {{QStringLiteral("times"), QStringLiteral("none")}},
                                             QStringLiteral("carol"), QStringLiteral("x"));
        QVERIFY(!mistyped);
        QCOMPARE(mistyped.error().code, ErrorCode::BadInput);
        QVERIFY2(mistyped.error().message.contains(QStringLiteral("integer")), qPrintable(mistyped.error().message));
        QVERIFY2(mistyped.error().message.contains(QStringLiteral("'times'")), qPrintable(mistyped.error().message));
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Failed);
        QVERIFY(h.runtime->retryStep(id, QStringLiteral("a"), {{QStringLiteral("times"), 0}}, QStringLiteral("carol"), QStringLiteral("fewer failures")));
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("a")).inputs.value(QStringLiteral("times")).toInt(), 0);
        QCOMPARE(h.step(id, QStringLiteral("b")).outputs.value(QStringLiteral("attempt")).toInt(), 2);
    }

    void everyAttemptIsKept()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "attempts", "version": 1, "steps": [
            {"id": "a", "action": "test.fail", "with": {"times": 100}, "editable": ["times"],
             "retry": {"maxAttempts": 2, "initialIntervalMs": 1}}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        QVERIFY(h.runtime->retryStep(id, QStringLiteral("a"), {{QStringLiteral("times"), 0}}, QStringLiteral("carol"), QStringLiteral("fewer failures")));
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);

        const auto attempts = h.runtime->attempts(id, QStringLiteral("a"));
        QVERIFY(attempts);
        QCOMPARE(attempts->size(), 3);
        for (int i = 0; i < 2; ++i) {
            const StepAttempt &failed = attempts->at(i);
            QCOMPARE(failed.attempt, i + 1);
            QCOMPARE(failed.outcome, StepAttempt::Outcome::Failed);
            QCOMPARE(failed.inputs.value(QStringLiteral("times")).toInt(), 100);
            QVERIFY2(failed.error.contains(QStringLiteral("attempt %1 of 100").arg(i + 1)), qPrintable(failed.error));
            QCOMPARE(failed.errorKind, QStringLiteral("transient"));
            QVERIFY(failed.outputs.isEmpty());
            QVERIFY(failed.startedAt > 0 && failed.finishedAt >= failed.startedAt);
        }
        const StepAttempt &edited = attempts->at(2);
        QCOMPARE(edited.attempt, 3);
        QCOMPARE(edited.outcome, StepAttempt::Outcome::Succeeded);
        QCOMPARE(edited.inputs.value(QStringLiteral("times")).toInt(), 0);
        QCOMPARE(edited.outputs.value(QStringLiteral("attempt")).toInt(), 3);
        QVERIFY(edited.error.isEmpty());
        // Of another tenant's workflow, nothing is told.
        const auto acme = h.ordo->accounts().createTenant(QStringLiteral("acme"), QStringLiteral("Acme"), {});
        QVERIFY(acme);
        QCOMPARE(h.runtime->attempts(id, QStringLiteral("a"), *acme).error().code, ErrorCode::NotFound);
    }

    // Steps, the log and the attempts keep text as it came, whatever it holds:
    // PostgreSQL receives them as array literals, where quotes, backslashes,
    // braces, commas and the word NULL mean something.
    void stepsLogAndAttemptsKeepTextAsItCame()
    {
        EngineHarness h;
        h.startEngine();
        const QString tricky = QStringLiteral(R"(a "quoted" \back\slash\ {braces}, NULL, 'single' ü)");
        QJsonObject inputs{{QStringLiteral("text"), tricky}, {QStringLiteral("null"), QStringLiteral("NULL")}};
        const QJsonArray steps{
            QJsonObject{{QStringLiteral("id"), QStringLiteral("echo")}, {QStringLiteral("action"), QStringLiteral("test.echo")}, {QStringLiteral("with"), inputs}},
            QJsonObject{{QStringLiteral("id"), QStringLiteral("fail")},
                        {QStringLiteral("action"), QStringLiteral("test.fail")},
                        {QStringLiteral("after"), QJsonArray{QStringLiteral("echo")}},
                        // Read back from the first step's stored outputs.
                        {QStringLiteral("with"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("${steps.echo.outputs.text}")}}}}};
        const QJsonObject definition{{QStringLiteral("name"), QStringLiteral("text")}, {QStringLiteral("version"), 1}, {QStringLiteral("steps"), steps}};
        const qint64 id = h.start(QJsonDocument(definition).toJson());
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);

        const auto echoed = h.runtime->attempts(id, QStringLiteral("echo"));
        QVERIFY(echoed);
        QCOMPARE(echoed->size(), 1);
        QCOMPARE(echoed->first().inputs, inputs);
        QCOMPARE(echoed->first().outputs, inputs);
        QVERIFY(echoed->first().error.isNull());
        QVERIFY(echoed->first().errorKind.isNull());
        const auto failed = h.runtime->attempts(id, QStringLiteral("fail"));
        QVERIFY(failed);
        QCOMPARE(failed->size(), 1);
        QVERIFY2(failed->first().error.contains(QLatin1Char('\'') + tricky + QLatin1Char('\'')), qPrintable(failed->first().error));
        QCOMPARE(failed->first().errorKind, QStringLiteral("bad-input"));
        QVERIFY(failed->first().outputs.isEmpty());
        const auto log = h.runtime->log(id, QStringLiteral("fail"));
        QVERIFY(log);
        QVERIFY(std::any_of(log->cbegin(), log->cend(), [&](const LogLine &l) {
            return l.message == QStringLiteral("running -> failed: ") + failed->first().error;
        }));
    }

    void aSkipIsAnAttemptWithItsOutputs()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "skipped", "version": 1, "steps": [
            {"id": "register", "action": "test.fail", "onError": "pause"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        QVERIFY(h.runtime->skipStep(id, QStringLiteral("register"), {{QStringLiteral("ticket"), QStringLiteral("CHG-42")}},
                                    QStringLiteral("carol"), QStringLiteral("registered by hand")));
        const auto attempts = h.runtime->attempts(id, QStringLiteral("register"));
        QVERIFY(attempts);
        QCOMPARE(attempts->size(), 2);
        QCOMPARE(attempts->at(0).outcome, StepAttempt::Outcome::Failed);
        QCOMPARE(attempts->at(1).attempt, 2);
        QCOMPARE(attempts->at(1).outcome, StepAttempt::Outcome::Skipped);
        QCOMPARE(attempts->at(1).outputs.value(QStringLiteral("ticket")).toString(), QStringLiteral("CHG-42"));
    }

    // A step's attempt that succeeded is kept in the step's row, not in a row of
    // its own, until a compensation changes the row: then it is kept apart.
    void aSucceededAttemptOutlivesItsStepsUndoing()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "undone", "version": 1, "steps": [
            {"id": "a", "action": "test.echo", "with": {"made": "A"}, "compensate": {"action": "test.noop"}},
            {"id": "b", "action": "test.fail", "after": ["a"], "onError": "pause"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        const StepInfo a = h.step(id, QStringLiteral("a"));
        QCOMPARE(attemptsKeptApart(h, id, QStringLiteral("a")), qint64(0));
        QCOMPARE(attemptsOf(h, id, QStringLiteral("a")), QStringList{QStringLiteral("step 1 succeeded")});
        const auto isAs = [&](const StepAttempt &t) {
            QCOMPARE(t.inputs, a.inputs);
            QCOMPARE(t.outputs, (QJsonObject{{QStringLiteral("made"), QStringLiteral("A")}}));
            QCOMPARE(t.startedAt, a.startedAt);
            QCOMPARE(t.finishedAt, a.finishedAt);
        };
        isAs(h.runtime->attempts(id, QStringLiteral("a"))->first());

        QVERIFY(rollBack(h, id, QStringLiteral("customer withdrew")));
        QTRY_COMPARE(h.state(id), WorkflowState::RolledBack);
        QCOMPARE(attemptsOf(h, id, QStringLiteral("a")), (QStringList{QStringLiteral("step 1 succeeded"), QStringLiteral("compensation 1 succeeded")}));
        QCOMPARE(attemptsKeptApart(h, id, QStringLiteral("a")), qint64(1));
        // The row's finish is now its compensation's; the attempt keeps its own.
        QVERIFY(h.step(id, QStringLiteral("a")).finishedAt >= a.finishedAt);
        isAs(h.runtime->attempts(id, QStringLiteral("a"))->first());
    }

    // A compensation that fails for good leaves the rollback incomplete: the
    // step it was to undo stands, the compensations still to come are cancelled
    // (nothing undoes a step while nobody rolls back), and support may roll back
    // again. The step's attempt is kept once however often that happens.
    void aCompensationThatFailsLeavesTheStepStanding()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "stands", "version": 1, "steps": [
            {"id": "a", "action": "test.noop", "compensate": {"action": "test.noop"}},
            {"id": "y", "action": "test.noop", "after": ["a"], "compensate": {"action": "test.fail", "with": {"kind": "permanent"}}},
            {"id": "b", "action": "test.fail", "after": ["y"], "onError": "pause"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        for (int round = 1; round <= 2; ++round) {
            QVERIFY(rollBack(h, id, QStringLiteral("round %1").arg(round)));
            QTRY_COMPARE(h.state(id), WorkflowState::Failed);
            QCOMPARE(h.stepState(id, QStringLiteral("y")), StepState::Succeeded);
            QCOMPARE(h.step(id, QStringLiteral("y"), StepKind::Compensation).state, StepState::Failed);
            // a's compensation waited for y's: it never runs, and a stands too.
            QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Succeeded);
            QCOMPARE(h.step(id, QStringLiteral("a"), StepKind::Compensation).state, StepState::Cancelled);
            const auto steps = h.runtime->steps(id);
            QVERIFY(steps);
            for (const StepInfo &s : *steps)
                QVERIFY2(isTerminal(s.state) || s.state == StepState::Succeeded, qPrintable(s.key + QLatin1Char(' ') + stepStateName(s.state)));
        }
        const auto log = h.runtime->log(id);
        QVERIFY(log);
        QCOMPARE(std::count_if(log->cbegin(), log->cend(),
                               [](const LogLine &l) { return l.message.contains(QLatin1String("the rollback is incomplete: compensating 'y' failed")); }),
                 2);
        // Each success told once: y's written out when its first compensation changed its
        // row (a shared database), a's still in its row, which no compensation changed.
        for (const char *key : {"a", "y"})
            QCOMPARE(std::count_if(log->cbegin(), log->cend(), [key](const LogLine &l) {
                         return l.stepKey == QLatin1String(key) && l.message == QLatin1String("running -> succeeded");
                     }),
                     1);
        // Each rollback starts the compensation afresh, so each is its attempt 1.
        QCOMPARE(attemptsOf(h, id, QStringLiteral("y")), (QStringList{QStringLiteral("step 1 succeeded"), QStringLiteral("compensation 1 failed"),
                                                                      QStringLiteral("compensation 1 failed")}));
        QCOMPARE(attemptsKeptApart(h, id, QStringLiteral("y")), qint64(3));
    }

    // When a rollback ends incomplete while another compensation still runs (asked
    // to stop, it may yet undo its step), a new rollback waits until it has ended.
    void aRollbackWaitsForTheLastOnesCompensations()
    {
        auto stuck = std::make_shared<StuckAction::State>();
        const auto letGo = qScopeGuard([stuck] { stuck->release.release(); });
        EngineHarness h;
        h.actions->add(std::make_shared<StuckAction>(QStringLiteral("test.stuck"), stuck));
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "overlap", "version": 1, "steps": [
            {"id": "a", "action": "test.noop", "compensate": {"action": "test.noop"}},
            {"id": "x", "action": "test.noop", "after": ["a"], "compensate": {"action": "test.stuck"}},
            {"id": "y", "action": "test.noop", "after": ["a"], "compensate": {"action": "test.fail", "with": {"kind": "permanent"}}},
            {"id": "b", "action": "test.fail", "after": ["x", "y"], "onError": "pause"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        QVERIFY(rollBack(h, id, QStringLiteral("first")));
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        QTRY_COMPARE(stuck->started.load(), 1);
        QCOMPARE(h.step(id, QStringLiteral("x"), StepKind::Compensation).state, StepState::Running);
        const Status refused = h.runtime->rollback(id, QStringLiteral("carol"), QStringLiteral("too soon"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QVERIFY2(refused.error().message.contains(QStringLiteral("the compensation of step 'x' is still running")), qPrintable(refused.error().message));
        QCOMPARE(h.state(id), WorkflowState::Failed);

        stuck->release.release();
        QTRY_COMPARE(h.stepState(id, QStringLiteral("x")), StepState::Compensated);
        QVERIFY(rollBack(h, id, QStringLiteral("once it ended")));
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Succeeded);
        QCOMPARE(h.stepState(id, QStringLiteral("y")), StepState::Succeeded);
    }

    // An incomplete rollback that undid a step: retried or skipped, the step that
    // failed would take the workflow forward to succeed without the step undone.
    // Support rolls back again instead; with nothing undone, a retry goes forward.
    void aWorkflowUndoneInPartGoesNoFurtherForward()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "inpart", "version": 1, "steps": [
            {"id": "x", "action": "test.noop", "compensate": {"action": "test.noop"}},
            {"id": "y", "action": "test.noop", "compensate": {"action": "test.fail", "with": {"kind": "permanent"}}},
            {"id": "b", "action": "test.fail", "after": ["x", "y"], "onError": "pause"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        QVERIFY(rollBack(h, id, QStringLiteral("customer withdrew")));
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        QCOMPARE(h.stepState(id, QStringLiteral("x")), StepState::Compensated);
        QCOMPARE(h.stepState(id, QStringLiteral("y")), StepState::Succeeded);
        const QString failed = stepStateName(h.stepState(id, QStringLiteral("b")));

        const Status retried = h.runtime->retryStep(id, QStringLiteral("b"), {}, QStringLiteral("carol"), QStringLiteral("forward"));
        QVERIFY(!retried);
        QCOMPARE(retried.error().code, ErrorCode::Conflict);
        QVERIFY2(retried.error().message.contains(QStringLiteral("rolled back in part (step 'x' is compensated)")), qPrintable(retried.error().message));
        const Status skipped = h.runtime->skipStep(id, QStringLiteral("b"), {}, QStringLiteral("carol"), QStringLiteral("forward"));
        QVERIFY(!skipped);
        QCOMPARE(skipped.error().code, ErrorCode::Conflict);
        const auto allowed = h.runtime->allowedOperations(id, QStringLiteral("b"));
        QVERIFY(allowed);
        QVERIFY(!allowed->contains(SupportOperation::Retry));
        QVERIFY(!allowed->contains(SupportOperation::Skip));
        QVERIFY(allowed->contains(SupportOperation::Rollback));
        QCOMPARE(h.state(id), WorkflowState::Failed);
        QCOMPARE(stepStateName(h.stepState(id, QStringLiteral("b"))), failed);

        // A rollback that undid nothing (its only compensation failed): the step
        // that failed may still be retried.
        const qint64 stands = h.start(json(R"({"name": "noneundone", "version": 1, "steps": [
            {"id": "y", "action": "test.noop", "compensate": {"action": "test.fail", "with": {"kind": "permanent"}}},
            {"id": "b", "action": "test.fail", "after": ["y"], "onError": "pause"}]})"));
        QTRY_COMPARE(h.state(stands), WorkflowState::Paused);
        QVERIFY(rollBack(h, stands, QStringLiteral("customer withdrew")));
        QTRY_COMPARE(h.state(stands), WorkflowState::Failed);
        const auto offered = h.runtime->allowedOperations(stands, QStringLiteral("b"));
        QVERIFY(offered);
        QVERIFY(offered->contains(SupportOperation::Retry));
        QVERIFY(h.runtime->retryStep(stands, QStringLiteral("b"), {}, QStringLiteral("carol"), QStringLiteral("forward after all")));
    }

    // A step that failed under `continue` in a workflow that then succeeded is not
    // retried: nothing would run it there, and the retry would wait for good.
    void aStepOfAWorkflowThatSucceededIsNotRetried()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "goeson", "version": 1, "steps": [
            {"id": "a", "action": "test.fail", "with": {"kind": "permanent"}, "onError": "continue"},
            {"id": "b", "action": "test.noop"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Failed);
        const Status retried = h.runtime->retryStep(id, QStringLiteral("a"), {}, QStringLiteral("carol"), QStringLiteral("once more"));
        QVERIFY(!retried);
        QCOMPARE(retried.error().code, ErrorCode::Conflict);
        QVERIFY2(retried.error().message.contains(QStringLiteral("is succeeded: its steps are not retried")), qPrintable(retried.error().message));
        const auto allowed = h.runtime->allowedOperations(id, QStringLiteral("a"));
        QVERIFY(allowed);
        QVERIFY(!allowed->contains(SupportOperation::Retry));
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Failed);
    }

    // After an incomplete rollback, a second one whose compensation succeeds:
    // the success is told beside the earlier failure of the same attempt number.
    void aCompensationThatSucceedsAtLastIsTold()
    {
        EngineHarness h;
        // The compensation fails until support mends what it calls.
        auto broken = std::make_shared<std::atomic_bool>(true);
        h.actions->add(std::make_shared<BrokenUntilMended>(broken));
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "atlast", "version": 1, "steps": [
            {"id": "a", "action": "test.noop", "compensate": {"action": "test.broken"}},
            {"id": "b", "action": "test.fail", "after": ["a"], "onError": "pause"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        QVERIFY(rollBack(h, id, QStringLiteral("first")));
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        broken->store(false);
        QVERIFY(rollBack(h, id, QStringLiteral("fixed")));
        QTRY_COMPARE(h.state(id), WorkflowState::RolledBack);
        QCOMPARE(attemptsOf(h, id, QStringLiteral("a")), (QStringList{QStringLiteral("step 1 succeeded"), QStringLiteral("compensation 1 failed"),
                                                                      QStringLiteral("compensation 1 succeeded")}));
    }

    // A shared database keeps a success's line in its step's row until a
    // compensation changes the row; readers see one log either way: each line
    // once, in order, with the seq and time it had, whether they read it whole,
    // a page at a time, one step's, or on from where they stopped.
    void aSuccessLineReadsTheSameWhereverItIsKept()
    {
        EngineHarness h;
        h.actions->add(std::make_shared<TalkingAction>());
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "told", "version": 1, "steps": [
            {"id": "a", "action": "test.talk", "compensate": {"action": "test.noop"}},
            {"id": "b", "action": "test.noop", "after": ["a"], "compensate": {"action": "test.noop"}},
            {"id": "c", "action": "test.fail", "after": ["b"], "onError": "pause"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        const auto before = h.runtime->log(id);
        QVERIFY(before);
        const QStringList whole = told(*before);
        for (qsizetype i = 1; i < before->size(); ++i)
            QVERIFY2(before->at(i - 1).seq < before->at(i).seq, qPrintable(whole.join(QLatin1Char('\n'))));
        // A step's own lines come before its success.
        QStringList saidByA;
        for (const LogLine &l : *before)
            if (l.stepKey == QLatin1String("a"))
                saidByA.append(l.message);
        QCOMPARE(saidByA, (QStringList{QStringLiteral("said one"), QStringLiteral("said two"), QStringLiteral("running -> succeeded")}));
        const auto bSucceeded = std::find_if(before->cbegin(), before->cend(), [](const LogLine &l) {
            return l.stepKey == QLatin1String("b") && l.message == QLatin1String("running -> succeeded");
        });
        QVERIFY(bSucceeded != before->cend());
        QCOMPARE(bSucceeded->at, h.step(id, QStringLiteral("b")).finishedAt);
        // On a shared database the row implies b's line; a's waited behind a's own lines and is written.
        QCOMPARE(storedSuccessLines(h, id, QStringLiteral("b")), qint64(TestEnvironment::isPostgres() ? 0 : 1));
        QCOMPARE(storedSuccessLines(h, id, QStringLiteral("a")), qint64(1));
        // A page at a time, as the console reads it, and one step's lines.
        QList<LogLine> paged;
        for (qint64 cursor = 0;;) {
            const auto page = h.runtime->log(id, {}, cursor, std::nullopt, 1);
            QVERIFY(page);
            if (page->isEmpty())
                break;
            QCOMPARE(page->size(), 1);
            paged.append(page->first());
            cursor = page->first().seq;
        }
        QCOMPARE(told(paged), whole);
        const auto ofB = h.runtime->log(id, QStringLiteral("b"));
        QVERIFY(ofB);
        QCOMPARE(told(*ofB), told(QList<LogLine>{*bSucceeded}));

        QVERIFY(rollBack(h, id, QStringLiteral("undo")));
        QTRY_COMPARE(h.state(id), WorkflowState::RolledBack);
        const auto after = h.runtime->log(id);
        QVERIFY(after);
        // What was read stays as it was read, and what follows comes after it.
        QCOMPARE(told(after->mid(0, before->size())), whole);
        const auto onward = h.runtime->log(id, {}, before->last().seq);
        QVERIFY(onward);
        QCOMPARE(told(*onward), told(after->mid(before->size())));
        QVERIFY(std::none_of(onward->cbegin(), onward->cend(), [](const LogLine &l) { return l.message == QLatin1String("running -> succeeded")
                                                                                                   && (l.stepKey == QLatin1String("a") || l.stepKey == QLatin1String("b")); }));
        // The compensation changed b's row: its line is written out, once.
        QCOMPARE(storedSuccessLines(h, id, QStringLiteral("b")), qint64(1));
        QCOMPARE(compensationOrder(h, id), (QStringList{QStringLiteral("b"), QStringLiteral("a")}));
        const auto bAndItsUndoing = h.runtime->log(id, QStringLiteral("b"));
        QVERIFY(bAndItsUndoing);
        QStringList labels;
        for (const LogLine &l : *bAndItsUndoing)
            labels.append(l.stepKey + QStringLiteral(": ") + l.message);
        QCOMPARE(labels, (QStringList{QStringLiteral("b: running -> succeeded"), QStringLiteral("b: succeeded -> compensating"),
                                      QStringLiteral("b (compensation): running -> succeeded"), QStringLiteral("b: compensating -> compensated")}));
    }

    // A database written before succeeded attempts stayed in their rows kept
    // each one apart: it is told once, not once more from the row.
    void anAttemptKeptApartBeforeIsToldOnce()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "older", "version": 1, "steps": [{"id": "a", "action": "test.noop"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        const StepInfo a = h.step(id, QStringLiteral("a"));
        QVERIFY(OrdoInternals::database(*h.ordo).exec(
            QStringLiteral("INSERT INTO step_attempts(workflow_id, step_key, kind, attempt, state, inputs, outputs, started_at, finished_at)"
                           " VALUES (?, 'a', 'step', 1, 'succeeded', '{}', '{}', ?, ?)"),
            {id, a.startedAt, a.finishedAt}));
        const auto attempts = h.runtime->attempts(id, QStringLiteral("a"));
        QVERIFY(attempts);
        QCOMPARE(attempts->size(), 1);
        QCOMPARE(attempts->first().outcome, StepAttempt::Outcome::Succeeded);
        QCOMPARE(attempts->first().finishedAt, a.finishedAt);
    }

    void aRollbackDoesWhatItsPreviewSaid()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "previewundo", "version": 1, "steps": [
            {"id": "a", "action": "test.noop", "compensate": {"action": "test.noop"}},
            {"id": "b", "action": "test.noop", "after": ["a"], "compensate": {"action": "test.noop"}},
            {"id": "side", "action": "test.noop", "after": ["a"]},
            {"id": "c", "action": "test.noop", "after": ["b"], "compensate": {"action": "test.noop"}},
            {"id": "boom", "action": "test.fail", "after": ["c", "side"], "onError": "pause"},
            {"id": "later", "action": "test.noop", "after": ["boom"]}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        const auto allowed = h.runtime->allowedOperations(id);
        QVERIFY(allowed);
        QCOMPARE(*allowed, (QList<SupportOperation>{SupportOperation::Continue, SupportOperation::Rollback, SupportOperation::Cancel}));
        const auto preview = h.runtime->preview(id, SupportOperation::Rollback);
        QVERIFY(preview);
        QCOMPARE(effects(*preview).join(QStringLiteral(", ")), QStringLiteral("cancel boom, cancel later, compensate c, compensate b, compensate a"));

        QVERIFY(rollBack(h, id, QStringLiteral("customer withdrew")));
        QTRY_COMPARE(h.state(id), WorkflowState::RolledBack);
        QCOMPARE(h.stepState(id, QStringLiteral("boom")), StepState::Cancelled);
        QCOMPARE(h.stepState(id, QStringLiteral("later")), StepState::Cancelled);
        QCOMPARE(h.stepState(id, QStringLiteral("side")), StepState::Succeeded);
        QCOMPARE(compensationOrder(h, id).join(QStringLiteral(", ")), QStringLiteral("c, b, a"));
        QVERIFY(h.runtime->allowedOperations(id)->isEmpty());
    }

    void aRetryDoesWhatItsPreviewSaid()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "previewretry", "version": 1, "steps": [
            {"id": "first", "action": "test.noop"},
            {"id": "a", "action": "test.fail", "after": ["first"], "with": {"times": 100}, "editable": ["times"]},
            {"id": "b", "action": "test.noop", "after": ["a"]},
            {"id": "c", "action": "test.noop", "after": ["b"]}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        const auto allowed = h.runtime->allowedOperations(id, QStringLiteral("a"));
        QVERIFY(allowed);
        QCOMPARE(*allowed, (QList<SupportOperation>{SupportOperation::Retry, SupportOperation::Skip, SupportOperation::Rollback,
                                                    SupportOperation::Cancel}));
        // A step that succeeded is neither retried nor skipped.
        QCOMPARE(*h.runtime->allowedOperations(id, QStringLiteral("first")),
                 (QList<SupportOperation>{SupportOperation::Rollback, SupportOperation::Cancel}));
        QCOMPARE(h.runtime->preview(id, SupportOperation::Retry, QStringLiteral("first")).error().code, ErrorCode::Conflict);
        QCOMPARE(effects(*h.runtime->preview(id, SupportOperation::Skip, QStringLiteral("a"))).join(QStringLiteral(", ")),
                 QStringLiteral("skip a, run b, run c"));
        const auto preview = h.runtime->preview(id, SupportOperation::Retry, QStringLiteral("a"));
        QVERIFY(preview);
        QCOMPARE(effects(*preview).join(QStringLiteral(", ")), QStringLiteral("run a, run b, run c"));

        QVERIFY(h.runtime->retryStep(id, QStringLiteral("a"), {{QStringLiteral("times"), 0}}, QStringLiteral("carol"), QStringLiteral("mended")));
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        for (const char *key : {"a", "b", "c"})
            QCOMPARE(h.stepState(id, QString::fromLatin1(key)), StepState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("first")).attempt, 1); // not run again
    }

    void skipWithOutputsGivenByHand()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "skipme", "version": 1, "steps": [
            {"id": "register", "action": "test.fail", "onError": "pause"},
            {"id": "mail", "action": "test.echo", "after": ["register"], "with": {"ticket": "${steps.register.outputs.ticket}"}}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        QVERIFY(h.runtime->skipStep(id, QStringLiteral("register"), {{QStringLiteral("ticket"), QStringLiteral("CHG-42")}},
                                    QStringLiteral("carol"), QStringLiteral("registered by hand")));
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.stepState(id, QStringLiteral("register")), StepState::Skipped);
        QCOMPARE(h.step(id, QStringLiteral("mail")).outputs.value(QStringLiteral("ticket")).toString(), QStringLiteral("CHG-42"));
    }

    void cancelReachesTheRunningAttempt()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "cancelme", "version": 1, "steps": [
            {"id": "long", "action": "test.sleep", "with": {"ms": 60000}},
            {"id": "later", "action": "test.noop", "after": ["long"]}]})"));
        QTRY_COMPARE(h.stepState(id, QStringLiteral("long")), StepState::Running);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(h.runtime->cancel(id, QStringLiteral("carol"), QStringLiteral("ordered by mistake")));
        QCOMPARE(h.state(id), WorkflowState::Cancelled);
        QTRY_COMPARE(h.stepState(id, QStringLiteral("long")), StepState::Cancelled);
        QVERIFY(timer.elapsed() < 10000);
        QCOMPARE(h.stepState(id, QStringLiteral("later")), StepState::Cancelled);
    }

    void aCancelledAttemptIsNeverRetried()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        auto gate = std::make_shared<HoldAction::Gate>();
        h.actions->add(std::make_shared<HoldAction>(gate));
        h.startEngine();
        // A policy that retries every kind of error it may.
        const qint64 id = h.start(json(R"({"name": "cancelled", "version": 1, "steps": [
            {"id": "long", "action": "test.hold", "retry": {"maxAttempts": 5, "initialIntervalMs": 1000, "nonRetryable": []}}]})"));
        QTRY_COMPARE(h.stepState(id, QStringLiteral("long")), StepState::Running);
        // In the action, not only claimed: one cancelled before a worker began it is never begun.
        QTRY_COMPARE(gate->runs.load(), 1);
        QVERIFY(h.runtime->cancel(id, QStringLiteral("carol"), QStringLiteral("ordered by mistake")));
        QTRY_COMPARE(h.stepState(id, QStringLiteral("long")), StepState::Cancelled);
        QCOMPARE(h.step(id, QStringLiteral("long")).errorKind, QStringLiteral("cancelled"));
        // Long past every retry the policy would make.
        clock.advance(3600000);
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(h.stepState(id, QStringLiteral("long")), StepState::Cancelled);
        QCOMPARE(h.step(id, QStringLiteral("long")).attempt, 1);
        QCOMPARE(gate->runs.load(), 1);
        QCOMPARE(h.state(id), WorkflowState::Cancelled);
    }

    void probeResumesByItself()
    {
        EngineHarness h;
        h.startEngine();
        const QString flag = h.path(QStringLiteral("fixed"));
        const QByteArray def = QStringLiteral(R"({"name": "probed", "version": 1, "steps": [
            {"id": "reach", "action": "test.flag", "with": {"file": "%1"}, "onError": "pause",
             "probe": {"action": "test.flag", "with": {"file": "%1"}, "intervalMs": 30, "maxWaitMs": 60000}}]})").arg(flag).toUtf8();
        const qint64 id = h.start(def);
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        // The probe keeps looking, and keeps failing, until the fix is there.
        const auto probedInVain = [&] {
            const QList<LogLine> log = *h.runtime->log(id, QStringLiteral("reach"));
            return std::any_of(log.begin(), log.end(), [](const LogLine &l) { return l.message.startsWith(QStringLiteral("probe not yet")); });
        };
        QTRY_VERIFY(probedInVain());
        QCOMPARE(h.state(id), WorkflowState::Paused);
        QFile file(flag);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 10000);
        QCOMPARE(h.step(id, QStringLiteral("reach")).attempt, 2);
    }

    void aProbeThatHangsHoldsUpNoOtherWorkflow()
    {
        auto stuck = std::make_shared<StuckAction::State>();
        const auto letGo = qScopeGuard([stuck] { stuck->release.release(); });
        EngineHarness h;
        h.actions->add(std::make_shared<StuckAction>(QStringLiteral("test.stuck"), stuck));
        h.startEngine();
        const qint64 probed = h.start(json(R"({"name": "probed", "version": 1, "steps": [
            {"id": "reach", "action": "test.fail", "with": {"times": 1, "kind": "permanent"}, "onError": "pause",
             "probe": {"action": "test.stuck", "intervalMs": 10, "maxWaitMs": 60000}}]})"));
        QTRY_COMPARE(stuck->started.load(), 1);
        const qint64 other = h.start(json(R"({"name": "other", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop", "after": ["a"]}]})"));
        QTRY_COMPARE(h.state(other), WorkflowState::Succeeded);
        QCOMPARE(h.state(probed), WorkflowState::Paused);
        // Once the check answers, the step resumes.
        stuck->release.release();
        QTRY_COMPARE(h.state(probed), WorkflowState::Succeeded);
    }

    void destroyingTheEngineLeavesItsActionsBehind()
    {
        auto stuck = std::make_shared<StuckAction::State>();
        const auto letGo = qScopeGuard([stuck] { stuck->release.release(); });
        EngineHarness h;
        h.actions->add(std::make_shared<StuckAction>(QStringLiteral("test.stuck"), stuck));
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "stuck", "version": 1, "steps": [{"id": "s", "action": "test.stuck"}]})"));
        QTRY_COMPARE(stuck->started.load(), 1);
        // Lets the action go should the destructor wait for it, so that one
        // that waits fails below instead of hanging the test.
        std::atomic_bool destroyed = false;
        std::thread watchdog([&] {
            for (int i = 0; i < 2000 && !destroyed; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            if (!destroyed)
                stuck->release.release();
        });
        h.host.reset();
        h.engine = nullptr;
        destroyed = true;
        watchdog.join();
        QCOMPARE(stuck->returned.load(), 0);
        QCOMPARE(h.stepState(id, QStringLiteral("s")), StepState::Ready);
        // The action returns into what it still holds, after its engine is gone.
        stuck->release.release();
        QTRY_COMPARE(stuck->returned.load(), 1);
        QCOMPARE(h.stepState(id, QStringLiteral("s")), StepState::Ready);
        h.startEngine();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
    }

    void probeIntervalDoublesUpToTenTimesItself()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        h.startEngine();
        const QString flag = h.path(QStringLiteral("fixed"));
        const qint64 failedAt = clock.now().toMSecsSinceEpoch();
        const qint64 id = h.start(QStringLiteral(R"({"name": "backoff", "version": 1, "steps": [
            {"id": "reach", "action": "test.flag", "with": {"file": "%1"}, "onError": "pause",
             "probe": {"action": "test.flag", "with": {"file": "%1"}, "intervalMs": 1000, "maxWaitMs": 600000}}]})")
                                      .arg(flag)
                                      .toUtf8());
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        // A second at a time, with the engine caught up each time: each probe runs when it is due.
        for (int second = 1; second <= 40; ++second) {
            clock.advance(1000);
            QVERIFY(h.engineCaughtUp());
        }
        QList<qint64> probedAt;
        for (const LogLine &l : *h.runtime->log(id, QStringLiteral("reach")))
            if (l.message.startsWith(QStringLiteral("probe not yet")))
                probedAt.append(l.at - failedAt);
        QCOMPARE(probedAt, (QList<qint64>{1000, 3000, 7000, 15000, 25000, 35000}));
        QCOMPARE(h.state(id), WorkflowState::Paused);
    }

    void probeGivesUpAfterMaxWait()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        h.startEngine();
        const QString flag = h.path(QStringLiteral("fixed"));
        const qint64 failedAt = clock.now().toMSecsSinceEpoch();
        const qint64 id = h.start(QStringLiteral(R"({"name": "giveup", "version": 1, "steps": [
            {"id": "reach", "action": "test.flag", "with": {"file": "%1"}, "onError": "pause",
             "probe": {"action": "test.flag", "with": {"file": "%1"}, "intervalMs": 1000, "maxWaitMs": 10000}}]})")
                                      .arg(flag)
                                      .toUtf8());
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        for (int second = 1; second <= 15; ++second) {
            clock.advance(1000);
            QVERIFY(h.engineCaughtUp());
        }
        const auto probeLines = [&] {
            QStringList lines;
            for (const LogLine &l : *h.runtime->log(id, QStringLiteral("reach")))
                if (l.message.startsWith(QStringLiteral("probe")))
                    lines.append(QStringLiteral("%1 %2").arg(l.at - failedAt).arg(l.message.section(QLatin1Char(':'), 0, 0)));
            return lines;
        };
        // The next probe would come after the ten seconds: it gives up instead.
        const QStringList expected{QStringLiteral("1000 probe not yet"), QStringLiteral("3000 probe not yet"),
                                   QStringLiteral("7000 probe gave up after 7000 ms")};
        QCOMPARE(probeLines(), expected);
        // The fix, once there, is not found by itself: the step waits for support.
        QFile file(flag);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        clock.advance(3600000);
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(probeLines(), expected);
        QCOMPARE(h.stepState(id, QStringLiteral("reach")), StepState::Paused);
        QCOMPARE(h.state(id), WorkflowState::Paused);
    }

    void runsKeepTheirDefinitionVersion()
    {
        EngineHarness h;
        const qint64 first = h.start(json(R"({"name": "pinned", "version": 1, "steps": [{"id": "only", "action": "test.noop"}]})"));
        const qint64 second = h.start(json(R"({"name": "pinned", "version": 2, "steps": [
            {"id": "new", "action": "test.noop"}, {"id": "more", "action": "test.noop", "after": ["new"]}]})"));
        auto changed = h.runtime->start(json(R"({"name": "pinned", "version": 1, "steps": [{"id": "other", "action": "test.noop"}]})"), {}, QStringLiteral("t"));
        QVERIFY(!changed);
        QCOMPARE(changed.error().code, ErrorCode::Conflict);
        h.startEngine();
        QTRY_COMPARE(h.state(first), WorkflowState::Succeeded);
        QTRY_COMPARE(h.state(second), WorkflowState::Succeeded);
        QCOMPARE(h.runtime->workflow(first)->version, 1);
        QCOMPARE(h.runtime->steps(first)->size(), 1);
        QCOMPARE(h.runtime->steps(second)->size(), 2);
    }

    void aRunningV1WorkflowCarriesOnAfterV2IsStored()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 old = h.start(json(R"({"name": "evolving", "version": 1, "steps": [
            {"id": "approve", "action": "human.task", "with": {"title": "Approve"}},
            {"id": "provision", "action": "test.echo", "after": ["approve"], "with": {"size": "small"}}]})"));
        QTRY_COMPARE(h.stepState(old, QStringLiteral("approve")), StepState::Waiting);
        // The console restarts (nothing cached) after version 2 is stored by a run of it.
        h.stopEngine();
        const qint64 current = h.start(json(R"({"name": "evolving", "version": 2, "steps": [
            {"id": "approve", "action": "test.noop"},
            {"id": "check", "action": "test.noop", "after": ["approve"]},
            {"id": "provision", "action": "test.echo", "after": ["check"], "with": {"size": "large"}}]})"));
        h.startEngine();
        QTRY_COMPARE(h.state(current), WorkflowState::Succeeded);
        QCOMPARE(h.stepState(old, QStringLiteral("approve")), StepState::Waiting);
        QVERIFY(h.runtime->completeHumanTask(old, QStringLiteral("approve"), {{QStringLiteral("decision"), QStringLiteral("approve")}},
                                             QStringLiteral("bob")));
        h.engine->wake();
        QTRY_COMPARE(h.state(old), WorkflowState::Succeeded);
        QCOMPARE(h.runtime->workflow(old)->version, 1);
        QCOMPARE(h.runtime->steps(old)->size(), 2);
        QCOMPARE(h.step(old, QStringLiteral("provision")).outputs.value(QStringLiteral("size")).toString(), QStringLiteral("small"));
        QCOMPARE(h.step(current, QStringLiteral("provision")).outputs.value(QStringLiteral("size")).toString(), QStringLiteral("large"));
    }

    void humanTasksWaitForADecision()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "approval", "version": 1, "steps": [
            {"id": "approve", "action": "human.task", "with": {"title": "Approve the VM"}},
            {"id": "provision", "action": "test.echo", "after": ["approve"], "with": {"by": "${steps.approve.outputs.decidedBy}"}}]})"));
        QTRY_COMPARE(h.stepState(id, QStringLiteral("approve")), StepState::Waiting);
        QCOMPARE(h.state(id), WorkflowState::Running);
        QVERIFY(h.runtime->completeHumanTask(id, QStringLiteral("approve"), {{QStringLiteral("decision"), QStringLiteral("approve")}}, QStringLiteral("bob")));
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("provision")).outputs.value(QStringLiteral("by")).toString(), QStringLiteral("bob"));
    }

    void timersAreRowsOnTheClock()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "timer", "version": 1, "steps": [
            {"id": "wait", "action": "timer.wait", "with": {"ms": 3600000}},
            {"id": "after", "action": "test.noop", "after": ["wait"]}]})"));
        QTRY_COMPARE(h.stepState(id, QStringLiteral("wait")), StepState::Waiting);
        clock.advance(3599999);
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(h.stepState(id, QStringLiteral("wait")), StepState::Waiting);
        clock.advance(1);
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
    }

    // A timer fires when it is due however many overdue ones wait in paused
    // workflows before it (they fire once their workflows go on), and hundreds
    // due at once all fire.
    void overdueTimersOfPausedWorkflowsHoldNoTimerBack()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        h.startEngine();
        const QByteArray definition = json(R"({"name": "timer", "version": 1, "steps": [
            {"id": "wait", "action": "timer.wait", "with": {"ms": 3600000}}]})");
        QList<qint64> paused;
        for (int i = 0; i < 300; ++i)
            paused.append(h.start(definition));
        const auto waiting = [&]() {
            return std::count_if(paused.cbegin(), paused.cend(), [&](qint64 id) { return h.stepState(id, QStringLiteral("wait")) == StepState::Waiting; });
        };
        QTRY_COMPARE(waiting(), paused.size());
        for (qint64 id : std::as_const(paused))
            QVERIFY(h.runtime->pause(id, QStringLiteral("carol"), QStringLiteral("maintenance window")));
        clock.advance(60000);
        const qint64 running = h.start(definition);
        QTRY_COMPARE(h.stepState(running, QStringLiteral("wait")), StepState::Waiting);

        clock.advance(3600000);
        h.engine->wake();
        QTRY_COMPARE(h.state(running), WorkflowState::Succeeded);
        QCOMPARE(waiting(), paused.size());

        for (qint64 id : std::as_const(paused))
            QVERIFY(h.runtime->resume(id, QStringLiteral("carol"), QStringLiteral("window over")));
        h.engine->wake();
        QTRY_COMPARE(std::count_if(paused.cbegin(), paused.cend(), [&](qint64 id) { return h.state(id) == WorkflowState::Succeeded; }),
                     paused.size());
    }

    void aTimerDelayOutOfRangeFailsTheStep_data()
    {
        QTest::addColumn<double>("ms");
        QTest::newRow("negative") << -1.0;
        QTest::newRow("a year and two days") << static_cast<double>(kMaxTimerMs + 86400000);
        QTest::newRow("beyond due_at") << 9.3e18;
    }

    void aTimerDelayOutOfRangeFailsTheStep()
    {
        // A template is resolved only at run time, so the definition check cannot catch it.
        QFETCH(double, ms);
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "timer", "version": 1, "inputs": {"ms": {"type": "number"}}, "steps": [
            {"id": "wait", "action": "timer.wait", "with": {"ms": "${inputs.ms}"}},
            {"id": "after", "action": "test.noop", "after": ["wait"]}]})"),
                                  {{QStringLiteral("ms"), ms}});
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        const StepInfo wait = h.step(id, QStringLiteral("wait"));
        QCOMPARE(wait.state, StepState::Failed);
        QVERIFY2(wait.error.contains(QStringLiteral("from 0 to 31622400000")), qPrintable(wait.error));
        QCOMPARE(h.stepState(id, QStringLiteral("after")), StepState::Pending);
    }

    void supportReasonsAreBounded()
    {
        EngineHarness h;
        const qint64 id = h.start(json(R"({"name": "reasons", "version": 1, "steps": [
            {"id": "ask", "action": "human.task", "with": {"title": "ok?"}}]})"));
        const QString tooLong(kMaxReasonChars + 1, QLatin1Char('r'));
        const auto refused = [](const Status &s) { return !s && s.error().code == ErrorCode::BadInput; };
        QVERIFY(refused(h.runtime->pause(id, QStringLiteral("carol"), tooLong)));
        QCOMPARE(h.state(id), WorkflowState::Running);
        QVERIFY(refused(h.runtime->skipStep(id, QStringLiteral("ask"), {}, QStringLiteral("carol"), tooLong)));
        QVERIFY(h.stepState(id, QStringLiteral("ask")) != StepState::Skipped);
        QVERIFY(refused(h.runtime->cancel(id, QStringLiteral("carol"), tooLong)));
        QCOMPARE(h.state(id), WorkflowState::Running);
        QVERIFY(h.runtime->pause(id, QStringLiteral("carol"), QString(kMaxReasonChars, QLatin1Char('r'))));
        QCOMPARE(h.state(id), WorkflowState::Paused);
        QVERIFY(refused(h.runtime->resume(id, QStringLiteral("carol"), tooLong)));
        QVERIFY(refused(h.runtime->rollback(id, QStringLiteral("carol"), tooLong)));
        QCOMPARE(h.state(id), WorkflowState::Paused);
    }

    void idempotencyKeysAreStablePerStepInstance()
    {
        EngineHarness h;
        h.startEngine();
        const QByteArray def = json(R"({"name": "keys", "version": 1, "steps": [
            {"id": "s", "action": "test.fail", "with": {"times": 2}, "retry": {"maxAttempts": 3, "initialIntervalMs": 1}}]})");
        const qint64 one = h.start(def);
        const qint64 two = h.start(def);
        QTRY_COMPARE(h.state(one), WorkflowState::Succeeded);
        QTRY_COMPARE(h.state(two), WorkflowState::Succeeded);
        const QString keyOne = h.step(one, QStringLiteral("s")).outputs.value(QStringLiteral("idempotencyKey")).toString();
        const QString keyTwo = h.step(two, QStringLiteral("s")).outputs.value(QStringLiteral("idempotencyKey")).toString();
        QCOMPARE(keyOne, Runtime::idempotencyKey(h.runtime->workflow(one)->uuid, QStringLiteral("s"), StepKind::Normal));
        QVERIFY(keyOne != keyTwo);
        QCOMPARE(h.step(one, QStringLiteral("s")).attempt, 3);
    }

    // Steps claimed together are taken one after another, each as the ones
    // before it left it: the first fails before it starts and rolls the
    // workflow back, so the second, cancelled by that, is not started.
    void stepsClaimedTogetherSeeWhatTheFirstChanged()
    {
        EngineHarness h;
        const qint64 id = h.start(pairAfterFirst("rollback"));
        auto first = h.runtime->claim(QStringLiteral("solo"), 1, 60000);
        ORDO_VERIFY_OK(first);
        QCOMPARE(first->size(), 1);
        ORDO_VERIFY_OK(h.runtime->complete({{first->first().rowId, first->first().attempt, QJsonObject(), {}}}, QStringLiteral("solo")));
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Ready);
        QCOMPARE(h.stepState(id, QStringLiteral("b")), StepState::Ready);
        auto claimed = h.runtime->claim(QStringLiteral("solo"), 2, 60000);
        ORDO_VERIFY_OK(claimed);
        QVERIFY(claimed->isEmpty());
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Failed);
        QCOMPARE(h.stepState(id, QStringLiteral("b")), StepState::Cancelled);
        QCOMPARE(h.state(id), WorkflowState::RolledBack);
    }

    // A workflow ends with the last of its steps, not before: steps that end in
    // one batch (on a shared database, held and sent together at its end) count
    // as ended, and one left running keeps the workflow running.
    void aWorkflowEndsWithItsLastOpenStep()
    {
        EngineHarness h;
        const qint64 id = h.start(json(R"({"name": "three", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop"}, {"id": "c", "action": "test.noop"}]})"));
        const qint64 other = h.start(json(R"({"name": "one", "version": 1, "steps": [{"id": "only", "action": "test.noop"}]})"));
        auto claimed = h.runtime->claim(QStringLiteral("solo"), 4, 60000);
        ORDO_VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 4);
        QList<engine::Completion> ofThree;
        QList<engine::Completion> ofOther;
        for (const engine::Claim &c : std::as_const(*claimed))
            (c.workflowId == id ? ofThree : ofOther).append({c.rowId, c.attempt, QJsonObject(), {}, c.workflowId});
        QCOMPARE(ofThree.size(), 3);
        // One of three, with the other workflow's only step: that one ends, this one goes on.
        ORDO_VERIFY_OK(h.runtime->complete({ofThree.takeFirst(), ofOther.first()}, QStringLiteral("solo")));
        QCOMPARE(h.state(id), WorkflowState::Running);
        QCOMPARE(h.state(other), WorkflowState::Succeeded);
        // The last two at once.
        ORDO_VERIFY_OK(h.runtime->complete(ofThree, QStringLiteral("solo")));
        QCOMPARE(h.state(id), WorkflowState::Succeeded);
    }

    // A step that a completion makes ready starts in the same pump, on the engine
    // that ended the step before it, while that engine has room: the workflow does
    // not wait behind the queue. Three quarters of the room at most: steps that
    // waited longer in the queue keep the rest, oldest first.
    void aStepMadeReadyStartsInThePumpThatEndedTheOneBefore()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        QList<qint64> chains;
        for (int i = 0; i < 4; ++i)
            chains.append(h.start(json(R"({"name": "chain", "version": 1, "steps": [
                {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop", "after": ["a"]}]})")));
        auto first = h.runtime->claim(QStringLiteral("solo"), 4, 60000);
        ORDO_VERIFY_OK(first);
        QCOMPARE(first->size(), 4);
        clock.advance(1000);
        QList<qint64> waiting;
        for (int i = 0; i < 3; ++i)
            waiting.append(h.start(json(R"({"name": "one", "version": 1, "steps": [{"id": "only", "action": "test.noop"}]})")));
        clock.advance(1000);
        auto claimed = h.runtime->advance(successesOf(*first), QStringLiteral("solo"), 4, 60000, 0);
        ORDO_VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 4);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(claimed->at(i).workflowId, chains.at(i));
            QCOMPARE(claimed->at(i).stepKey, QStringLiteral("b"));
            QCOMPARE(h.stepState(chains.at(i), QStringLiteral("b")), StepState::Running);
        }
        // The fourth room is the queue's: its oldest step, not the last chain's.
        QCOMPARE(claimed->at(3).workflowId, waiting.first());
        QCOMPARE(h.stepState(chains.last(), QStringLiteral("b")), StepState::Ready);
        QCOMPARE(h.stepState(waiting.at(1), QStringLiteral("only")), StepState::Ready);
    }

    // A workflow that ends in a batch of completions while another's next step is
    // handed off in the same transaction: the one ends, the other's step runs, and the
    // ended workflow's log tells its last step's success before its own end.
    void aWorkflowThatEndsBesideAHandoffTellsItsEndLast()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        const qint64 chain = h.start(json(R"({"name": "chain", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop", "after": ["a"]}]})"));
        const qint64 single = h.start(json(R"({"name": "one", "version": 1, "steps": [{"id": "only", "action": "test.noop"}]})"));
        auto first = h.runtime->claim(QStringLiteral("solo"), 4, 60000);
        ORDO_VERIFY_OK(first);
        QCOMPARE(first->size(), 2);
        clock.advance(1000);
        auto claimed = h.runtime->advance(successesOf(*first), QStringLiteral("solo"), 4, 60000, 0);
        ORDO_VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 1);
        QCOMPARE(claimed->first().workflowId, chain);
        QCOMPARE(h.stepState(chain, QStringLiteral("b")), StepState::Running);
        QCOMPARE(h.state(single), WorkflowState::Succeeded);
        QCOMPARE(h.state(chain), WorkflowState::Running);
        auto log = h.runtime->log(single);
        ORDO_VERIFY_OK(log);
        QVERIFY(log->size() >= 2);
        const LogLine &stepEnd = log->at(log->size() - 2);
        const LogLine &workflowEnd = log->last();
        QCOMPARE(stepEnd.stepKey, QStringLiteral("only"));
        QCOMPARE(stepEnd.message, QStringLiteral("running -> succeeded"));
        QVERIFY(workflowEnd.stepKey.isEmpty());
        QCOMPARE(workflowEnd.message, QStringLiteral("running -> succeeded"));
        QVERIFY(stepEnd.seq < workflowEnd.seq);
    }

    // A step handed off does not start in a workflow that the same pump failed
    // since (here a human task timed out): the failure stands, the step stays unstarted.
    void aStepHandedOffDoesNotStartInAWorkflowThatFailedMeanwhile()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        const qint64 id = h.start(json(R"({"name": "asked", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"},
            {"id": "ask", "action": "human.task", "with": {"title": "ok?"}, "timeoutMs": 1000},
            {"id": "b", "action": "test.noop", "after": ["a"]}]})"));
        auto first = h.runtime->claim(QStringLiteral("solo"), 4, 60000);
        ORDO_VERIFY_OK(first);
        QCOMPARE(first->size(), 1);
        QCOMPARE(h.stepState(id, QStringLiteral("ask")), StepState::Waiting);
        clock.advance(2000);
        const engine::Completion done{first->first().rowId, first->first().attempt, QJsonObject(), {}, id};
        auto claimed = h.runtime->advance({done}, QStringLiteral("solo"), 4, 60000, 0);
        ORDO_VERIFY_OK(claimed);
        QVERIFY(claimed->isEmpty());
        QCOMPARE(h.state(id), WorkflowState::Failed);
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Succeeded);
        QVERIFY(h.stepState(id, QStringLiteral("b")) != StepState::Running);
    }

    // Two steps handed off together: the first cannot start (its inputs do not
    // resolve) and pauses the workflow, so the second is not started in it.
    void aStepHandedOffAfterOneThatPausedItsWorkflowWaits()
    {
        EngineHarness h;
        const qint64 id = h.start(pairAfterFirst("pause"));
        auto first = h.runtime->claim(QStringLiteral("solo"), 1, 60000);
        ORDO_VERIFY_OK(first);
        QCOMPARE(first->size(), 1);
        const engine::Completion done{first->first().rowId, first->first().attempt, QJsonObject(), {}, id};
        auto claimed = h.runtime->advance({done}, QStringLiteral("solo"), 4, 60000, 0);
        ORDO_VERIFY_OK(claimed);
        QVERIFY(claimed->isEmpty());
        QCOMPARE(h.state(id), WorkflowState::Paused);
        QCOMPARE(h.stepState(id, QStringLiteral("b")), StepState::Ready);
    }

    // A step that waited longer in the queue goes before the next step of a workflow
    // whose step just ended: with one worker (which takes from the queue alone), and
    // under a concurrency limit (which would otherwise go to the workflow that goes on).
    void anOlderReadyStepGoesFirst_data()
    {
        QTest::addColumn<int>("room");
        QTest::addColumn<bool>("limited");
        QTest::newRow("one worker") << 1 << false;
        QTest::newRow("under a limit") << 4 << true;
    }

    void anOlderReadyStepGoesFirst()
    {
        QFETCH(int, room);
        QFETCH(bool, limited);
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        if (limited)
            QVERIFY(OrdoInternals::database(*h.ordo).exec(QStringLiteral("INSERT INTO concurrency_limits VALUES ('test.noop', 1)")));
        const qint64 chain = h.start(json(R"({"name": "chain", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop", "after": ["a"]}]})"));
        auto first = h.runtime->claim(QStringLiteral("solo"), room, 60000);
        ORDO_VERIFY_OK(first);
        QCOMPARE(first->size(), 1);
        clock.advance(1000);
        const qint64 waiting = h.start(json(R"({"name": "one", "version": 1, "steps": [{"id": "only", "action": "test.noop"}]})"));
        clock.advance(1000);
        const engine::Completion done{first->first().rowId, first->first().attempt, QJsonObject(), {}, chain};
        auto claimed = h.runtime->advance({done}, QStringLiteral("solo"), room, 60000, 0);
        ORDO_VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 1);
        QCOMPARE(claimed->first().workflowId, waiting);
        QCOMPARE(h.stepState(chain, QStringLiteral("b")), StepState::Ready);
    }

    // A step left open and then ended in one batch does not keep its workflow
    // open: the join is counted down by the first completion (still pending), then
    // skipped by the second (its condition is false), and nothing is left to run.
    void aStepOpenedAndEndedInOneBatchLeavesItsWorkflowToEnd()
    {
        EngineHarness h;
        const qint64 id = h.start(json(R"({"name": "joined", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop"},
            {"id": "join", "action": "test.noop", "after": ["a", "b"], "when": "false"}]})"));
        auto claimed = h.runtime->claim(QStringLiteral("solo"), 2, 60000);
        ORDO_VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 2);
        ORDO_VERIFY_OK(h.runtime->complete(successesOf(*claimed), QStringLiteral("solo")));
        QCOMPARE(h.stepState(id, QStringLiteral("join")), StepState::Skipped);
        QCOMPARE(h.state(id), WorkflowState::Succeeded);
    }

    // A shared database: a claim's step change is held and sent with the others
    // at the end of its transaction. Another engine that takes the step first, at
    // whichever statement of the claim, wins: the claim runs again on what is
    // there and never reports a step the database gave somebody else.
    void aStepTakenWhileAClaimHoldsItsChangeIsNotClaimedTwice()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("step changes are held on a shared database only");
        int taken = 0;
        int claimed = 0;
        for (int at = 1; at <= 16; ++at) {
            EngineHarness h;
            const qint64 id = h.start(json(R"({"name": "contested", "version": 1, "steps": [{"id": "a", "action": "test.noop"}]})"));
            const qint64 rowId = h.step(id, QStringLiteral("a")).rowId;
            Database &db = OrdoInternals::database(*h.ordo);
            auto other = Database::open(db.path(), -1, Database::OpenMode::MustExist);
            ORDO_VERIFY_OK(other);
            // Once the claim has sent its change, the row is locked until it commits: the other gives up.
            ORDO_VERIFY_OK((*other)->exec(QStringLiteral("SET lock_timeout = '50ms'")));
            int statements = 0;
            db.setBeforeStatement([&]() -> Status {
                if (++statements == at)
                    (void)(*other)->exec(QStringLiteral("WITH taken AS (UPDATE steps SET state = 'running', attempt = attempt + 1,"
                                                        " lease_owner = 'other', lease_expires = ? WHERE id = ? AND state = 'ready'"
                                                        " RETURNING id, attempt, lease_expires)"
                                                        " UPDATE step_queue q SET state = 'running', attempt = taken.attempt, lease_owner = 'other',"
                                                        " lease_expires = taken.lease_expires FROM taken WHERE q.step_id = taken.id"),
                                         {QDateTime::currentMSecsSinceEpoch() + 600000, rowId});
                return ok();
            });
            auto claim = h.runtime->claim(QStringLiteral("mine"), 1, 60000);
            db.setBeforeStatement({});
            ORDO_VERIFY_OK(claim);
            auto row = (*other)->exec(QStringLiteral("SELECT lease_owner, attempt FROM steps WHERE id = ?"), {rowId});
            ORDO_VERIFY_OK(row);
            QVERIFY(row->next());
            if (claim->isEmpty()) {
                QCOMPARE(row->value(0).toString(), QStringLiteral("other"));
                ++taken;
            } else {
                QCOMPARE(row->value(0).toString(), QStringLiteral("mine"));
                QCOMPARE(claim->first().attempt, row->value(1).toInt());
                ++claimed;
            }
        }
        // Both outcomes came about: the other engine took it before the claim read it, and after.
        QVERIFY(taken > 1);
        QVERIFY(claimed > 0);
    }

    // A step's queue row is updated in place while the step stays queued. One
    // that went missing meanwhile (deleted by hand) is written again, so that a
    // failed attempt's retry is still found when it is due.
    void aQueueRowThatWentMissingIsWrittenAgain()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("step changes are held on a shared database only");
        EngineHarness h;
        const qint64 id = h.start(json(R"({"name": "lost-row", "version": 1, "steps": [
            {"id": "a", "action": "test.noop", "retry": {"maxAttempts": 2, "initialIntervalMs": 5}}]})"));
        auto claimed = h.runtime->claim(QStringLiteral("mine"), 1, 60000);
        ORDO_VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 1);
        Database &db = OrdoInternals::database(*h.ordo);
        ORDO_VERIFY_OK(db.exec(QStringLiteral("DELETE FROM step_queue WHERE step_id = ?"), {claimed->first().rowId}));
        ORDO_VERIFY_OK(h.runtime->complete({{claimed->first().rowId, claimed->first().attempt,
                                             ActionError{ErrorKind::Transient, QStringLiteral("network down")}, {}, id}},
                                           QStringLiteral("mine")));
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::RetryWait);
        h.checkQueue();
        h.startEngine();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 10000);
        QCOMPARE(h.step(id, QStringLiteral("a")).attempt, 2);
    }

    // A crash of a shared database's server empties its unlogged step queue and the
    // marker beside it (deleted here by hand, as the crash would). The pump that
    // finds the marker gone claims nothing, not even the step its completion made
    // ready (the queue misses running steps that limits count); the next refills
    // the queue from the steps first: the ready step is claimed, the running one
    // keeps its lease, and the marker is back.
    void aQueueEmptiedByACrashOfTheServerIsRefilledFromTheSteps()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("only a shared database's queue is unlogged");
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        const qint64 chain = h.start(json(R"({"name": "chain", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop", "after": ["a"]}]})"));
        clock.advance(10);
        const qint64 single = h.start(json(R"({"name": "one", "version": 1, "steps": [{"id": "only", "action": "test.noop"}]})"));
        auto first = h.runtime->claim(QStringLiteral("solo"), 2, 60000);
        ORDO_VERIFY_OK(first);
        QCOMPARE(first->size(), 2);
        const engine::Claim a = first->at(0).workflowId == chain ? first->at(0) : first->at(1);
        const engine::Claim only = first->at(0).workflowId == chain ? first->at(1) : first->at(0);
        Database &db = OrdoInternals::database(*h.ordo);
        ORDO_VERIFY_OK(db.exec(QStringLiteral("DELETE FROM step_queue")));
        ORDO_VERIFY_OK(db.exec(QStringLiteral("DELETE FROM step_queue_intact")));
        clock.advance(1000);
        auto seen = h.runtime->advance(successesOf({a}), QStringLiteral("solo"), 4, 60000, 0);
        ORDO_VERIFY_OK(seen);
        QVERIFY(seen->isEmpty());
        QCOMPARE(h.stepState(chain, QStringLiteral("a")), StepState::Succeeded);
        QCOMPARE(h.stepState(chain, QStringLiteral("b")), StepState::Ready);
        QCOMPARE(queueMarkers(h), qint64(0));

        auto refilled = h.runtime->advance({}, QStringLiteral("solo"), 4, 60000, 0);
        ORDO_VERIFY_OK(refilled);
        QCOMPARE(refilled->size(), 1);
        QCOMPARE(refilled->first().workflowId, chain);
        QCOMPARE(queueMarkers(h), qint64(1));
        h.checkQueue();
        auto lease = db.exec(QStringLiteral("SELECT lease_owner FROM step_queue WHERE step_id = ? AND state = 'running'"), {only.rowId});
        ORDO_VERIFY_OK(lease);
        QVERIFY(lease->next());
        QCOMPARE(lease->value(0).toString(), QStringLiteral("solo"));

        clock.advance(1000);
        auto last = h.runtime->advance(successesOf({only}) + successesOf(*refilled), QStringLiteral("solo"), 4, 60000, 0);
        ORDO_VERIFY_OK(last);
        QVERIFY(last->isEmpty());
        QCOMPARE(h.state(chain), WorkflowState::Succeeded);
        QCOMPARE(h.state(single), WorkflowState::Succeeded);
    }

    // A stopping engine hands its running steps back through the queue. One that
    // stops after a crash of the server, before any pump of its own saw the queue
    // emptied, refills it first: its step is handed back at once, not left to lapse.
    void aStoppingEngineHandsBackItsStepsAfterACrashOfTheServer()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("only a shared database's queue is unlogged");
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        const qint64 id = h.start(json(R"({"name": "one", "version": 1, "steps": [{"id": "only", "action": "test.noop"}]})"));
        auto claimed = h.runtime->claim(QStringLiteral("stopping"), 1, 60000);
        ORDO_VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 1);
        Database &db = OrdoInternals::database(*h.ordo);
        ORDO_VERIFY_OK(db.exec(QStringLiteral("DELETE FROM step_queue")));
        ORDO_VERIFY_OK(db.exec(QStringLiteral("DELETE FROM step_queue_intact")));

        ORDO_VERIFY_OK(h.runtime->releaseLeases(QStringLiteral("stopping")));
        QCOMPARE(h.stepState(id, QStringLiteral("only")), StepState::Ready);
        const auto log = h.runtime->log(id, QStringLiteral("only"));
        ORDO_VERIFY_OK(log);
        QStringList lines;
        for (const LogLine &line : *log)
            lines.append(line.message);
        QVERIFY2(lines.contains(QStringLiteral("handed back by a stopping engine")), qPrintable(lines.join(QLatin1Char('|'))));
        QCOMPARE(queueMarkers(h), qint64(1));
        h.checkQueue();
        auto again = h.runtime->claim(QStringLiteral("next"), 1, 60000);
        ORDO_VERIFY_OK(again);
        QCOMPARE(again->size(), 1);
        QCOMPARE(again->first().workflowId, id);
    }

    // A shared database: a workflow that another engine's transaction holds is
    // passed by by a claim, not waited for (its steps come at a later pump), and
    // its ready step is taken once that transaction has ended.
    void aWorkflowAnotherEngineHoldsIsPassedBy()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("engines lock workflows on a shared database only");
        EngineHarness h;
        const qint64 id = h.start(json(R"({"name": "held", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop"}]})"));
        Database &db = OrdoInternals::database(*h.ordo);
        // Were the workflow not passed by, this claim would wait on the other's step change for ever.
        ORDO_VERIFY_OK(db.exec(QStringLiteral("SET lock_timeout = '2s'")));
        auto opened = Ordo::open(db.path());
        ORDO_VERIFY_OK(opened);
        Database &theirDb = OrdoInternals::database(**opened);
        Clock clock;
        engine::Runtime theirs(theirDb, (*opened)->audit(), *h.actions, clock);
        Result<QList<Claim>> theyClaimed = QList<Claim>();
        Result<QList<Claim>> claimedMeanwhile = QList<Claim>();
        ORDO_VERIFY_OK(theirDb.write([&]() -> Status {
            theyClaimed = theirs.claim(QStringLiteral("other"), 1, 60000);
            claimedMeanwhile = h.runtime->claim(QStringLiteral("mine"), 2, 60000);
            return ok();
        }));
        ORDO_VERIFY_OK(theyClaimed);
        QCOMPARE(theyClaimed->size(), 1);
        ORDO_VERIFY_OK(claimedMeanwhile);
        QCOMPARE(claimedMeanwhile->size(), 0);
        auto claimedAfter = h.runtime->claim(QStringLiteral("mine"), 2, 60000);
        ORDO_VERIFY_OK(claimedAfter);
        QCOMPARE(claimedAfter->size(), 1);
        QVERIFY(claimedAfter->first().rowId != theyClaimed->first().rowId);
        QCOMPARE(h.step(id, QStringLiteral("a")).state, StepState::Running);
        QCOMPARE(h.step(id, QStringLiteral("b")).state, StepState::Running);
    }

    // A queue row that stayed behind for a step engines do not look for (written
    // by hand: a stale lease of nobody's) is written over when the step becomes
    // ready, so that the step is claimed at once and not after that lease.
    void aQueueRowLeftBehindIsWrittenOver()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("step changes are held on a shared database only");
        EngineHarness h;
        const qint64 id = h.start(json(R"({"name": "stale-row", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop", "after": ["a"]}]})"));
        auto claimed = h.runtime->claim(QStringLiteral("mine"), 1, 60000);
        ORDO_VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 1);
        const engine::StepInfo b = h.step(id, QStringLiteral("b"));
        QCOMPARE(b.state, StepState::Pending);
        Database &db = OrdoInternals::database(*h.ordo);
        const qint64 inAnHour = QDateTime::currentMSecsSinceEpoch() + 3600 * 1000;
        ORDO_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO step_queue(step_id, workflow_id, kind, state, attempt, lease_owner, lease_expires)"
                                              " VALUES (?, ?, 'step', 'running', 7, 'nobody', ?)"),
                               {b.rowId, id, inAnHour}));
        ORDO_VERIFY_OK(h.runtime->complete({{claimed->first().rowId, claimed->first().attempt, QJsonObject{}, {}, id}}, QStringLiteral("mine")));
        QCOMPARE(h.stepState(id, QStringLiteral("b")), StepState::Ready);
        h.checkQueue();
        h.startEngine();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 10000);
        QCOMPARE(h.step(id, QStringLiteral("b")).attempt, 1);
    }

    void anExpiredLeaseIsTakenOver()
    {
        EngineHarness h(EngineOptions{2, 200, 20, QStringLiteral("survivor")});
        const qint64 id = h.start(json(R"({"name": "orphan", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop", "after": ["a"]}]})"));
        // An engine claims the first step and dies without a word.
        auto claimed = h.runtime->claim(QStringLiteral("dead-engine"), 1, 100);
        QVERIFY(claimed);
        QCOMPARE(claimed->size(), 1);
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Running);
        h.startEngine();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 10000);
        QCOMPARE(h.step(id, QStringLiteral("a")).attempt, 2);
        auto log = h.runtime->log(id, QStringLiteral("a"));
        QVERIFY(std::any_of(log->begin(), log->end(), [](const LogLine &l) { return l.message.contains(QStringLiteral("dead-engine")); }));
        // The dead engine's late report is not recorded.
        QVERIFY(h.runtime->complete({{claimed->first().rowId, 1, QJsonObject{{QStringLiteral("late"), true}}, {}}}, QStringLiteral("dead-engine")));
        QVERIFY(!h.step(id, QStringLiteral("a")).outputs.contains(QStringLiteral("late")));
    }

    void leasesAreRenewedWhileAnAttemptOutlastsThem()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        constexpr qint64 leaseMs = 1000;
        EngineHarness h(EngineOptions{2, leaseMs, 20, QStringLiteral("holder")}, &clock);
        auto gate = std::make_shared<HoldAction::Gate>();
        h.actions->add(std::make_shared<HoldAction>(gate));
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "long", "version": 1, "steps": [{"id": "long", "action": "test.hold"}]})"));
        QTRY_COMPARE(h.stepState(id, QStringLiteral("long")), StepState::Running);
        // A second engine on the database takes over any lease that lapses.
        Engine rival(h.databasePath(), h.actions, EngineOptions{2, leaseMs, 20, QStringLiteral("rival")}, &clock);
        rival.start();
        const auto leaseExpires = [&]() -> qint64 {
            auto q = OrdoInternals::database(*h.ordo).exec(QStringLiteral("SELECT lease_expires FROM steps WHERE workflow_id = ? AND step_key = 'long'"), {id});
            return q && q->next() ? q->value(0).toLongLong() : -1;
        };
        // Three leases long, half a lease at a time: each time the lease runs on from the new time.
        for (int half = 1; half <= 6; ++half) {
            clock.advance(leaseMs / 2);
            QTRY_COMPARE(leaseExpires(), clock.now().toMSecsSinceEpoch() + leaseMs);
        }
        gate->released.release();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(gate->runs.load(), 1);
        QCOMPARE(h.step(id, QStringLiteral("long")).attempt, 1);
        const QList<LogLine> log = *h.runtime->log(id, QStringLiteral("long"));
        QVERIFY(std::none_of(log.begin(), log.end(), [](const LogLine &l) { return l.message.contains(QStringLiteral("taken over")); }));
    }

    void leasesStayWithinTheirBounds_data()
    {
        QTest::addColumn<qint64>("asked");
        QTest::addColumn<qint64>("held");
        QTest::newRow("one millisecond") << qint64(1) << kMinLeaseMs;
        QTest::newRow("forever") << std::numeric_limits<qint64>::max() << kMaxLeaseMs;
    }

    void leasesStayWithinTheirBounds()
    {
        // A lease shorter than the renewal interval lapses while the step runs, and it is started again and again.
        QFETCH(qint64, asked);
        QFETCH(qint64, held);
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h(EngineOptions{2, asked, 20, QStringLiteral("holder")}, &clock);
        auto gate = std::make_shared<HoldAction::Gate>();
        h.actions->add(std::make_shared<HoldAction>(gate));
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "long", "version": 1, "steps": [{"id": "long", "action": "test.hold"}]})"));
        QTRY_COMPARE(h.stepState(id, QStringLiteral("long")), StepState::Running);
        const auto leaseExpires = [&]() -> qint64 {
            auto q = OrdoInternals::database(*h.ordo).exec(QStringLiteral("SELECT lease_expires FROM steps WHERE workflow_id = ? AND step_key = 'long'"), {id});
            return q && q->next() ? q->value(0).toLongLong() : -1;
        };
        QCOMPARE(leaseExpires(), clock.now().toMSecsSinceEpoch() + held);
        gate->released.release();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(gate->runs.load(), 1);
    }

    void anAttemptWhoseOwnLeaseLapsedIsStopped()
    {
        // The machine slept through the lease: on waking, the engine finds its own lease expired.
        ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        EngineHarness h(EngineOptions{2, 1000, 20, QStringLiteral("sleeper")}, &clock);
        auto gate = std::make_shared<HoldAction::Gate>();
        h.actions->add(std::make_shared<HoldAction>(gate));
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "slept", "version": 1, "steps": [{"id": "long", "action": "test.hold"}]})"));
        QTRY_COMPARE(h.stepState(id, QStringLiteral("long")), StepState::Running);
        // In the action, not only claimed: an attempt taken over before a worker began it is never begun.
        QTRY_COMPARE(gate->runs.load(), 1);
        clock.advance(60000);
        h.engine->wake();
        // It takes the step over like any engine would, and stops the attempt it lost.
        QTRY_COMPARE(h.step(id, QStringLiteral("long")).attempt, 2);
        // Both attempts started, and only one still runs: the lost one stopped. (One
        // running alone was true from the start: the release could go to the lost
        // attempt before it noticed, leaving the new one held for ever.)
        QTRY_COMPARE(gate->runs.load(), 2);
        QTRY_COMPARE(gate->running.load(), 1);
        gate->released.release();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(gate->runs.load(), 2);
        QCOMPARE(h.step(id, QStringLiteral("long")).attempt, 2);
    }

    void concurrencyLimitsHoldAcrossEngines()
    {
        // Two engines on one database, as two consoles or a console and `ordoctl engine run`.
        EngineHarness h(EngineOptions{1, 30000, 20, QStringLiteral("first")});
        auto gate = std::make_shared<HoldAction::Gate>();
        h.actions->add(std::make_shared<HoldAction>(gate, QStringLiteral("first")));
        auto secondActions = std::make_shared<ActionRegistry>();
        secondActions->addBuiltinActions();
        secondActions->add(std::make_shared<HoldAction>(gate, QStringLiteral("second")));
        QVERIFY(OrdoInternals::database(*h.ordo).exec(QStringLiteral("INSERT INTO concurrency_limits VALUES ('test.hold', 2)")));
        QList<qint64> ids;
        for (int i = 0; i < 4; ++i)
            ids.append(h.start(json(R"({"name": "limited", "version": 1, "steps": [{"id": "hold", "action": "test.hold"}]})")));
        const auto countIn = [&](StepState state) {
            return int(std::count_if(ids.begin(), ids.end(), [&](qint64 id) { return h.stepState(id, QStringLiteral("hold")) == state; }));
        };
        // The first engine, with one worker, takes one; the second, with three, may take only one more.
        h.startEngine();
        QTRY_COMPARE(countIn(StepState::Running), 1);
        Engine second(h.databasePath(), secondActions, EngineOptions{3, 30000, 20, QStringLiteral("second")});
        second.start();
        QTRY_COMPARE(countIn(StepState::Running), 2);
        // The first engine is full: the second ran this, after looking at the two held back.
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(countIn(StepState::Running), 2);
        QCOMPARE(countIn(StepState::Ready), 2);
        gate->released.release(4);
        for (qint64 id : std::as_const(ids))
            QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(gate->mostAtOnce.load(), 2);
        QSet<QString> engines;
        for (qint64 id : std::as_const(ids))
            engines.insert(h.step(id, QStringLiteral("hold")).outputs.value(QStringLiteral("engine")).toString());
        QCOMPARE(engines, (QSet<QString>{QStringLiteral("first"), QStringLiteral("second")}));
    }

    void enginesClaimingAtOnceTakeEachStepOnceWithinTheLimit()
    {
        // Four engines on one database, all woken by every commit: on PostgreSQL they
        // write at the same time. No step is taken twice, and the limit holds across them.
        // Each has one worker, so that none can take every step the limit lets run: an
        // engine that completes a step claims the next in the same transaction, and with
        // more workers one engine kept all three places (seen in CI on PostgreSQL).
        EngineHarness h(EngineOptions{1, 30000, 5, QStringLiteral("e0")});
        auto gate = std::make_shared<HoldAction::Gate>();
        h.actions->add(std::make_shared<HoldAction>(gate, QStringLiteral("e0")));
        QVERIFY(OrdoInternals::database(*h.ordo).exec(QStringLiteral("INSERT INTO concurrency_limits VALUES ('test.hold', 3)")));
        QList<qint64> ids;
        for (int i = 0; i < 20; ++i)
            ids.append(h.start(json(R"({"name": "shared", "version": 1, "steps": [
                {"id": "a", "action": "test.hold"}, {"id": "b", "action": "test.hold"}]})")));
        std::vector<std::unique_ptr<Engine>> others;
        for (int i = 1; i < 4; ++i) {
            auto registry = std::make_shared<ActionRegistry>();
            registry->addBuiltinActions();
            registry->add(std::make_shared<HoldAction>(gate, QStringLiteral("e%1").arg(i)));
            others.push_back(std::make_unique<Engine>(h.databasePath(), registry, EngineOptions{1, 30000, 5, QStringLiteral("e%1").arg(i)}));
            others.back()->start();
        }
        h.startEngine();
        const auto allSucceeded = [&] {
            return std::all_of(ids.begin(), ids.end(), [&](qint64 id) { return h.state(id) == WorkflowState::Succeeded; });
        };
        // Attempts are let go one by one, so that claims keep meeting each other.
        QElapsedTimer waited;
        waited.start();
        while (!allSucceeded() && waited.elapsed() < 60000) {
            gate->released.release(1);
            QTest::qWait(2);
        }
        QVERIFY(allSucceeded());
        QCOMPARE(gate->runs.load(), 40);
        QVERIFY2(gate->mostAtOnce.load() <= 3, qPrintable(QString::number(gate->mostAtOnce.load())));
        QSet<QString> engines;
        for (qint64 id : std::as_const(ids)) {
            QCOMPARE(h.step(id, QStringLiteral("a")).attempt, 1);
            QCOMPARE(h.step(id, QStringLiteral("b")).attempt, 1);
            for (const char *key : {"a", "b"})
                engines.insert(h.step(id, QString::fromLatin1(key)).outputs.value(QStringLiteral("engine")).toString());
        }
        // On PostgreSQL the engines did meet: the work was shared out among them,
        // not taken by one. (On SQLite the first engine to write usually takes it all.)
        if (TestEnvironment::isPostgres())
            QVERIFY2(engines.size() >= 2, qPrintable(QStringList(engines.cbegin(), engines.cend()).join(QLatin1Char(' '))));
    }

    void stoppingTheEngineHandsRunningStepsBack()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "interrupted", "version": 1, "steps": [
            {"id": "long", "action": "test.sleep", "with": {"ms": 1500}},
            {"id": "after", "action": "test.noop", "after": ["long"]}]})"));
        QTRY_COMPARE(h.stepState(id, QStringLiteral("long")), StepState::Running);
        h.stopEngine(); // the console closes mid-step
        QCOMPARE(h.stepState(id, QStringLiteral("long")), StepState::Ready);
        QCOMPARE(h.state(id), WorkflowState::Running);
        h.startEngine();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 10000);
        QCOMPARE(h.step(id, QStringLiteral("long")).attempt, 2);
    }

    void startedInsideACallersTransactionKeepsItsLog()
    {
        EngineHarness h;
        qint64 id = 0;
        // As the approval that starts an order's workflow will: one transaction for both.
        const Status approved = OrdoInternals::database(*h.ordo).write([&]() -> Status {
            auto started = h.runtime->start(json(R"({"name": "inside", "version": 1, "steps": [{"id": "a", "action": "test.noop"}]})"), {},
                                            QStringLiteral("approver"));
            if (!started)
                return started.error();
            id = *started;
            return ok();
        });
        QVERIFY(approved);
        auto log = h.runtime->log(id);
        QVERIFY(log);
        QVERIFY(std::any_of(log->begin(), log->end(), [](const LogLine &l) { return l.message.contains(QStringLiteral("started by approver")); }));
        QCOMPARE(h.step(id, QStringLiteral("a")).state, StepState::Ready);
        h.startEngine();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 10000);
        log = h.runtime->log(id, QStringLiteral("a"));
        QVERIFY(log);
        QVERIFY(!log->isEmpty());
        QCOMPARE(log->last().message, QStringLiteral("running -> succeeded"));
    }

    void aRollbackWhoseLastStepLostItsEngineEnds()
    {
        EngineHarness h(EngineOptions{2, 200, 20, QStringLiteral("survivor")});
        const qint64 id = h.start(json(R"({"name": "orphaned-rollback", "version": 1, "steps": [{"id": "a", "action": "test.noop"}]})"));
        // An engine claims the only step and dies; support rolls the workflow back meanwhile.
        auto claimed = h.runtime->claim(QStringLiteral("dead-engine"), 1, 100);
        QVERIFY(claimed);
        QCOMPARE(claimed->size(), 1);
        QVERIFY(h.runtime->rollback(id, QStringLiteral("support"), QStringLiteral("ordered by mistake")));
        QCOMPARE(h.state(id), WorkflowState::RollingBack);
        // The survivor finds the lease expired: the step was to stop anyway, and the rollback ends.
        h.startEngine();
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::RolledBack, 10000);
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Cancelled);
    }

    void aRollbackWaitsForAStepStillRunning()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "midflight", "version": 1, "steps": [
            {"id": "a", "action": "test.noop", "compensate": {"action": "test.noop"}},
            {"id": "slow", "action": "test.sleep", "after": ["a"], "with": {"ms": 5000}, "compensate": {"action": "test.noop"}},
            {"id": "boom", "action": "test.fail", "after": ["a"], "with": {"kind": "permanent"}, "onError": "rollback"}]})"));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::RolledBack, 10000);
        QCOMPARE(h.stepState(id, QStringLiteral("slow")), StepState::Cancelled);
        QCOMPARE(h.step(id, QStringLiteral("slow"), StepKind::Compensation).state, StepState::Cancelled);
        QCOMPARE(h.stepState(id, QStringLiteral("a")), StepState::Compensated);
        // a was undone only after slow had ended.
        QVERIFY(h.step(id, QStringLiteral("a"), StepKind::Compensation).startedAt >= h.step(id, QStringLiteral("slow")).finishedAt);
    }

    void supportOperationsRespectTheStates()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "guarded", "version": 1, "steps": [
            {"id": "a", "action": "test.fail", "onError": "pause"},
            {"id": "b", "action": "test.noop", "after": ["a"]}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        // A step whose predecessors have not finished is not run by hand.
        auto early = h.runtime->retryStep(id, QStringLiteral("b"), {}, QStringLiteral("carol"), QStringLiteral("hurry"));
        QVERIFY(!early);
        QCOMPARE(early.error().code, ErrorCode::Conflict);
        QCOMPARE(h.stepState(id, QStringLiteral("b")), StepState::Pending);
        QVERIFY(h.runtime->rollback(id, QStringLiteral("carol"), QStringLiteral("give up")));
        QTRY_COMPARE(h.state(id), WorkflowState::RolledBack);
        auto pause = h.runtime->pause(id, QStringLiteral("carol"), QStringLiteral("too late"));
        QVERIFY(!pause);
    }

    void eventsReachListeners()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "events", "version": 1, "steps": [{"id": "a", "action": "test.noop"},
            {"id": "b", "action": "test.noop", "after": ["a"]}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QTRY_VERIFY(std::any_of(h.events.begin(), h.events.end(), [&](const EngineEvent &e) {
            return e.workflowId == id && e.kind == EngineEvent::Kind::Workflow && e.workflowState == WorkflowState::Succeeded;
        }));
        QVERIFY(std::any_of(h.events.begin(), h.events.end(), [&](const EngineEvent &e) {
            return e.workflowId == id && e.kind == EngineEvent::Kind::Step && e.stepKey == QLatin1String("a")
                   && e.stepKind == StepKind::Normal && e.stepState == StepState::Running;
        }));
        // One signal per turn of the engine: a finished step, the next one ready and running.
        QVERIFY2(h.eventBatches < h.events.size(), qPrintable(QStringLiteral("%1 batches of %2 events").arg(h.eventBatches).arg(h.events.size())));
    }

    void transitionsAreChecked()
    {
        QVERIFY(canTransition(StepState::Ready, StepState::Running));
        QVERIFY(!canTransition(StepState::Succeeded, StepState::Running));
        QVERIFY(!canTransition(StepState::Skipped, StepState::Ready));
        QVERIFY(!canTransition(WorkflowState::Cancelled, WorkflowState::Running));
        QVERIFY(!canTransition(WorkflowState::RolledBack, WorkflowState::RollingBack));
        QVERIFY(!canTransition(WorkflowState::RollingBack, WorkflowState::Paused)); // continuing would run it forward
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "done", "version": 1, "steps": [{"id": "a", "action": "test.noop"}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        auto pause = h.runtime->pause(id, QStringLiteral("carol"), QStringLiteral("too late"));
        QVERIFY(!pause);
        QCOMPARE(pause.error().code, ErrorCode::Conflict);
    }

    void aReferenceToAMissingValueFailsTheStepAndTheEngineGoesOn()
    {
        EngineHarness h;
        h.startEngine();
        // Nested inside an object and an array: this once crashed every engine that claimed the step.
        const qint64 id = h.start(json(R"({"name": "typo", "version": 1, "steps": [
            {"id": "a", "action": "test.echo", "with": {"v": 1}},
            {"id": "b", "action": "test.echo", "after": ["a"],
             "retry": {"maxAttempts": 3, "initialIntervalMs": 1}, "editable": ["body"],
             "with": {"body": {"p": "${steps.a.outputs.nothere}", "q": [1, {"r": "${steps.a.outputs.v}"}]}}}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        const StepInfo b = h.step(id, QStringLiteral("b"));
        QCOMPARE(b.state, StepState::Failed);
        QCOMPARE(b.errorKind, QStringLiteral("permanent"));
        QVERIFY2(b.error.contains(QStringLiteral("${steps.a.outputs.nothere}")), qPrintable(b.error));
        QCOMPARE(b.attempt, 1); // permanent: not retried
        // The same engine runs other workflows on.
        const qint64 other = h.start(json(R"({"name": "other", "version": 1, "steps": [{"id": "x", "action": "test.noop"}]})"));
        QTRY_COMPARE(h.state(other), WorkflowState::Succeeded);
        // Support mends the reference by retrying with the input edited.
        QVERIFY(h.runtime->retryStep(id, QStringLiteral("b"), {{QStringLiteral("body"), QJsonObject{{QStringLiteral("p"), 7}}}},
                                     QStringLiteral("carol"), QStringLiteral("typo in the definition")));
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("b")).outputs.value(QStringLiteral("body")).toObject().value(QStringLiteral("p")).toInt(), 7);
    }

    void aLastStepThatCannotStartUnderContinueEndsTheWorkflow()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "lasttypo", "version": 1, "steps": [
            {"id": "a", "action": "test.echo", "with": {"v": 1}},
            {"id": "b", "action": "test.echo", "after": ["a"], "onError": "continue", "with": {"p": "${steps.a.outputs.nothere}"}}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("b")).state, StepState::Failed);
    }

    void absentOptionalValuesReadAsNull()
    {
        EngineHarness h;
        h.startEngine();
        const qint64 id = h.start(json(R"({"name": "optional", "version": 1,
            "inputs": {"note": {"type": "string", "required": false}},
            "steps": [
            {"id": "maybe", "action": "test.echo", "when": "${inputs.note} == 'never'", "with": {"v": 1}},
            {"id": "start", "action": "test.noop"},
            {"id": "use", "action": "test.echo", "after": ["maybe", "start"],
             "with": {"note": "${inputs.note}", "v": "${steps.maybe.outputs.v}", "text": "v=${steps.maybe.outputs.v}"}}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        const StepInfo use = h.step(id, QStringLiteral("use"));
        QCOMPARE(h.step(id, QStringLiteral("maybe")).state, StepState::Skipped);
        QCOMPARE(use.state, StepState::Succeeded);
        QVERIFY(use.outputs.value(QStringLiteral("note")).isNull());
        QVERIFY(use.outputs.value(QStringLiteral("v")).isNull());
        QCOMPARE(use.outputs.value(QStringLiteral("text")).toString(), QStringLiteral("v="));
    }

    // Each step's inputs hold the outputs of the one before twice, so they double
    // at every step: once 5.7 KB of definition made 200 MB, and a little more
    // aborted every engine that claimed the step.
    void inputsThatDoubleFailAtTheBoundAndTheEngineGoesOn()
    {
        EngineHarness h;
        h.startEngine();
        constexpr int kSteps = 14; // unbounded, the last step's inputs would take some 8 MB
        QJsonArray steps{QJsonObject{{QStringLiteral("id"), QStringLiteral("s0")}, {QStringLiteral("action"), QStringLiteral("test.echo")},
                                     {QStringLiteral("with"), QJsonObject{{QStringLiteral("v"), QString(1000, QLatin1Char('x'))}}}}};
        for (int i = 1; i < kSteps; ++i) {
            const QString previous = QStringLiteral("${steps.s%1.outputs}").arg(i - 1);
            steps.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("s%1").arg(i)},
                                     {QStringLiteral("action"), QStringLiteral("test.echo")},
                                     {QStringLiteral("after"), QJsonArray{QStringLiteral("s%1").arg(i - 1)}},
                                     {QStringLiteral("with"), QJsonObject{{QStringLiteral("a"), previous}, {QStringLiteral("b"), previous}}}});
        }
        const qint64 id = h.start(QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("doubling")},
                                                            {QStringLiteral("version"), 1},
                                                            {QStringLiteral("steps"), steps}})
                                      .toJson());
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);

        // The first step whose inputs would go over the bound fails for good; what came before it is kept.
        int over = 0;
        while (over < kSteps && h.stepState(id, QStringLiteral("s%1").arg(over)) == StepState::Succeeded)
            ++over;
        QVERIFY2(over > 0 && over < kSteps, qPrintable(QString::number(over)));
        const StepInfo failed = h.step(id, QStringLiteral("s%1").arg(over));
        QCOMPARE(failed.state, StepState::Failed);
        QCOMPARE(failed.errorKind, QStringLiteral("permanent"));
        QCOMPARE(failed.attempt, 1);
        QVERIFY2(failed.error.contains(QString::number(kMaxStepDataSize)), qPrintable(failed.error));
        QVERIFY(failed.inputs.isEmpty());
        QVERIFY(failed.outputs.isEmpty());
        const qsizetype lastKept = textSize(h.step(id, QStringLiteral("s%1").arg(over - 1)).outputs);
        QVERIFY2(2 * lastKept > kMaxStepDataSize, "the step failed before its inputs were over the bound");
        auto workflow = h.runtime->workflow(id);
        QVERIFY(workflow);
        QVERIFY2(workflow->error.contains(QStringLiteral("s%1").arg(over)), qPrintable(workflow->error));

        // Nothing kept is over the bound, and nothing after the failed step was made.
        qsizetype stored = 0;
        for (int i = 0; i < kSteps; ++i) {
            const StepInfo step = h.step(id, QStringLiteral("s%1").arg(i));
            QVERIFY(textSize(step.inputs) <= kMaxStepDataSize);
            QVERIFY(textSize(step.outputs) <= kMaxStepDataSize);
            stored += textSize(step.inputs) + textSize(step.outputs);
            if (i > over)
                QCOMPARE(step.state, StepState::Pending);
        }
        // Each kept step is half the next: all of them together under twice the bound, inputs and outputs each.
        QVERIFY2(stored < 4 * kMaxStepDataSize, qPrintable(QString::number(stored)));

        // The same engine runs other workflows on.
        const qint64 other = h.start(json(R"({"name": "other", "version": 1, "steps": [{"id": "x", "action": "test.noop"}]})"));
        QTRY_COMPARE(h.state(other), WorkflowState::Succeeded);
    }

    // Stopping a running step is asked for in its row alone (state, attempt and lease
    // stay), as another engine's rollback does. Its attempt then returns more than a
    // step may keep: it is cancelled, as asked, not failed under the workflow's policy,
    // though its engine records successes from the row its claim left.
    void outputsOverTheBoundOfAStepAskedToStopCancelIt()
    {
        EngineHarness h;
        const qint64 id = h.start(json(R"({"name": "stop-large", "version": 1, "steps": [
            {"id": "make", "action": "test.noop"}, {"id": "after", "action": "test.noop", "after": ["make"]}]})"));
        auto claimed = h.runtime->claim(QStringLiteral("mine"), 1, 60000);
        ORDO_VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 1);
        Database &db = OrdoInternals::database(*h.ordo);
        ORDO_VERIFY_OK(db.exec(QStringLiteral("UPDATE steps SET cancel_requested = 1 WHERE id = ?"), {claimed->first().rowId}));
        const QJsonObject large{{QStringLiteral("s"), QString(kMaxStepDataSize, QLatin1Char('x'))}};
        ORDO_VERIFY_OK(h.runtime->complete({{claimed->first().rowId, claimed->first().attempt, large, {}, id}}, QStringLiteral("mine")));
        const StepInfo make = h.step(id, QStringLiteral("make"));
        QCOMPARE(make.state, StepState::Cancelled);
        QVERIFY(make.outputs.isEmpty());
        QCOMPARE(h.stepState(id, QStringLiteral("after")), StepState::Pending);
    }

    // Inputs and outputs up to the bound are kept; one character more fails the step for good.
    void theBoundOnInputsAndOutputsIsExact_data()
    {
        QTest::addColumn<qint64>("chars");
        QTest::addColumn<bool>("kept");
        // {"s":"..."} is the characters and 8 more.
        QTest::newRow("outputs at the bound") << qint64(kMaxStepDataSize - 8) << true;
        QTest::newRow("outputs over the bound") << qint64(kMaxStepDataSize - 7) << false;
    }

    void theBoundOnInputsAndOutputsIsExact()
    {
        QFETCH(qint64, chars);
        QFETCH(bool, kept);
        EngineHarness h;
        h.actions->add(std::make_shared<LargeOutputAction>());
        h.startEngine();
        const qint64 id = h.start(QStringLiteral(R"({"name": "large", "version": 1, "steps": [
            {"id": "make", "action": "test.large", "with": {"chars": %1}},
            {"id": "use", "action": "test.echo", "after": ["make"], "with": {"s": "${steps.make.outputs.s}"}},
            {"id": "more", "action": "test.echo", "after": ["use"], "with": {"s": "${steps.make.outputs.s}."}}]})")
                                      .arg(chars)
                                      .toUtf8());
        QTRY_VERIFY(isTerminal(h.state(id)));
        const StepInfo make = h.step(id, QStringLiteral("make"));
        if (!kept) {
            QCOMPARE(make.state, StepState::Failed);
            QCOMPARE(make.errorKind, QStringLiteral("permanent"));
            QVERIFY2(make.error.contains(QString::number(kMaxStepDataSize + 1)), qPrintable(make.error));
            QVERIFY(make.outputs.isEmpty());
            QCOMPARE(h.state(id), WorkflowState::Failed);
            return;
        }
        QCOMPARE(make.state, StepState::Succeeded);
        QCOMPARE(textSize(make.outputs), kMaxStepDataSize);
        // Inputs of the same size are kept; one more character is over.
        const StepInfo use = h.step(id, QStringLiteral("use"));
        QCOMPARE(use.state, StepState::Succeeded);
        QCOMPARE(textSize(use.inputs), kMaxStepDataSize);
        const StepInfo more = h.step(id, QStringLiteral("more"));
        QCOMPARE(more.state, StepState::Failed);
        QCOMPARE(more.errorKind, QStringLiteral("permanent"));
        QVERIFY2(more.error.contains(QString::number(kMaxStepDataSize)), qPrintable(more.error));
        QVERIFY(more.inputs.isEmpty()); // refused before it started, not after
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
