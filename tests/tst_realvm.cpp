// A real QEMU VM through libvirt (software emulation): the tiny guest made by
// scripts/make-guest-image is cloned from its template as a qcow2 overlay,
// given 4 vCPUs and 16 GiB, booted, reached over SSH through its port forward
// and checked from inside, then destroyed with its overlay. scripts/test
// starts libvirtd and builds the image; without them this test skips, unless
// ORDO_REQUIRE_REAL_VM says it must run.

#include "EngineHarness.h"
#include "KeyringSession.h"
#include "RealVm.h"
#include "TestServers.h"

#include "connectors/Guest.h"
#include "connectors/Hypervisor.h"
#include "security/SecretStore.h"

#include <QRegularExpression>

using namespace ordo;
using namespace ordo::engine;
using namespace ordo::test;

namespace {

const QString kTemplate = QStringLiteral("ordo-test-debian-12");

int virsh(const QString &uri, const QStringList &args, QByteArray *out = nullptr)
{
    QProcess process;
    process.start(QStringLiteral("virsh"), QStringList{QStringLiteral("-c"), uri} + args);
    if (!process.waitForFinished(120000))
        return -1;
    if (out)
        *out = process.readAllStandardOutput();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

} // namespace

class TestRealVm : public QObject
{
    Q_OBJECT

private:
    QString m_image;
    QString m_uri;
    std::unique_ptr<KeyringSession> m_keyring;

private Q_SLOTS:
    void initTestCase()
    {
        m_image = qEnvironmentVariable("ORDO_GUEST_IMAGE");
        m_uri = qEnvironmentVariable("ORDO_REAL_VM_URI", QStringLiteral("qemu:///system"));
        if (m_image.isEmpty() || !QFile::exists(m_image + QStringLiteral("/template.xml")))
            ORDO_REAL_VM_UNAVAILABLE("no guest image: scripts/test builds it (ORDO_GUEST_IMAGE)");
        if (virsh(m_uri, {QStringLiteral("version")}) != 0)
            ORDO_REAL_VM_UNAVAILABLE("no libvirt daemon for real VMs: scripts/test starts one");
        m_keyring = std::make_unique<KeyringSession>();
        ORDO_VERIFY_OK(SecretStore().write(QStringLiteral("guest-key"), readFile(m_image + QStringLiteral("/guest_key"))));

        // The template: a defined domain that never runs.
        virsh(m_uri, {QStringLiteral("undefine"), kTemplate});
        QByteArray xml = readFile(m_image + QStringLiteral("/template.xml"));
        xml.replace("@NAME@", kTemplate.toUtf8());
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("template.xml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(xml);
        file.close();
        QCOMPARE(virsh(m_uri, {QStringLiteral("define"), file.fileName()}), 0);
    }

    void cleanupTestCase()
    {
        if (!m_uri.isEmpty())
            virsh(m_uri, {QStringLiteral("undefine"), kTemplate});
        m_keyring.reset();
    }

    void provisionsAndChecksARealVm()
    {
        EngineHarness h;
        auto farm = connectors::HypervisorFarm::fromSettings(
            {{QStringLiteral("hosts"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("qemu")}, {QStringLiteral("uri"), m_uri}}}},
             {QStringLiteral("templates"), QJsonArray{kTemplate}}});
        ORDO_VERIFY_OK(farm);
        connectors::HypervisorFarm::registerActions(*h.actions, *farm);
        connectors::registerGuestActions(*h.actions, h.databasePath());
        h.startEngine();
        const qint64 id = h.start(QStringLiteral(R"({"name": "real-vm", "version": 1, "steps": [
            {"id": "clone", "action": "hypervisor.clone", "with": {"template": "%1", "name": "ordo-test-vm-${workflow.id}"},
             "compensate": {"action": "hypervisor.destroy", "with": {"vm": "${steps.clone.outputs.vm}"}}},
            {"id": "configure", "action": "hypervisor.configure", "after": ["clone"],
             "with": {"vm": "${steps.clone.outputs.vm}", "cpus": 4, "memoryGiB": 16}},
            {"id": "boot", "action": "hypervisor.powerOn", "after": ["configure"], "with": {"vm": "${steps.clone.outputs.vm}"}},
            {"id": "address", "action": "hypervisor.waitForAddress", "after": ["boot"],
             "with": {"vm": "${steps.clone.outputs.vm}", "timeoutMs": 180000}},
            {"id": "check", "action": "guest.exec", "after": ["address"], "timeoutMs": 120000,
             "retry": {"maxAttempts": 5, "initialIntervalMs": 1000},
             "with": {"host": "${steps.address.outputs.address}", "port": "${steps.address.outputs.sshPort}", "user": "root",
                      "keySecret": "guest-key", "vm": "${steps.clone.outputs.vm}",
                      "command": ["nproc", "grep MemTotal /proc/meminfo", "uname -r"]}}]})")
                                      .arg(kTemplate)
                                      .toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(h.state(id) == WorkflowState::Succeeded || h.state(id) == WorkflowState::Failed
                                     || h.state(id) == WorkflowState::Paused,
                                 300000);
        auto steps = h.runtime->steps(id);
        QVERIFY(steps);
        QHash<QString, StepInfo> byKey;
        for (const StepInfo &s : std::as_const(*steps))
            byKey.insert(s.key, s);
        QVERIFY2(h.state(id) == WorkflowState::Succeeded,
                 qPrintable(QStringLiteral("%1: %2").arg(byKey.value(QStringLiteral("check")).error, byKey.value(QStringLiteral("address")).error)));

