// SSH into guests with libssh against a real sshd on loopback: commands and
// their output, key authentication from the keychain, host key pinning, and
// the faults (server down, key refused, host key changed) in their classes.

#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "KeyringSession.h"
#include "TestServers.h"

#include "connectors/Guest.h"
#include "security/SecretStore.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>

#include <signal.h>
#include <thread>

using namespace ordo;
using namespace ordo::engine;
using namespace ordo::test;

class TestGuest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KeyringSession> m_keyring;
    std::unique_ptr<SshServer> m_sshd;
    QStringList m_log;

    QJsonObject target(const QString &vm = QStringLiteral("web-01")) const
    {
        return {{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                {QStringLiteral("port"), m_sshd->port()},
                {QStringLiteral("user"), currentUserName()},
                {QStringLiteral("keySecret"), QStringLiteral("guest-key")},
                {QStringLiteral("vm"), vm}};
    }

    ActionOutcome run(const QString &dbPath, const char *action, const QJsonObject &inputs, std::shared_ptr<std::atomic_bool> cancel = {},
                      const Clock &clock = systemClock())
    {
        ActionRegistry registry;
        connectors::registerGuestActions(registry, dbPath);
        return runAction(registry, QString::fromLatin1(action), inputs, QStringLiteral("wf/step"), std::move(cancel),
                         [this](const QString &line) { m_log.append(line); }, clock);
    }

    static QJsonObject with(QJsonObject base, const QString &key, const QJsonValue &value)
    {
        base.insert(key, value);
        return base;
    }

    // The sshd runs on this machine, so the guest's processes are ours to see.
    static QList<pid_t> processesRunning(const QByteArray &commandLine)
    {
        QList<pid_t> found;
        for (const QString &pid : QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs)) {
            QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll() == commandLine)
                found.append(pid.toInt());
        }
        return found;
    }
    static bool processRunning(const QByteArray &commandLine) { return !processesRunning(commandLine).isEmpty(); }

    static QString fingerprintOf(const QString &databasePath, const QString &guest)
    {
        const CommandResult keys = ordoctl(databasePath, QStringLiteral("pat"), {QStringLiteral("--json"), QStringLiteral("guests"), QStringLiteral("keys")});
        for (const QJsonValue &key : QJsonDocument::fromJson(keys.out.toUtf8()).array())
            if (key.toObject().value(QStringLiteral("guest")).toString() == guest)
                return key.toObject().value(QStringLiteral("fingerprint")).toString();
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_keyring = std::make_unique<KeyringSession>();
        m_sshd = std::make_unique<SshServer>();
        ORDO_VERIFY_OK(SecretStore().write(QStringLiteral("guest-key"), m_sshd->userPrivateKey()));
        ORDO_VERIFY_OK(SecretStore().write(QStringLiteral("other-key"), m_sshd->unauthorizedPrivateKey()));
        ORDO_VERIFY_OK(SecretStore().write(QStringLiteral("not-a-key"), "hello"));
    }

    void init()
    {
        m_log.clear();
        m_sshd->start();
    }

    void cleanup() { m_sshd->stop(); }

    void cleanupTestCase()
    {
        m_sshd.reset();
        m_keyring.reset();
    }

    void execRunsCommandsAndLogsTheirOutput()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const auto outcome = run(env.databasePath(), "guest.exec",
                                 with(target(), QStringLiteral("command"), QJsonArray{QStringLiteral("echo hello; echo world"), QStringLiteral("whoami")}));
        QVERIFY(std::holds_alternative<QJsonObject>(outcome));
        const QJsonObject out = std::get<QJsonObject>(outcome);
        QCOMPARE(out.value(QStringLiteral("exitStatus")).toInt(), 0);
        QCOMPARE(out.value(QStringLiteral("stdout")).toString(), currentUserName() + QLatin1Char('\n'));
        const QJsonArray results = out.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results.first().toObject().value(QStringLiteral("stdout")).toString(), QStringLiteral("hello\nworld\n"));
        QVERIFY2(m_log.contains(QStringLiteral("hello")) && m_log.contains(QStringLiteral("world")), qPrintable(m_log.join(QLatin1Char('|'))));
        QVERIFY(m_log.contains(QStringLiteral("$ whoami")));

        // The host key was recorded at this first contact, for no tenant (no
        // tenant's workflow met the guest): the provider's support sees it.
        const CommandResult keys = ordoctl(env.databasePath(), QStringLiteral("pat"), {QStringLiteral("--json"), QStringLiteral("guests"), QStringLiteral("keys")});
        QCOMPARE(keys.exitCode, 0);
        const QJsonArray recorded = QJsonDocument::fromJson(keys.out.toUtf8()).array();
        QCOMPARE(recorded.size(), 1);
        QCOMPARE(recorded.first().toObject().value(QStringLiteral("guest")).toString(), QStringLiteral("web-01"));
        QVERIFY(recorded.first().toObject().value(QStringLiteral("fingerprint")).toString().startsWith(QStringLiteral("SHA256:")));
    }

    void aFailingCommandFailsTheStepUnlessAllowed()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const QJsonObject failing = with(target(), QStringLiteral("command"), QStringLiteral("echo disk full >&2; exit 3"));
        const auto failed = run(env.databasePath(), "guest.exec", failing);
        ORDO_VERIFY_ACTION_ERROR(failed, ErrorKind::Permanent, QStringLiteral("exited with 3: disk full"));
        QVERIFY(m_log.contains(QStringLiteral("stderr: disk full")));

        const auto allowed = run(env.databasePath(), "guest.exec", with(failing, QStringLiteral("allowFailure"), true));
        QVERIFY(std::holds_alternative<QJsonObject>(allowed));
        QCOMPARE(std::get<QJsonObject>(allowed).value(QStringLiteral("exitStatus")).toInt(), 3);
        QCOMPARE(std::get<QJsonObject>(allowed).value(QStringLiteral("stderr")).toString(), QStringLiteral("disk full\n"));
    }

    void outputsKeep64KiBAndTheLogKeepsAll()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const auto outcome = run(env.databasePath(), "guest.exec",
                                 with(target(), QStringLiteral("command"), QStringLiteral("seq 1 20000; seq 1 20000 >&2")));
        QVERIFY(std::holds_alternative<QJsonObject>(outcome));
        const QJsonObject out = std::get<QJsonObject>(outcome);
        QString printed;
        for (int i = 1; i <= 20000; ++i)
            printed += QString::number(i) + QLatin1Char('\n');
        QVERIFY(printed.size() > 64 * 1024);
        // Each stream is cut at 64 KiB in the outputs, the same in the command's result.
        const QString kept = printed.left(64 * 1024);
        QCOMPARE(out.value(QStringLiteral("stdout")).toString(), kept);
        QCOMPARE(out.value(QStringLiteral("stderr")).toString(), kept);
        const QJsonObject result = out.value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(result.value(QStringLiteral("stdout")).toString(), kept);
        QCOMPARE(result.value(QStringLiteral("stderr")).toString(), kept);
        // The step log has every line of both.
        QStringList expected{QStringLiteral("$ seq 1 20000; seq 1 20000 >&2")};
        for (int i = 1; i <= 20000; ++i)
            expected.append(QString::number(i));
        QStringList logged = m_log;
        QStringList errors;
        logged.removeIf([&](const QString &line) {
            if (!line.startsWith(QStringLiteral("stderr: ")))
                return false;
            errors.append(line.mid(8));
            return true;
        });
        QCOMPARE(logged, expected);
        QCOMPARE(errors, expected.mid(1));
    }

    void aFirstSeenKeyCarriesTheEnginesTime()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const ManualClock clock(QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5, 678), Qt::UTC));
        const QJsonObject check = with(target(), QStringLiteral("command"), QStringLiteral("true"));
        QVERIFY(std::holds_alternative<QJsonObject>(run(env.databasePath(), "guest.exec", check, {}, clock)));
        const CommandResult keys = ordoctl(env.databasePath(), QStringLiteral("pat"), {QStringLiteral("--json"), QStringLiteral("guests"), QStringLiteral("keys")});
        QCOMPARE(keys.exitCode, 0);
        const QJsonArray listed = QJsonDocument::fromJson(keys.out.toUtf8()).array();
        QVERIFY(!listed.isEmpty());
        for (const QJsonValue &key : listed)
            QCOMPARE(key.toObject().value(QStringLiteral("firstSeenAt")).toString(), QStringLiteral("2030-01-02T03:04:05.678Z"));
    }

    void aChangedHostKeyIsRefused()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const QJsonObject check = with(target(), QStringLiteral("command"), QStringLiteral("true"));
        QVERIFY(std::holds_alternative<QJsonObject>(run(env.databasePath(), "guest.exec", check)));
        const QString pinned = fingerprintOf(env.databasePath(), QStringLiteral("web-01"));
        QVERIFY(pinned.startsWith(QStringLiteral("SHA256:")));

        m_sshd->stop();
        m_sshd->replaceHostKey();
        m_sshd->start();
        const auto refused = run(env.databasePath(), "guest.exec", check);
        ORDO_VERIFY_ACTION_ERROR(refused, ErrorKind::Authentication, QStringLiteral("host key of web-01 changed"));
        const QString refusal = std::get<ActionError>(refused).message;
        // The probe does not wait for a changed key to change back.
        QElapsedTimer waited;
        waited.start();
        const auto probe = run(env.databasePath(), "guest.waitReachable", with(target(), QStringLiteral("timeoutMs"), 20000));
        QCOMPARE(std::get<ActionError>(probe).kind, ErrorKind::Authentication);
        QVERIFY(waited.elapsed() < 10000);
        // Another guest on the same address is another identity.
        QVERIFY(std::holds_alternative<QJsonObject>(run(env.databasePath(), "guest.exec", with(check, QStringLiteral("vm"), QStringLiteral("web-02")))));

        // Support forgets the old key; the next contact records the new one.
        QCOMPARE(ordoctl(env.databasePath(), QStringLiteral("alice"), {QStringLiteral("guests"), QStringLiteral("forget"), QStringLiteral("web-01")}).exitCode, 3);
        QCOMPARE(ordoctl(env.databasePath(), QStringLiteral("pat"), {QStringLiteral("guests"), QStringLiteral("forget"), QStringLiteral("web-01")}).exitCode, 0);
        QCOMPARE(ordoctl(env.databasePath(), QStringLiteral("pat"), {QStringLiteral("guests"), QStringLiteral("forget"), QStringLiteral("web-01")}).exitCode, 4);
        QVERIFY(std::holds_alternative<QJsonObject>(run(env.databasePath(), "guest.exec", check)));

        // The refusal named the pinned key and the one the guest offered.
        const QString offered = fingerprintOf(env.databasePath(), QStringLiteral("web-01"));
        QVERIFY(offered.startsWith(QStringLiteral("SHA256:")) && offered != pinned);
        QVERIFY2(refusal.contains(QStringLiteral("recorded ") + pinned) && refusal.contains(QStringLiteral("now ") + offered), qPrintable(refusal));

        // Support sees who forgot which guest's key, once: the refused and the empty forget left no entry.
        const CommandResult trail = ordoctl(env.databasePath(), QStringLiteral("pat"), {QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")});
        QCOMPARE(trail.exitCode, 0);
        QJsonArray forgotten;
        for (const QJsonValue &entry : QJsonDocument::fromJson(trail.out.toUtf8()).array())
            if (entry.toObject().value(QStringLiteral("entity")).toString() == QLatin1String("guest"))
                forgotten.append(entry);
        QCOMPARE(forgotten.size(), 1);
        QCOMPARE(forgotten.first().toObject().value(QStringLiteral("actor")).toString(), QStringLiteral("pat"));
        QCOMPARE(forgotten.first().toObject().value(QStringLiteral("entityId")).toString(), QStringLiteral("web-01"));
        QCOMPARE(forgotten.first().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("forget-host-key"));
    }

    void aKeyOfAnotherTypeIsNoFirstContact()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const QJsonObject check = with(target(QStringLiteral("web-07")), QStringLiteral("command"), QStringLiteral("true"));
        QVERIFY(std::holds_alternative<QJsonObject>(run(env.databasePath(), "guest.exec", check)));
        // Someone in the middle offers only a key type never seen from this guest.
        m_sshd->stop();
        m_sshd->replaceHostKey(QStringLiteral("ecdsa"));
        m_sshd->start();
        const auto refused = run(env.databasePath(), "guest.exec", check);
        QVERIFY(std::holds_alternative<ActionError>(refused));
        QCOMPARE(std::get<ActionError>(refused).kind, ErrorKind::Authentication);
        m_sshd->stop();
        m_sshd->replaceHostKey();
    }

    void faultsEndInTheirClass_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("sshd down") << QStringLiteral("down") << int(ErrorKind::Transient) << QStringLiteral("cannot reach");
        QTest::newRow("key refused") << QStringLiteral("other-key") << int(ErrorKind::Authentication) << QStringLiteral("refused the key 'other-key'");
        QTest::newRow("key not in the keychain") << QStringLiteral("missing-key") << int(ErrorKind::Authentication) << QStringLiteral("no secret 'missing-key'");
        QTest::newRow("secret is not a key") << QStringLiteral("not-a-key") << int(ErrorKind::BadInput) << QStringLiteral("not an SSH private key");
    }

    void faultsEndInTheirClass()
    {
        QFETCH(QString, fault);
        QFETCH(int, kind);
        QFETCH(QString, message);
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        QJsonObject inputs = with(target(), QStringLiteral("command"), QStringLiteral("true"));
        if (fault == QLatin1String("down"))
            m_sshd->stop();
        else
            inputs.insert(QStringLiteral("keySecret"), fault);
        const auto outcome = run(env.databasePath(), "guest.exec", inputs);
        ORDO_VERIFY_ACTION_ERROR(outcome, ErrorKind(kind), message);
    }

    void longCommandsStopOnCancelAndTimeout()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        // A sleep no other process runs, found in the process list by its exact command line.
        const QString seconds = QStringLiteral("3599.%1").arg(QCoreApplication::applicationPid());
        const QByteArray remoteSleep = QByteArray("sleep") + '\0' + seconds.toLatin1() + '\0';
        // Not the shell's last command, so that stopping the shell alone would leave it running.
        const QJsonObject sleeping = with(target(), QStringLiteral("command"), QStringLiteral("sleep %1; true").arg(seconds));
        const auto noLeftovers = qScopeGuard([&] {
            for (const pid_t pid : processesRunning(remoteSleep))
                ::kill(pid, SIGKILL);
        });

        // Cancelled once the remote sleep runs.
        auto cancel = std::make_shared<std::atomic_bool>(false);
        std::atomic_bool sawItRun = false;
        std::thread canceller([&] {
            QDeadlineTimer patience(30000);
            while (!processRunning(remoteSleep) && !patience.hasExpired())
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            sawItRun = processRunning(remoteSleep);
            *cancel = true;
        });
        QElapsedTimer took;
        took.start();
        const auto cancelled = run(env.databasePath(), "guest.exec", sleeping, cancel);
        canceller.join();
        QVERIFY(sawItRun);
        QCOMPARE(std::get<ActionError>(cancelled).kind, ErrorKind::Cancelled);
        QVERIFY(took.elapsed() < 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!processRunning(remoteSleep), 10000);

        // Timed out: the same.
        std::atomic_bool stop = false;
        sawItRun = false;
        std::thread watcher([&] {
            while (!stop && !sawItRun) {
                sawItRun = processRunning(remoteSleep);
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
        took.restart();
        const auto late = run(env.databasePath(), "guest.exec", with(sleeping, QStringLiteral("timeoutMs"), 3000));
        stop = true;
        watcher.join();
        QVERIFY(sawItRun);
        QCOMPARE(std::get<ActionError>(late).kind, ErrorKind::Timeout);
        QVERIFY(took.elapsed() < 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!processRunning(remoteSleep), 10000);
    }

    void aPausedStepResumesWhenTheProbeReachesTheGuest()
    {
        EngineHarness h;
        connectors::registerGuestActions(*h.actions, h.databasePath());
        m_sshd->stop();
        h.startEngine();
        const QJsonObject t = target();
        const QByteArray definition = QStringLiteral(R"({"name": "updates", "version": 1, "steps": [
            {"id": "updates", "action": "guest.exec", "onError": "pause",
             "with": {"host": "127.0.0.1", "port": %1, "user": "%2", "keySecret": "guest-key", "vm": "web-01", "command": "echo updated"},
             "probe": {"action": "guest.waitReachable", "intervalMs": 200, "maxWaitMs": 60000,
                       "with": {"host": "127.0.0.1", "port": %1, "user": "%2", "keySecret": "guest-key", "vm": "web-01", "timeoutMs": 0}}}]})")
                                          .arg(m_sshd->port())
                                          .arg(currentUserName())
                                          .toUtf8();
        const qint64 id = h.start(definition);
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Paused, 20000);
        m_sshd->start(); // the fix
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 30000);
        auto log = h.runtime->log(id);
        QVERIFY(log);
        QVERIFY(std::any_of(log->begin(), log->end(), [](const LogLine &l) { return l.message == QLatin1String("updated"); }));
    }

    // Last: the keyring stays locked for the rest of this process.
    void aLockedKeyringPausesTheStep()
    {
        EngineHarness h;
        connectors::registerGuestActions(*h.actions, h.databasePath());
        // As in a console that has audited something: the database's audit key
        // was read before the keyring locked (with it locked, no audited change can be made).
        ORDO_VERIFY_OK(OrdoInternals::database(*h.ordo).write([&] {
            return h.ordo->audit().record({QStringLiteral("admin"), 0, QStringLiteral("test"), QStringLiteral("1"),
                                           QStringLiteral("before-lock"), {}, {}, {}, {}});
        }));
        QVERIFY(m_keyring->lock());
        h.startEngine();
        const qint64 id = h.start(QStringLiteral(R"({"name": "locked", "version": 1, "steps": [
            {"id": "updates", "action": "guest.exec", "onError": "pause", "retry": {"maxAttempts": 3, "initialIntervalMs": 10},
             "with": {"host": "127.0.0.1", "port": %1, "user": "%2", "keySecret": "guest-key", "vm": "web-01", "command": "true"}}]})")
                                      .arg(m_sshd->port())
                                      .arg(currentUserName())
                                      .toUtf8());
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Paused, 30000);
        auto steps = h.runtime->steps(id);
        QVERIFY(steps);
        QCOMPARE(steps->first().errorKind, QStringLiteral("authentication"));
        QVERIFY2(steps->first().error.contains(QStringLiteral("locked")), qPrintable(steps->first().error));
        // Not retried though the step has retries left: it waits for support to unlock and continue.
        QCOMPARE(steps->first().attempt, 1);
    }
};

QTEST_GUILESS_MAIN(TestGuest)
#include "tst_guest.moc"
