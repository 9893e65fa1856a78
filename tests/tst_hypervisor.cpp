// The hypervisor connector against libvirt's built-in test driver: the
// embedded test farm of two hosts with templates debian-12 and ubuntu-24.04.

#include "EngineHarness.h"
#include "OrdoInternals.h"

#include "connectors/Connectors.h"
#include "connectors/Hypervisor.h"

#include <QElapsedTimer>
#include <QRegularExpression>

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

    void vcpusAreOvercommittedFourToOneAtMost()
    {
        const auto clone = [&](const char *name, int cpus) {
            return run(*m_registry, "hypervisor.clone", {{QStringLiteral("template"), QStringLiteral("debian-12")},
                                                          {QStringLiteral("name"), QString::fromLatin1(name)},
                                                          {QStringLiteral("cpus"), cpus}});
        };
        // host1 has 16 CPUs, so 64 vCPUs, and the most memory; host2 8 CPUs, 32 vCPUs.
        QCOMPARE(outputs(clone("wide-1", 32)).value(QStringLiteral("host")).toString(), QStringLiteral("host1"));
        QCOMPARE(outputs(clone("wide-2", 32)).value(QStringLiteral("host")).toString(), QStringLiteral("host1")); // 64: full up
        QCOMPARE(outputs(clone("wide-3", 32)).value(QStringLiteral("host")).toString(), QStringLiteral("host2")); // though host1 has more memory
        const ActionError full = failure(clone("narrow", 1));
        QCOMPARE(full.kind, ErrorKind::Transient);
        QVERIFY2(full.message.contains(QStringLiteral("full: host1, host2")), qPrintable(full.message));

        // Resizing keeps to it too, not counting the VM's own vCPUs.
        QVERIFY(outputs(run(*m_registry, "hypervisor.destroy", {{QStringLiteral("vm"), QStringLiteral("wide-3")}})).value(QStringLiteral("destroyed")).toBool());
        QCOMPARE(outputs(clone("small", 2)).value(QStringLiteral("host")).toString(), QStringLiteral("host2"));
        QCOMPARE(outputs(clone("wide-4", 30)).value(QStringLiteral("host")).toString(), QStringLiteral("host2")); // 32: full up
        const auto configure = [&](const char *vm, int cpus) {
            return run(*m_registry, "hypervisor.configure", {{QStringLiteral("vm"), QString::fromLatin1(vm)}, {QStringLiteral("cpus"), cpus}});
        };
        const ActionError tooMany = failure(configure("small", 3));
        QCOMPARE(tooMany.kind, ErrorKind::Transient);
        QCOMPARE(tooMany.message, QStringLiteral("host2 has no room to give small 3 vCPUs: its other VMs have 30 of at most 32"));
        QCOMPARE(outputs(run(*m_registry, "hypervisor.info", {{QStringLiteral("vm"), QStringLiteral("small")}})).value(QStringLiteral("cpus")).toInt(), 2);
        QCOMPARE(outputs(configure("small", 2)).value(QStringLiteral("cpus")).toInt(), 2);
        QCOMPARE(outputs(configure("small", 1)).value(QStringLiteral("cpus")).toInt(), 1);
        QCOMPARE(outputs(configure("wide-4", 31)).value(QStringLiteral("cpus")).toInt(), 31);
    }

    void waitForAddressGivesUpAtItsTimeout()
    {
        // A farm whose template has no network interface: its clones never get an address.
        QFile node(QStringLiteral(":/ordo/testfarm/host2.xml"));
        QVERIFY(node.open(QIODevice::ReadOnly));
        QByteArray xml = node.readAll();
        static const QRegularExpression interfaces(QStringLiteral("<interface[^>]*>.*?</interface>"));
        const QByteArray offline = QString::fromUtf8(xml).remove(interfaces).toUtf8();
        QVERIFY(offline != xml);
        QFile file(m_env->path(QStringLiteral("offline.xml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(offline);
        file.close();
        auto farm = HypervisorFarm::fromSettings(QJsonObject{{QStringLiteral("hosts"), QJsonArray{QJsonObject{
            {QStringLiteral("name"), QStringLiteral("offline")}, {QStringLiteral("uri"), QString(QStringLiteral("test://") + file.fileName())}}}}});
        QVERIFY(farm);
        ActionRegistry registry;
        HypervisorFarm::registerActions(registry, *farm);
        outputs(run(registry, "hypervisor.clone", {{QStringLiteral("template"), QStringLiteral("debian-12")}, {QStringLiteral("name"), QStringLiteral("mute")}}));
        outputs(run(registry, "hypervisor.powerOn", {{QStringLiteral("vm"), QStringLiteral("mute")}}));

        QElapsedTimer waited;
        waited.start();
        const ActionError late = failure(run(registry, "hypervisor.waitForAddress", {{QStringLiteral("vm"), QStringLiteral("mute")}, {QStringLiteral("timeoutMs"), 1500}}));
        const qint64 took = waited.elapsed();
        QCOMPARE(late.kind, ErrorKind::Timeout);
        QCOMPARE(late.message, QStringLiteral("mute got no address within 1500 ms"));
        // It waited its time, and not much longer (the default is two minutes).
        QVERIFY2(took >= 1500 && took < 30000, qPrintable(QString::number(took)));
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
        ConnectorSettings settings(OrdoInternals::database(**ordo), (*ordo)->audit());
        // Nothing configured: the embedded test farm.
        auto defaults = buildActionRegistry(settings, m_env->databasePath(), ConnectorUse::Run);
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
        auto configured = buildActionRegistry(settings, m_env->databasePath(), ConnectorUse::Run);
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