        const QJsonArray results = byKey.value(QStringLiteral("check")).outputs.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 3);
        QCOMPARE(results.at(0).toObject().value(QStringLiteral("stdout")).toString(), QStringLiteral("4\n"));
        static const QRegularExpression memTotal(QStringLiteral("MemTotal:\\s+(\\d+) kB"));
        const auto memory = memTotal.match(results.at(1).toObject().value(QStringLiteral("stdout")).toString());
        QVERIFY(memory.hasMatch());
        const double gib = memory.captured(1).toDouble() / (1024.0 * 1024.0);
        QVERIFY2(gib > 15.0 && gib <= 16.0, qPrintable(QString::number(gib)));

        // What the run took: define to SSH, and the whole of it.
        const StepInfo clone = byKey.value(QStringLiteral("clone"));
        const StepInfo check = byKey.value(QStringLiteral("check"));
        qInfo("real VM %s (%s): 4 vCPUs, %.2f GiB seen by the guest; define to SSH answering %lld ms, checked after %lld ms",
              qPrintable(clone.outputs.value(QStringLiteral("vm")).toString()), qPrintable(results.at(2).toObject().value(QStringLiteral("stdout")).toString().trimmed()),
              gib, byKey.value(QStringLiteral("address")).finishedAt - clone.startedAt, check.finishedAt - clone.startedAt);

        // The VM wrote its boot to a console log of its own.
        const QString vm = clone.outputs.value(QStringLiteral("vm")).toString();
        const QStringList consoleLogs = QDir(m_image).entryList({vm + QStringLiteral("-*.console.log")});
        QCOMPARE(consoleLogs.size(), 1);
        const QString consoleLog = QDir(m_image).filePath(consoleLogs.first());
        QVERIFY2(readFile(consoleLog).contains("ORDO-GUEST-READY"), qPrintable(consoleLog));
        QCOMPARE(virsh(m_uri, {QStringLiteral("dumpxml"), vm}, nullptr), 0);

        // Destroyed: gone, and so are its disk overlay and console log.
        QVERIFY(std::get<QJsonObject>(runAction(*h.actions, QStringLiteral("hypervisor.destroy"), {{QStringLiteral("vm"), vm}}))
                    .value(QStringLiteral("destroyed"))
                    .toBool());
        QVERIFY(!QFile::exists(consoleLog));
        QVERIFY(virsh(m_uri, {QStringLiteral("dominfo"), vm}) != 0);
        QVERIFY2(QDir(m_image).entryList({vm + QStringLiteral("-*")}).isEmpty(), qPrintable(QDir(m_image).entryList().join(QLatin1Char(' '))));
        QVERIFY(QFile::exists(m_image + QStringLiteral("/disk.qcow2")));
    }

    void clonesForwardSshOnPortsOfTheirOwn()
    {
        auto farm = connectors::HypervisorFarm::fromSettings(
            {{QStringLiteral("hosts"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("qemu")}, {QStringLiteral("uri"), m_uri}}}},
             {QStringLiteral("templates"), QJsonArray{kTemplate}}});
        ORDO_VERIFY_OK(farm);
        ActionRegistry registry;
        connectors::HypervisorFarm::registerActions(registry, *farm);
        static const QRegularExpression forward(QStringLiteral("hostfwd=tcp:127\\.0\\.0\\.1:(\\d+)-:22"));
        const QStringList vms{QStringLiteral("ordo-test-ports-1"), QStringLiteral("ordo-test-ports-2")};
        const auto destroyAll = qScopeGuard([&] {
            for (const QString &vm : vms)
                runAction(registry, QStringLiteral("hypervisor.destroy"), {{QStringLiteral("vm"), vm}});
        });
        QList<int> ports;
        for (const QString &vm : vms) {
            const auto cloned = runAction(registry, QStringLiteral("hypervisor.clone"), {{QStringLiteral("template"), kTemplate}, {QStringLiteral("name"), vm}},
                                          QStringLiteral("ports/") + vm);
            if (const auto *error = std::get_if<ActionError>(&cloned))
                QFAIL(qPrintable(error->message));
            QByteArray xml;
            QCOMPARE(virsh(m_uri, {QStringLiteral("dumpxml"), vm}, &xml), 0);
            const auto m = forward.match(QString::fromUtf8(xml));
            QVERIFY2(m.hasMatch(), xml.constData());
            ports.append(m.captured(1).toInt());
        }
        // Neither asks QEMU for port 0, and no two ask for the same one.
        QVERIFY2(ports.at(0) > 0 && ports.at(1) > 0 && ports.at(0) != ports.at(1), qPrintable(QStringLiteral("%1 %2").arg(ports.at(0)).arg(ports.at(1))));
    }
};

QTEST_GUILESS_MAIN(TestRealVm)
#include "tst_realvm.moc"
