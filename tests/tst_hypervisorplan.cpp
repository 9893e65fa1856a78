// hypervisor.clone's decisions without a hypervisor: which host a clone goes
// to, and how the template's domain XML becomes the clone's (ClonePlan.h).

#include "connectors/ClonePlan.h"

#include <QDomDocument>
#include <QTest>

using namespace ordo;
using namespace ordo::connectors;
using namespace ordo::engine;

namespace {

constexpr qint64 kGiB = 1024 * 1024; // in KiB

// A host with the template (2 GiB, 2 vCPUs), `memoryGiB` of memory and `cpus` CPUs, of which its VMs use `used`.
HostCapacity host(const char *name, qint64 memoryGiB, qint64 cpus, VmSize used = {})
{
    HostCapacity h;
    h.host = QString::fromLatin1(name);
    h.hasTemplate = true;
    h.templateSize = {2 * kGiB, 2};
    h.memoryKiB = memoryGiB * kGiB;
    h.cpus = cpus;
    h.used = used;
    return h;
}

// A template as scripts/make-guest-image defines it, with a second disk, a cdrom and a NIC with MAC and device name.
const QByteArray kTemplate = R"(<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>debian-12</name>
  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
  <description>the golden image</description>
  <memory unit='MiB'>256</memory>
  <currentMemory unit='MiB'>256</currentMemory>
  <vcpu placement='static'>1</vcpu>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/ordo/images/debian-12.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/srv/data/debian-12-data.qcow2'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <source file='/var/lib/ordo/images/seed.iso'/>
      <target dev='sda' bus='sata'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:6b:3c:58'/>
      <source network='default'/>
      <target dev='vnet3'/>
    </interface>
    <serial type='file'>
      <source path='/var/log/ordo/debian-12.console.log'/>
      <target port='0'/>
    </serial>
  </devices>
  <qemu:commandline>
    <qemu:arg value='-netdev'/>
    <qemu:arg value='user,id=ordonet,hostfwd=tcp:127.0.0.1:0-:22'/>
  </qemu:commandline>
</domain>
)";

CloneSpec webSpec(VmSize size = {})
{
    return {QStringLiteral("web-01"), QStringLiteral("ordo:wf-1/clone"), size, QStringLiteral("web-01-0123456789ab")};
}

QDomElement parsed(const QByteArray &xml)
{
    static QDomDocument doc; // keeps the element alive for the caller
    doc = QDomDocument();
    if (!doc.setContent(xml))
        qFatal("not XML: %s", xml.constData());
    return doc.documentElement();
}

QString text(const QDomElement &root, const char *tag)
{
    return root.firstChildElement(QString::fromLatin1(tag)).text();
}

} // namespace

class TestHypervisorPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void placementPicksTheHostWithTheMostFreeMemory()
    {
        // host2 has more memory but its VMs leave less of it free.
        const QList<HostCapacity> hosts{host("host1", 64, 16, {8 * kGiB, 4}), host("host2", 128, 16, {100 * kGiB, 4})};
        const auto placed = choosePlacement(hosts, QStringLiteral("debian-12"), {});
        QCOMPARE(std::get<QString>(placed), QStringLiteral("host1"));
    }

    void placementSkipsHostsWithoutTheTemplateOrRoom()
    {
        HostCapacity bare = host("bare", 512, 64);
        bare.hasTemplate = false;
        // 4 GiB free, and 4 vCPUs of at most 2 * 4 left: room for a 4 GiB, 4 vCPU clone, not more.
        const QList<HostCapacity> hosts{bare, host("small", 8, 2, {4 * kGiB, 4}), host("busy", 256, 4, {8 * kGiB, 14})};
        QCOMPARE(std::get<QString>(choosePlacement(hosts, QStringLiteral("debian-12"), {4 * kGiB, 4})), QStringLiteral("small"));
        // One vCPU more is over four to one on "small"; "busy" has no vCPUs left either.
        const auto refused = choosePlacement(hosts, QStringLiteral("debian-12"), {4 * kGiB, 5});
        const ActionError error = std::get<ActionError>(refused);
        QCOMPARE(error.kind, ErrorKind::Transient); // room may come back
        QCOMPARE(error.message, QStringLiteral("no host has room for 4 GiB and 5 vCPUs (full: small, busy)"));
        // Memory is not overcommitted: 1 KiB more than "small" has free, and 3 vCPUs that "busy" has not.
        QVERIFY(std::holds_alternative<ActionError>(choosePlacement(hosts, QStringLiteral("debian-12"), {4 * kGiB + 1, 3})));
        QCOMPARE(std::get<QString>(choosePlacement(hosts, QStringLiteral("debian-12"), {4 * kGiB + 1, 2})), QStringLiteral("busy"));
    }

    void placementCountsTheTemplatesSizeWhenNoneIsAsked()
    {
        // 1 GiB free: the template's 2 GiB do not fit; a 1 GiB clone does.
        const QList<HostCapacity> hosts{host("host1", 16, 16, {15 * kGiB, 0})};
        QVERIFY(std::holds_alternative<ActionError>(choosePlacement(hosts, QStringLiteral("debian-12"), {})));
        QCOMPARE(std::get<QString>(choosePlacement(hosts, QStringLiteral("debian-12"), {1 * kGiB, 0})), QStringLiteral("host1"));
    }

    void placementWithoutTheTemplateIsBadInput()
    {
        HostCapacity bare = host("host1", 64, 16);
        bare.hasTemplate = false;
        const ActionError error = std::get<ActionError>(choosePlacement({bare}, QStringLiteral("arch"), {}));
        QCOMPARE(error.kind, ErrorKind::BadInput);
        QCOMPARE(error.message, QStringLiteral("no host has the template 'arch'"));
    }

    void theCloneGetsItsOwnIdentity()
    {
        const CloneXml clone = std::get<CloneXml>(rewriteCloneXml(kTemplate, webSpec()));
        const QDomElement root = parsed(clone.xml);
        QCOMPARE(text(root, "name"), QStringLiteral("web-01"));
        QVERIFY(root.firstChildElement(QStringLiteral("uuid")).isNull());
        QCOMPARE(root.elementsByTagName(QStringLiteral("description")).size(), 1);
        QCOMPARE(text(root, "description"), QStringLiteral("ordo:wf-1/clone"));
        const QDomElement iface = root.firstChildElement(QStringLiteral("devices")).firstChildElement(QStringLiteral("interface"));
        QVERIFY(iface.firstChildElement(QStringLiteral("mac")).isNull());
        QVERIFY(iface.firstChildElement(QStringLiteral("target")).isNull());
        QCOMPARE(iface.firstChildElement(QStringLiteral("source")).attribute(QStringLiteral("network")), QStringLiteral("default"));
        QVERIFY(!clone.xml.contains("52:54:00:6b:3c:58"));
        QVERIFY(!clone.xml.contains("4dea22b3"));
        // Not asked to resize: the template's size stays.
        QCOMPARE(text(root, "memory"), QStringLiteral("256"));
        QCOMPARE(root.firstChildElement(QStringLiteral("memory")).attribute(QStringLiteral("unit")), QStringLiteral("MiB"));
        QCOMPARE(text(root, "vcpu"), QStringLiteral("1"));
    }

    void theCloneIsSizedAsAsked()
    {
        const CloneXml clone = std::get<CloneXml>(rewriteCloneXml(kTemplate, webSpec({4 * kGiB, 3})));
        const QDomElement root = parsed(clone.xml);
        for (const char *tag : {"memory", "currentMemory"}) {
            QCOMPARE(text(root, tag), QString::number(4 * kGiB));
            QCOMPARE(root.firstChildElement(QString::fromLatin1(tag)).attribute(QStringLiteral("unit")), QStringLiteral("KiB"));
        }
        QCOMPARE(text(root, "vcpu"), QStringLiteral("3"));
    }

    void fileDisksBecomeOverlaysBesideTheTemplates()
    {
        const CloneXml clone = std::get<CloneXml>(rewriteCloneXml(kTemplate, webSpec()));
        QCOMPARE(clone.overlays.size(), 2);
        QCOMPARE(clone.overlays.at(0).backing, QStringLiteral("/var/lib/ordo/images/debian-12.img"));
        QCOMPARE(clone.overlays.at(0).overlay, QStringLiteral("/var/lib/ordo/images/web-01-0123456789ab.qcow2"));
        QCOMPARE(clone.overlays.at(1).backing, QStringLiteral("/srv/data/debian-12-data.qcow2"));
        QCOMPARE(clone.overlays.at(1).overlay, QStringLiteral("/srv/data/web-01-0123456789ab-disk1.qcow2"));

        const QDomNodeList disks = parsed(clone.xml).elementsByTagName(QStringLiteral("disk"));
        QCOMPARE(disks.size(), 3);
        for (int i = 0; i < 2; ++i) {
            const QDomElement disk = disks.at(i).toElement();
            QCOMPARE(disk.firstChildElement(QStringLiteral("source")).attribute(QStringLiteral("file")), clone.overlays.at(i).overlay);
            QCOMPARE(disk.firstChildElement(QStringLiteral("driver")).attribute(QStringLiteral("type")), QStringLiteral("qcow2"));
        }
        // The installer image is shared, not copied.
        QCOMPARE(disks.at(2).toElement().firstChildElement(QStringLiteral("source")).attribute(QStringLiteral("file")),
                 QStringLiteral("/var/lib/ordo/images/seed.iso"));
        const QDomElement serial = parsed(clone.xml).elementsByTagName(QStringLiteral("serial")).at(0).toElement();
        QCOMPARE(serial.firstChildElement(QStringLiteral("source")).attribute(QStringLiteral("path")), QStringLiteral("/var/log/ordo/web-01-0123456789ab.console.log"));
    }

    void theSshForwardGetsTheClonesPort()
    {
        QCOMPARE(sshForwardPort(kTemplate), 0);
        const CloneXml clone = std::get<CloneXml>(rewriteCloneXml(kTemplate, webSpec()));
        const QByteArray forwarded = withSshForward(clone.xml, 40022);
        QCOMPARE(sshForwardPort(forwarded), 40022);
        QVERIFY(forwarded.contains("user,id=ordonet,hostfwd=tcp:127.0.0.1:40022-:22"));
        QCOMPARE(sshForwardPort("<domain><name>plain</name></domain>"), std::nullopt);
    }

    void malformedXmlIsAClearError_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unclosed tag") << QByteArray("<domain><name>debian-12</name>\n<devices></domain>") << QStringLiteral("malformed at line 2");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("malformed at line");
        QTest::newRow("not a domain") << QByteArray("<network><name>default</name></network>") << QStringLiteral("no libvirt domain with a <name>");
        QTest::newRow("no name") << QByteArray("<domain><vcpu>1</vcpu></domain>") << QStringLiteral("no libvirt domain with a <name>");
    }

    void malformedXmlIsAClearError()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, expected);
        const auto rewritten = rewriteCloneXml(xml, webSpec());
        QVERIFY(std::holds_alternative<ActionError>(rewritten));
        const ActionError error = std::get<ActionError>(rewritten);
        QCOMPARE(error.kind, ErrorKind::Permanent);
        QVERIFY2(error.message.contains(expected), qPrintable(error.message));
    }
};

QTEST_GUILESS_MAIN(TestHypervisorPlan)
#include "tst_hypervisorplan.moc"
