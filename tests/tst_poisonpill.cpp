// A step that kills its engine every time it runs (a poison pill) must not
// stop the engines for good: after kMaxLostAttempts engines died running it,
// it is failed with that reason and its workflow follows its error policy,
// while the other workflows in the database go on. The engines are this
// test's own binary in worker mode, with a crashing action that only this
// test registers.

#include "TestSupport.h"
#include "OrdoInternals.h"

#include "engine/Engine.h"
#include "engine/Runtime.h"

#include <QSet>
#include <QTimer>

#include <csignal>

using namespace ordo;
using namespace ordo::test;

namespace {

// Takes its process down the hardest way, as a segfault in a connector would.
class CrashAction final : public engine::Action
{
public:
    QString name() const override { return QStringLiteral("test.crash"); }
    QHash<QString, engine::InputSpec> inputs() const override { return {}; }
    bool acceptsAnyInput() const override { return true; }
    engine::ActionOutcome run(engine::ActionContext &) override
    {
        ::raise(SIGKILL);
        return QJsonObject();
    }
};

std::shared_ptr<engine::ActionRegistry> registryWithCrash()
{
    auto actions = std::make_shared<engine::ActionRegistry>();
    actions->addBuiltinActions();
    actions->add(std::make_shared<CrashAction>());
    return actions;
}

constexpr qint64 kLeaseMs = 300;

// Worker mode: one engine on the database until it is idle, or killed by test.crash.
int engineWorker(const QString &database)
{
    engine::EngineOptions options;
    options.workers = 4;
    options.leaseMs = kLeaseMs;
    options.pollMs = 50;
    engine::Engine engine(database, registryWithCrash(), options);
    QObject::connect(&engine, &engine::Engine::idle, &engine, [] { QCoreApplication::exit(0); });
    QObject::connect(&engine, &engine::Engine::failed, &engine, [](const QString &message) {
        qWarning("engine failed: %s", qPrintable(message));
        QCoreApplication::exit(1);
    });
    // A guard against a hang, not a measure: a healthy run is idle within seconds.
    QTimer::singleShot(120000, [] { QCoreApplication::exit(2); });
    engine.start();
    const int code = QCoreApplication::exec();
    engine.stop();
    return code;
}

// retry: the pill's retry policy, whose attempts must not each take more engines down.
QByteArray poisoned(const QString &name, const QString &onError, const QString &retry)
{
    return QStringLiteral(R"({"name": "%1", "version": 1, "onError": "%2", "steps": [
        {"id": "before", "action": "test.noop"},
        {"id": "boom", "action": "test.crash", "after": ["before"], "retry": %3},
        {"id": "after", "action": "test.noop", "after": ["boom"]}]})")
        .arg(name, onError, retry)
        .toUtf8();
}

// Innocent work beside the pill: a chain of short steps, some running whenever an engine dies.
const QByteArray kHealthy = R"({"name": "healthy", "version": 1, "steps": [
    {"id": "s1", "action": "test.sleep", "with": {"ms": 20}},
    {"id": "s2", "action": "test.sleep", "with": {"ms": 20}, "after": ["s1"]},
    {"id": "s3", "action": "test.sleep", "with": {"ms": 20}, "after": ["s2"]},
    {"id": "s4", "action": "test.noop", "after": ["s3"]}]})";

const QByteArray kOneStep = R"({"name": "one", "version": 1, "steps": [{"id": "only", "action": "test.noop"}]})";

// One runtime and a manual clock: engines are lease owners that die by letting their leases expire.
struct Bench
{
    TestEnvironment env;
    std::unique_ptr<Ordo> ordo;
    engine::ActionRegistry actions;
    ManualClock clock{QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC)};
    std::unique_ptr<engine::Runtime> runtime;

    Bench()
    {
        auto opened = Ordo::open(env.databasePath());
        if (!opened)
            qFatal("cannot open: %s", qPrintable(opened.error().message));
        ordo = std::move(*opened);
        actions.addBuiltinActions();
        runtime = std::make_unique<engine::Runtime>(OrdoInternals::database(*ordo), ordo->audit(), actions, clock);
    }
    qint64 start(const QByteArray &definition)
    {
        auto id = runtime->start(definition, {}, QStringLiteral("test"));
        if (!id)
            qFatal("cannot start: %s", qPrintable(id.error().message));
        return *id;
    }
    QList<engine::Claim> claim(const QString &owner, int max)
    {
        auto claims = runtime->claim(owner, max, kLeaseMs);
        if (!claims)
            qFatal("cannot claim: %s", qPrintable(claims.error().message));
        return *claims;
    }
    void leasesExpire() { clock.advance(kLeaseMs + 1); }
};

