// The hypervisor connector against libvirt's built-in test driver: the
// embedded test farm of two hosts with templates debian-12 and ubuntu-24.04.

#include "EngineHarness.h"

#include "connectors/Connectors.h"
#include "connectors/Hypervisor.h"

using namespace ordo;
using namespace ordo::connectors;
using namespace ordo::engine;
using namespace ordo::test;

namespace {

ActionOutcome run(const ActionRegistry &registry, const char *action, const QJsonObject &inputs,
                  const QString &idempotencyKey = QStringLiteral("test-key"))
{
    return runAction(registry, QString::fromLatin1(action), inputs, idempotencyKey);
}

QJsonObject outputs(const ActionOutcome &outcome)
{
    if (const auto *e = std::get_if<ActionError>(&outcome))
        qFatal("unexpected error: %s", qPrintable(e->message));
    return std::get<QJsonObject>(outcome);
}

ActionError failure(const ActionOutcome &outcome)
{
    if (!std::holds_alternative<ActionError>(outcome))
        qFatal("expected an error");
    return std::get<ActionError>(outcome);
}

} // namespace

class TestHypervisor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_env = std::make_unique<TestEnvironment>();
        auto farm = HypervisorFarm::testFarm(m_env->path(QStringLiteral("data")));
        QVERIFY2(farm, farm ? "" : qPrintable(farm.error().message));
        m_registry = std::make_shared<ActionRegistry>();
        HypervisorFarm::registerActions(*m_registry, *farm);
    }

    void cloneConfigureBootAndDestroy()
    {
        const QJsonObject vm = outputs(run(*m_registry, "hypervisor.clone", {{QStringLiteral("template"), QStringLiteral("debian-12")},
                                                                             {QStringLiteral("name"), QStringLiteral("web-01")}}));
        QCOMPARE(vm.value(QStringLiteral("vm")).toString(), QStringLiteral("web-01"));
        QCOMPARE(vm.value(QStringLiteral("host")).toString(), QStringLiteral("host1")); // the roomier host
        QCOMPARE(vm.value(QStringLiteral("state")).toString(), QStringLiteral("shutoff"));
        QCOMPARE(vm.value(QStringLiteral("cpus")).toInt(), 2); // as the template

        const QJsonObject configured = outputs(run(*m_registry, "hypervisor.configure", {{QStringLiteral("vm"), QStringLiteral("web-01")},
                                                                                         {QStringLiteral("cpus"), 4},
                                                                                         {QStringLiteral("memoryGiB"), 16}}));
        QCOMPARE(configured.value(QStringLiteral("cpus")).toInt(), 4);
        QCOMPARE(configured.value(QStringLiteral("memoryGiB")).toDouble(), 16.0);

        QCOMPARE(outputs(run(*m_registry, "hypervisor.powerOn", {{QStringLiteral("vm"), QStringLiteral("web-01")}})).value(QStringLiteral("state")).toString(),
                 QStringLiteral("running"));
        // Powering on a running VM is no error: attempts may repeat.
        QCOMPARE(outputs(run(*m_registry, "hypervisor.powerOn", {{QStringLiteral("vm"), QStringLiteral("web-01")}})).value(QStringLiteral("state")).toString(),
                 QStringLiteral("running"));
        const QJsonObject reachable = outputs(run(*m_registry, "hypervisor.waitForAddress", {{QStringLiteral("vm"), QStringLiteral("web-01")}}));
        QVERIFY2(reachable.value(QStringLiteral("address")).toString().startsWith(QStringLiteral("192.168.121.")),
                 qPrintable(reachable.value(QStringLiteral("address")).toString()));

        const QJsonObject info = outputs(run(*m_registry, "hypervisor.info", {{QStringLiteral("vm"), QStringLiteral("web-01")}}));
        QCOMPARE(info.value(QStringLiteral("cpus")).toInt(), 4);
        QCOMPARE(info.value(QStringLiteral("uuid")).toString(), vm.value(QStringLiteral("uuid")).toString());

        QCOMPARE(outputs(run(*m_registry, "hypervisor.powerOff", {{QStringLiteral("vm"), QStringLiteral("web-01")}})).value(QStringLiteral("state")).toString(),
                 QStringLiteral("shutoff"));
        QVERIFY(outputs(run(*m_registry, "hypervisor.destroy", {{QStringLiteral("vm"), QStringLiteral("web-01")}})).value(QStringLiteral("destroyed")).toBool());
        QCOMPARE(failure(run(*m_registry, "hypervisor.info", {{QStringLiteral("vm"), QStringLiteral("web-01")}})).kind, ErrorKind::BadInput);
        // Destroying what is gone is done already.
        QVERIFY(!outputs(run(*m_registry, "hypervisor.destroy", {{QStringLiteral("vm"), QStringLiteral("web-01")}})).value(QStringLiteral("destroyed")).toBool());
    }

    void cloneIsIdempotentByName()
    {
        const QJsonObject in{{QStringLiteral("template"), QStringLiteral("ubuntu-24.04")}, {QStringLiteral("name"), QStringLiteral("db-01")}};
        const QJsonObject first = outputs(run(*m_registry, "hypervisor.clone", in));
        const QJsonObject again = outputs(run(*m_registry, "hypervisor.clone", in));
        QCOMPARE(again.value(QStringLiteral("uuid")).toString(), first.value(QStringLiteral("uuid")).toString());
        QCOMPARE(again.value(QStringLiteral("host")).toString(), first.value(QStringLiteral("host")).toString());
        // Another step asking for the same name does not take over somebody else's VM.
        const ActionError taken = failure(run(*m_registry, "hypervisor.clone", in, QStringLiteral("another-step")));
        QCOMPARE(taken.kind, ErrorKind::BadInput);
        QVERIFY(taken.message.contains(QStringLiteral("not made by this step")));
    }

    void placementFollowsCapacity()
    {
        const auto clone = [&](const char *name, int memoryGiB) {
            return run(*m_registry, "hypervisor.clone", {{QStringLiteral("template"), QStringLiteral("debian-12")},
                                                          {QStringLiteral("name"), QString::fromLatin1(name)},
                                                          {QStringLiteral("memoryGiB"), memoryGiB}});
        };
        // host1 has 64 GiB, host2 32 GiB.
        QCOMPARE(outputs(clone("big-1", 40)).value(QStringLiteral("host")).toString(), QStringLiteral("host1"));
        QCOMPARE(outputs(clone("big-2", 20)).value(QStringLiteral("host")).toString(), QStringLiteral("host2"));
        const ActionError full = failure(clone("big-3", 30));
        QCOMPARE(full.kind, ErrorKind::Transient); // room may come back: retried or paused by policy
        QVERIFY2(full.message.contains(QStringLiteral("no host has room")), qPrintable(full.message));
    }

    void badRequestsAreBadInput()
    {
        const ActionError missing = failure(run(*m_registry, "hypervisor.clone", {{QStringLiteral("template"), QStringLiteral("windows-2022")},
                                                                                 {QStringLiteral("name"), QStringLiteral("x")}}));
        QCOMPARE(missing.kind, ErrorKind::BadInput);
        QVERIFY(missing.message.contains(QStringLiteral("no template 'windows-2022'")));
        QCOMPARE(failure(run(*m_registry, "hypervisor.clone", {{QStringLiteral("template"), QStringLiteral("debian-12")},
                                                              {QStringLiteral("name"), QStringLiteral("bad name")}})).kind,
                 ErrorKind::BadInput);
        QCOMPARE(failure(run(*m_registry, "hypervisor.configure", {{QStringLiteral("vm"), QStringLiteral("ghost")}, {QStringLiteral("cpus"), 2}})).kind,
                 ErrorKind::BadInput);
        QCOMPARE(failure(run(*m_registry, "hypervisor.destroy", {{QStringLiteral("vm"), QStringLiteral("debian-12")}})).kind, ErrorKind::BadInput);
    }

    void anUnreachableHostIsTransient()
    {
        auto farm = HypervisorFarm::fromSettings(QJsonObject{{QStringLiteral("hosts"), QJsonArray{QJsonObject{
            {QStringLiteral("name"), QStringLiteral("gone")}, {QStringLiteral("uri"), QStringLiteral("test:///nonexistent/node.xml")}}}}});
        QVERIFY(farm);
        ActionRegistry registry;
        HypervisorFarm::registerActions(registry, *farm);
        const ActionError e = failure(run(registry, "hypervisor.info", {{QStringLiteral("vm"), QStringLiteral("x")}}));
        QCOMPARE(e.kind, ErrorKind::Transient);
        QVERIFY(e.message.contains(QStringLiteral("gone")));
    }

    void aWorkflowProvisionsAndRollsBack()
    {
        EngineHarness h;
        auto farm = HypervisorFarm::testFarm(h.path(QStringLiteral("farm")));
        QVERIFY(farm);
        HypervisorFarm::registerActions(*h.actions, *farm);
        h.startEngine();
        const qint64 id = h.start(R"({"name": "provision", "version": 1,
            "inputs": {"cpus": {"type": "integer"}, "memoryGiB": {"type": "integer"}},
            "steps": [
              {"id": "clone", "action": "hypervisor.clone", "with": {"template": "debian-12", "name": "vm-${workflow.id}"},
               "compensate": {"action": "hypervisor.destroy", "with": {"vm": "${steps.clone.outputs.vm}"}}},
              {"id": "configure", "action": "hypervisor.configure", "after": ["clone"],
               "with": {"vm": "${steps.clone.outputs.vm}", "cpus": "${inputs.cpus}", "memoryGiB": "${inputs.memoryGiB}"}},
              {"id": "boot", "action": "hypervisor.powerOn", "after": ["configure"], "with": {"vm": "${steps.clone.outputs.vm}"}},
              {"id": "address", "action": "hypervisor.waitForAddress", "after": ["boot"], "with": {"vm": "${steps.clone.outputs.vm}"}},
              {"id": "register", "action": "test.fail", "after": ["address"], "with": {"kind": "permanent"}, "onError": "rollback"}]})",
                                  {{QStringLiteral("cpus"), 4}, {QStringLiteral("memoryGiB"), 16}});
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::RolledBack, 15000);
        const QString vm = h.step(id, QStringLiteral("clone")).outputs.value(QStringLiteral("vm")).toString();
        QCOMPARE(vm, QStringLiteral("vm-%1").arg(id));
        QCOMPARE(h.step(id, QStringLiteral("configure")).outputs.value(QStringLiteral("cpus")).toInt(), 4);
        QVERIFY(!h.step(id, QStringLiteral("address")).outputs.value(QStringLiteral("address")).toString().isEmpty());
        QCOMPARE(h.stepState(id, QStringLiteral("clone")), StepState::Compensated);
        // The VM is gone from the farm.
        QCOMPARE(failure(run(*h.actions, "hypervisor.info", {{QStringLiteral("vm"), vm}})).kind, ErrorKind::BadInput);
    }

    void settingsChooseTheFarm()
    {
        auto ordo = Ordo::open(m_env->databasePath());
        QVERIFY(ordo);
        ConnectorSettings settings((*ordo)->database(), (*ordo)->audit());
        // Nothing configured: the embedded test farm.
        auto defaults = buildActionRegistry(settings, m_env->databasePath());
        QVERIFY(defaults);
        QVERIFY((*defaults)->find(QStringLiteral("hypervisor.clone")));
        // A bad setting is refused whole and changes nothing.
        QJsonArray nameless;
        nameless.append(QJsonObject{{QStringLiteral("uri"), QStringLiteral("test:///x")}});
        auto refused = settings.set(QStringLiteral("hypervisor"), QJsonObject{{QStringLiteral("hosts"), nameless}}, QStringLiteral("admin"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::BadInput);
        QVERIFY(!settings.get(QStringLiteral("hypervisor"))->has_value());
        QCOMPARE(settings.set(QStringLiteral("storage"), {}, QStringLiteral("admin")).error().code, ErrorCode::NotFound);
        // A farm of one host, with its own node file.
        QFile::copy(QStringLiteral(":/ordo/testfarm/host2.xml"), m_env->path(QStringLiteral("only.xml")));
        QJsonArray solo;
        solo.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("solo")},
                                {QStringLiteral("uri"), QString(QStringLiteral("test://") + m_env->path(QStringLiteral("only.xml")))}});
        const QJsonObject one{{QStringLiteral("hosts"), solo}};
        QVERIFY(settings.set(QStringLiteral("hypervisor"), one, QStringLiteral("admin")));
        auto configured = buildActionRegistry(settings, m_env->databasePath());
        QVERIFY(configured);
        const QJsonObject vm = outputs(run(**configured, "hypervisor.clone", {{QStringLiteral("template"), QStringLiteral("debian-12")},
                                                                             {QStringLiteral("name"), QStringLiteral("solo-vm")}}));
        QCOMPARE(vm.value(QStringLiteral("host")).toString(), QStringLiteral("solo"));
        auto trail = (*ordo)->audit().entries(std::nullopt, QStringLiteral("connector"), QStringLiteral("hypervisor"));
        QCOMPARE(trail->size(), 1);
        QCOMPARE(trail->first().actor, QStringLiteral("admin"));
    }

private:
    std::unique_ptr<TestEnvironment> m_env;
    std::shared_ptr<ActionRegistry> m_registry;
};

QTEST_GUILESS_MAIN(TestHypervisor)
#include "tst_hypervisor.moc"