std::optional<engine::StepInfo> stepOf(engine::Runtime &runtime, qint64 workflowId, const QString &key)
{
    auto steps = runtime.steps(workflowId);
    if (!steps)
        return std::nullopt;
    for (const engine::StepInfo &s : std::as_const(*steps))
        if (s.key == key && s.kind == engine::StepKind::Normal)
            return s;
    return std::nullopt;
}

} // namespace

class TestPoisonPill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void stepThatKillsItsEngineIsFailedAndTheOthersGoOn()
    {
        TestEnvironment env;
        auto opened = Ordo::open(env.databasePath());
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        std::unique_ptr<Ordo> ordo = std::move(*opened);
        auto actions = registryWithCrash();
        Clock clock;
        engine::Runtime runtime(OrdoInternals::database(*ordo), ordo->audit(), *actions, clock);
        auto pausing = runtime.start(poisoned(QStringLiteral("pill-pause"), QStringLiteral("pause"), QStringLiteral(R"({"maxAttempts": 1})")), {}, QStringLiteral("test"));
        QVERIFY2(pausing, qPrintable(pausing ? QString() : pausing.error().message));
        auto failing = runtime.start(poisoned(QStringLiteral("pill-fail"), QStringLiteral("fail"),
                                                QStringLiteral(R"({"maxAttempts": 5, "initialIntervalMs": 1, "nonRetryable": []})")),
                                       {}, QStringLiteral("test"));
        QVERIFY2(failing, qPrintable(failing ? QString() : failing.error().message));
        QList<qint64> healthy;
        for (int i = 0; i < 8; ++i) {
            auto id = runtime.start(kHealthy, {}, QStringLiteral("test"));
            QVERIFY2(id, qPrintable(id ? QString() : id.error().message));
            healthy.append(*id);
        }

        // Engines are started one after another, as a supervisor restarts a dead one,
        // until one no longer dies. Each pill takes kMaxLostAttempts engines down at most,
        // two at once in the first rounds, before it is failed.
        int crashed = 0;
        bool survived = false;
        const int maxStarts = 2 * engine::kMaxLostAttempts + 4;
        for (int start = 0; start < maxStarts && !survived; ++start) {
            QProcess worker;
            worker.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            worker.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--engine-worker"), env.databasePath()});
            QVERIFY(worker.waitForStarted());
            QVERIFY(worker.waitForFinished(180000));
            if (worker.exitStatus() == QProcess::CrashExit) {
                ++crashed;
            } else {
                QCOMPARE(worker.exitCode(), 0);
                survived = true;
            }
        }
        QVERIFY2(survived, qPrintable(QStringLiteral("every one of %1 engines died").arg(maxStarts)));
        qInfo("%d engines died before one ran until idle", crashed);
        QVERIFY(crashed >= engine::kMaxLostAttempts);

        const QString reason = QStringLiteral("its engine stopped while running it, %1 times in a row").arg(engine::kMaxLostAttempts);
        // onError pause: the pill is paused with the reason, and so is its workflow; nothing after it ran.
        const auto pausedPill = stepOf(runtime, *pausing, QStringLiteral("boom"));
        QVERIFY(pausedPill);
        QCOMPARE(pausedPill->state, engine::StepState::Paused);
        QCOMPARE(pausedPill->error, reason);
        QCOMPARE(pausedPill->errorKind, QStringLiteral("permanent"));
        QCOMPARE(pausedPill->attempt, engine::kMaxLostAttempts);
        auto pausedFlow = runtime.workflow(*pausing);
        QVERIFY(pausedFlow);
        QCOMPARE(pausedFlow->state, engine::WorkflowState::Paused);
        QVERIFY2(pausedFlow->error.contains(reason), qPrintable(pausedFlow->error));
        QCOMPARE(stepOf(runtime, *pausing, QStringLiteral("after"))->state, engine::StepState::Pending);

        // onError fail: the pill and its workflow failed, and its retries were not tried
        // although its policy retries every kind of error.
        const auto failedPill = stepOf(runtime, *failing, QStringLiteral("boom"));
        QVERIFY(failedPill);
        QCOMPARE(failedPill->state, engine::StepState::Failed);
        QCOMPARE(failedPill->error, reason);
        QCOMPARE(failedPill->attempt, engine::kMaxLostAttempts);
        auto failedFlow = runtime.workflow(*failing);
        QVERIFY(failedFlow);
        QCOMPARE(failedFlow->state, engine::WorkflowState::Failed);

        // The others went on, although some of their steps died with the engines.
        for (const qint64 id : std::as_const(healthy)) {
            auto w = runtime.workflow(id);
            QVERIFY(w);
            QVERIFY2(w->state == engine::WorkflowState::Succeeded,
                     qPrintable(QStringLiteral("workflow %1 is %2: %3").arg(id).arg(engine::workflowStateName(w->state), w->error)));
        }
    }

    // Only attempts lost in a row count: one that ends otherwise (here its engine
    // stops and hands it back) starts the count again.
    void onlyAttemptsLostInARowCount()
    {
        Bench b;
        const qint64 id = b.start(kOneStep);
        QCOMPARE(b.claim(QStringLiteral("e1"), 1).size(), 1);
        b.leasesExpire();
        QCOMPARE(b.claim(QStringLiteral("e2"), 1).size(), 1);
        b.leasesExpire();
        QCOMPARE(b.claim(QStringLiteral("e3"), 1).size(), 1);
        QVERIFY(b.runtime->releaseLeases(QStringLiteral("e3")));
        QCOMPARE(b.claim(QStringLiteral("e4"), 1).size(), 1);
        for (int lost = 1; lost < engine::kMaxLostAttempts; ++lost) {
            b.leasesExpire();
            const auto claims = b.claim(QStringLiteral("e%1").arg(4 + lost), 1);
            QCOMPARE(claims.size(), 1);
            QCOMPARE(claims.first().stepKey, QStringLiteral("only"));
        }
        QCOMPARE(stepOf(*b.runtime, id, QStringLiteral("only"))->state, engine::StepState::Running);
        // The next loss is one too many: the step fails, and the workflow with it (onError fail, the default).
        b.leasesExpire();
        QVERIFY(b.claim(QStringLiteral("last"), 1).isEmpty());
        const auto only = stepOf(*b.runtime, id, QStringLiteral("only"));
        QCOMPARE(only->state, engine::StepState::Failed);
        QCOMPARE(only->error, QStringLiteral("its engine stopped while running it, %1 times in a row").arg(engine::kMaxLostAttempts));
        QCOMPARE(b.runtime->workflow(id)->state, engine::WorkflowState::Failed);
    }

    // A step lost with its engine more than once runs alone: an engine that takes
    // it over takes nothing else until it ends, so no other step dies with it.
    void aSuspectRunsAlone()
    {
        Bench b;
        const qint64 first = b.start(kOneStep);
        const qint64 second = b.start(kOneStep);
        const qint64 bystander = b.start(kOneStep);
        QCOMPARE(b.claim(QStringLiteral("e1"), 2).size(), 2);
        b.leasesExpire();
        QCOMPARE(b.claim(QStringLiteral("e2"), 2).size(), 2); // lost once each: taken over together
        b.leasesExpire();
        QSet<qint64> ranAlone;
        for (int turn = 0; turn < 2; ++turn) {
            const auto claims = b.claim(QStringLiteral("e3"), 3);
            QCOMPARE(claims.size(), 1);
            QVERIFY(claims.first().workflowId == first || claims.first().workflowId == second);
            ranAlone.insert(claims.first().workflowId);
            QVERIFY(b.claim(QStringLiteral("e3"), 3).isEmpty()); // nothing beside it while it runs
            QVERIFY(b.runtime->complete({{claims.first().rowId, claims.first().attempt, QJsonObject(), {}}}, QStringLiteral("e3")));
        }
        QCOMPARE(ranAlone.size(), 2);
        const auto rest = b.claim(QStringLiteral("e3"), 3);
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest.first().workflowId, bystander);
    }

    // Notified work claimed before an engine answers its completions waits while a
    // suspect's lease has lapsed: those completions may leave the engine holding
    // nothing, and a suspect goes to such an engine first.
    void notifiedWorkWaitsBehindASuspect()
    {
        Bench b;
        const qint64 suspect = b.start(kOneStep);
        QCOMPARE(b.claim(QStringLiteral("e1"), 1).size(), 1);
        b.leasesExpire();
        QCOMPARE(b.claim(QStringLiteral("e2"), 1).size(), 1);
        b.leasesExpire();
        const qint64 fresh = b.start(kOneStep);
        auto early = b.runtime->claimNotified(QStringLiteral("e3"), kLeaseMs, 1);
        QVERIFY(early);
        QVERIFY(early->isEmpty());
        const auto alone = b.claim(QStringLiteral("e3"), 2);
        QCOMPARE(alone.size(), 1);
        QCOMPARE(alone.first().workflowId, suspect);
        QVERIFY(b.runtime->complete({{alone.first().rowId, alone.first().attempt, QJsonObject(), {}}}, QStringLiteral("e3")));
        auto later = b.runtime->claimNotified(QStringLiteral("e3"), kLeaseMs, 1);
        QVERIFY(later);
        QCOMPARE(later->size(), 1);
        QCOMPARE(later->first().workflowId, fresh);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--engine-worker") == 0)
        return engineWorker(QString::fromLocal8Bit(argv[2]));
    TestPoisonPill test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_poisonpill.moc"
