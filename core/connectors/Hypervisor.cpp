#include "connectors/Hypervisor.h"

#include "connectors/ActionNames.h"

#include <QCoreApplication>
#include <QDir>
#include <QCryptographicHash>
#include <QDomDocument>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QThread>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

Q_LOGGING_CATEGORY(lcHypervisor, "ordo.connectors.hypervisor", QtInfoMsg)

namespace ordo::connectors {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Hypervisor)
};

void silence(void *, virErrorPtr) {}

// The calling thread's last libvirt error, classified for the retry policy.
ActionError libvirtError(const QString &what)
{
    const virErrorPtr e = virGetLastError();
    const QString detail = e && e->message ? QString::fromUtf8(e->message) : Text::tr("unknown libvirt error");
    ErrorKind kind = ErrorKind::Permanent;
    if (e) {
        switch (e->code) {
        case VIR_ERR_NO_CONNECT:
        case VIR_ERR_SYSTEM_ERROR:
        case VIR_ERR_RPC:
        case VIR_ERR_INTERNAL_ERROR:
        case VIR_ERR_OPERATION_TIMEOUT:
        case VIR_ERR_AGENT_UNRESPONSIVE:
            kind = ErrorKind::Transient;
            break;
        case VIR_ERR_AUTH_FAILED:
        case VIR_ERR_AUTH_CANCELLED:
        case VIR_ERR_AUTH_UNAVAILABLE:
            kind = ErrorKind::Authentication;
            break;
        case VIR_ERR_NO_DOMAIN:
        case VIR_ERR_INVALID_ARG:
        case VIR_ERR_XML_ERROR:
            kind = ErrorKind::BadInput;
            break;
        default:
            break;
        }
    }
    return {kind, what + QStringLiteral(": ") + detail};
}

// QEMU's user networking forwards a host port to the guest's SSH port; the
// template names port 0 and every clone gets a free one.
const QRegularExpression &sshForward()
{
    static const QRegularExpression forward(QStringLiteral("hostfwd=tcp:127\\.0\\.0\\.1:(\\d+)-:22\\b"));
    return forward;
}

// A loopback port that no process listens on and no VM of the host forwards.
quint16 freeLoopbackPort(const QSet<int> &taken)
{
    for (int tries = 0; tries < 20; ++tries) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return 0;
        if (!taken.contains(probe.serverPort()))
            return probe.serverPort();
    }
    return 0;
}

// The files a clone owns are named after it and the step that made it
// (<vm>-<key hash>...), so that no other VM's or template's file can carry the name.
QString cloneFilePrefix(const QString &vm, const QString &idempotencyKey)
{
    return vm + QLatin1Char('-') + QString::fromLatin1(QCryptographicHash::hash(idempotencyKey.toUtf8(), QCryptographicHash::Sha256).toHex().left(12));
}

bool ownedByClone(const QString &path, const QString &vm)
{
    static const QRegularExpression own(QStringLiteral("^(.+)-[0-9a-f]{12}(-disk\\d+\\.qcow2|\\.qcow2|\\.console\\.log)$"));
    const auto m = own.match(QFileInfo(path).fileName());
    return m.hasMatch() && m.captured(1) == vm;
}

std::optional<ActionError> makeOverlay(const QString &backing, const QString &overlay)
{
    // Only an earlier attempt of the same step can have left this very name behind.
    QFile::remove(overlay);
    QProcess qemuImg;
    qemuImg.start(QStringLiteral("qemu-img"), {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"),
                                               QStringLiteral("-b"), backing, QStringLiteral("-F"), QStringLiteral("qcow2"), overlay});
    if (!qemuImg.waitForFinished(60000) || qemuImg.exitStatus() != QProcess::NormalExit || qemuImg.exitCode() != 0) {
        const QString detail = qemuImg.error() == QProcess::FailedToStart ? Text::tr("qemu-img is not installed")
                                                                          : QString::fromUtf8(qemuImg.readAllStandardError()).trimmed();
        return ActionError{ErrorKind::Permanent, Text::tr("cannot make the disk overlay %1: %2").arg(overlay, detail)};
    }
    return std::nullopt;
}

// The SSH ports forwarded by the VMs of a host, so that a clone gets another.
QSet<int> forwardedPorts(virConnectPtr conn)
{
    QSet<int> ports;
    virDomainPtr *domains = nullptr;
    const int count = virConnectListAllDomains(conn, &domains, 0);
    for (int i = 0; i < count; ++i) {
        if (char *xml = virDomainGetXMLDesc(domains[i], VIR_DOMAIN_XML_INACTIVE)) {
            const auto m = sshForward().match(QString::fromUtf8(xml));
            if (m.hasMatch())
                ports.insert(m.captured(1).toInt());
            free(xml);
        }
        virDomainFree(domains[i]);
    }
    free(domains);
    return ports;
}

// The vCPUs a host may give its VMs: four to one.
constexpr qint64 kVcpusPerCpu = 4;

// What the VMs of a host take, templates and the VM `except` not counted.
struct HostLoad
{
    qint64 memoryKiB = 0;
    qint64 cpus = 0;
};

std::optional<HostLoad> loadOf(virConnectPtr conn, const QStringList &templates, const QString &except = {})
{
    virDomainPtr *domains = nullptr;
    const int count = virConnectListAllDomains(conn, &domains, 0);
    if (count < 0)
        return std::nullopt;
    HostLoad load;
    for (int i = 0; i < count; ++i) {
        const QString name = QString::fromUtf8(virDomainGetName(domains[i]));
        if (!templates.contains(name) && name != except) {
            virDomainInfo info{};
            virDomainGetInfo(domains[i], &info);
            load.memoryKiB += qint64(info.maxMem);
            load.cpus += info.nrVirtCpu;
        }
        virDomainFree(domains[i]);
    }
    free(domains);
    return load;
}

// Frees a libvirt domain handle when it goes out of scope.
struct Domain
{
    virDomainPtr ptr = nullptr;
    HypervisorHost host;
    Domain() = default;
    Domain(virDomainPtr p, HypervisorHost h) : ptr(p), host(std::move(h)) {}
    Domain(Domain &&o) noexcept : ptr(std::exchange(o.ptr, nullptr)), host(std::move(o.host)) {}
    Domain &operator=(Domain &&o) noexcept
    {
        std::swap(ptr, o.ptr);
        std::swap(host, o.host);
        return *this;
    }
    ~Domain()
    {
        if (ptr)
            virDomainFree(ptr);
    }
    Q_DISABLE_COPY(Domain)
};

QString vmName(const ActionContext &ctx)
{
    return ctx.inputs.value(QLatin1String("vm")).toString();
}

class HypervisorAction : public engine::Action
{
public:
    explicit HypervisorAction(std::shared_ptr<HypervisorFarm> farm) : m_farm(std::move(farm)) {}

protected:
    // Looks the VM up on every host; nullopt with no error when it does not exist.
    std::optional<Domain> find(const QString &name, ActionError &error) const
    {
        for (const HypervisorHost &host : m_farm->hosts()) {
            virConnectPtr conn = m_farm->connection(host, error);
            if (!conn)
                return std::nullopt;
            virDomainPtr d = virDomainLookupByName(conn, name.toUtf8().constData());
            if (d)
                return Domain(d, host);
            const virErrorPtr e = virGetLastError();
            if (e && e->code != VIR_ERR_NO_DOMAIN) {
                error = libvirtError(Text::tr("looking up %1 on %2").arg(name, host.name));
                return std::nullopt;
            }
        }
        error = {};
        return std::nullopt;
    }

    // The VM must exist: a missing one is the caller's mistake.
    std::optional<Domain> require(const QString &name, ActionError &error) const
    {
        error.message.clear();
        auto d = find(name, error);
        if (!d && error.message.isEmpty())
            error = {ErrorKind::BadInput, Text::tr("no VM named '%1' on any host").arg(name)};
        return d;
    }

    static QJsonObject describe(const Domain &d)
    {
        virDomainInfo info{};
        virDomainGetInfo(d.ptr, &info);
        char uuid[VIR_UUID_STRING_BUFLEN] = {};
        virDomainGetUUIDString(d.ptr, uuid);
        static const char *states[] = {"none", "running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended"};
        const QString state = info.state < std::size(states) ? QString::fromLatin1(states[info.state]) : QStringLiteral("unknown");
        return {{QStringLiteral("vm"), QString::fromUtf8(virDomainGetName(d.ptr))},
                {QStringLiteral("host"), d.host.name},
                {QStringLiteral("uuid"), QString::fromLatin1(uuid)},
                {QStringLiteral("state"), state},
                {QStringLiteral("cpus"), int(info.nrVirtCpu)},
                {QStringLiteral("memoryGiB"), double(info.maxMem) / (1024.0 * 1024.0)}};
    }

    std::shared_ptr<HypervisorFarm> m_farm;
};

class CloneAction final : public HypervisorAction
{
public:
    using HypervisorAction::HypervisorAction;
    QString name() const override { return QStringLiteral("hypervisor.clone"); }
    QHash<QString, InputSpec> inputs() const override
    {
        return {{QStringLiteral("template"), {InputType::String, true}},
                {QStringLiteral("name"), {InputType::String, true}},
                {QStringLiteral("cpus"), {InputType::Integer, false}},
                {QStringLiteral("memoryGiB"), {InputType::Integer, false}}};
    }

    ActionOutcome run(ActionContext &ctx) override
    {
        const QString templ = ctx.inputs.value(QLatin1String("template")).toString();
        const QString name = ctx.inputs.value(QLatin1String("name")).toString();
        static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"));
        if (!namePattern.match(name).hasMatch())
            return ActionError{ErrorKind::BadInput, Text::tr("'%1' is not a valid VM name").arg(name)};
        if (!m_farm->templates().contains(templ))
            return ActionError{ErrorKind::BadInput, Text::tr("no template '%1' (templates: %2)").arg(templ, m_farm->templates().join(QStringLiteral(", ")))};
        if (m_farm->templates().contains(name))
            return ActionError{ErrorKind::BadInput, Text::tr("'%1' is the name of a template").arg(name)};
        // Idempotent by name: a VM of that name made by an earlier attempt is the result.
        ActionError error;
        const QString marker = QStringLiteral("ordo:") + ctx.idempotencyKey;
        if (auto existing = find(name, error)) {
            // Only a VM that an earlier attempt of this very step made is ours to take.
            char *description = virDomainGetMetadata(existing->ptr, VIR_DOMAIN_METADATA_DESCRIPTION, nullptr, VIR_DOMAIN_AFFECT_CONFIG);
            const bool ours = description && QString::fromUtf8(description) == marker;
            free(description);
            if (!ours)
                return ActionError{ErrorKind::BadInput, Text::tr("a VM named '%1' already exists on %2 and was not made by this step")
                                                            .arg(name, existing->host.name)};
            ctx.log(Text::tr("%1 already exists on %2").arg(name, existing->host.name));
            return describe(*existing);
        }
        if (!error.message.isEmpty())
            return error;
        const qint64 wantedKiB = ctx.inputs.value(QLatin1String("memoryGiB")).toInteger(0) * 1024 * 1024;
        const qint64 wantedCpus = ctx.inputs.value(QLatin1String("cpus")).toInteger(0);

        // Placement: the host with the most free memory that has the template and room.
        struct Candidate
        {
            HypervisorHost host;
            qint64 freeKiB = 0;
        };
        std::optional<Candidate> best;
        QStringList full;
        for (const HypervisorHost &host : m_farm->hosts()) {
            virConnectPtr conn = m_farm->connection(host, error);
            if (!conn)
                return error;
            virDomainPtr t = virDomainLookupByName(conn, templ.toUtf8().constData());
            if (!t) {
                const virErrorPtr e = virGetLastError();
                if (e && e->code != VIR_ERR_NO_DOMAIN)
                    return libvirtError(Text::tr("looking up template %1 on %2").arg(templ, host.name));
                continue;
            }
            virDomainInfo templateInfo{};
            virDomainGetInfo(t, &templateInfo);
            virDomainFree(t);
            virNodeInfo node{};
            if (virNodeGetInfo(conn, &node) < 0)
                return libvirtError(Text::tr("reading the capacity of %1").arg(host.name));
            const auto used = loadOf(conn, m_farm->templates());
            if (!used)
                return libvirtError(Text::tr("listing the VMs of %1").arg(host.name));
            const qint64 needKiB = wantedKiB > 0 ? wantedKiB : qint64(templateInfo.maxMem);
            const qint64 needCpus = wantedCpus > 0 ? wantedCpus : templateInfo.nrVirtCpu;
            const qint64 freeKiB = qint64(node.memory) - used->memoryKiB;
            // vCPUs may be overcommitted four to one; memory is not overcommitted.
            if (freeKiB < needKiB || used->cpus + needCpus > qint64(node.cpus) * kVcpusPerCpu) {
                full.append(host.name);
                continue;
            }
            if (!best || freeKiB > best->freeKiB)
                best = Candidate{host, freeKiB};
        }
        if (!best) {
            if (full.isEmpty())
                return ActionError{ErrorKind::BadInput, Text::tr("no host has the template '%1'").arg(templ)};
            return ActionError{ErrorKind::Transient, Text::tr("no host has room for %1 GiB and %2 vCPUs (full: %3)")
                                                         .arg(wantedKiB / (1024 * 1024)).arg(wantedCpus).arg(full.join(QStringLiteral(", ")))};
        }
        virConnectPtr conn = m_farm->connection(best->host, error);
        if (!conn)
            return error;
        virDomainPtr t = virDomainLookupByName(conn, templ.toUtf8().constData());
        if (!t)
            return libvirtError(Text::tr("reading template %1").arg(templ));
        char *xml = virDomainGetXMLDesc(t, VIR_DOMAIN_XML_INACTIVE);
        virDomainFree(t);
        if (!xml)
            return libvirtError(Text::tr("reading template %1").arg(templ));
        QDomDocument doc;
        doc.setContent(QByteArray(xml));
        free(xml);
        QDomElement root = doc.documentElement();
        root.firstChildElement(QStringLiteral("name")).firstChild().setNodeValue(name);
        // A new identity: libvirt makes up the UUID, the MAC addresses and device names.
        root.removeChild(root.firstChildElement(QStringLiteral("uuid")));
        // Marks the VM as made by this step, so that a repeated attempt takes it over.
        root.removeChild(root.firstChildElement(QStringLiteral("description")));
        QDomElement description = doc.createElement(QStringLiteral("description"));
        description.appendChild(doc.createTextNode(marker));
        root.insertAfter(description, root.firstChildElement(QStringLiteral("name")));
        // Sized as asked, so that what placement counted is what the VM gets.
        const auto setText = [&](const QString &tag, const QString &value) {
            QDomElement e = root.firstChildElement(tag);
            if (e.isNull())
                return;
            e.setAttribute(QStringLiteral("unit"), QStringLiteral("KiB"));
            e.firstChild().setNodeValue(value);
        };
        if (wantedKiB > 0) {
            setText(QStringLiteral("memory"), QString::number(wantedKiB));
            setText(QStringLiteral("currentMemory"), QString::number(wantedKiB));
        }
        if (wantedCpus > 0)
            root.firstChildElement(QStringLiteral("vcpu")).firstChild().setNodeValue(QString::number(wantedCpus));
        const QDomNodeList interfaces = root.elementsByTagName(QStringLiteral("interface"));
        for (int i = 0; i < interfaces.size(); ++i) {
            QDomElement iface = interfaces.at(i).toElement();
            iface.removeChild(iface.firstChildElement(QStringLiteral("mac")));
            iface.removeChild(iface.firstChildElement(QStringLiteral("target")));
        }
        // File-backed disks become qcow2 overlays of the template's, the
        // console log and the SSH port forward the clone's own.
        const QString prefix = cloneFilePrefix(name, ctx.idempotencyKey);
        QStringList made;
        const auto undoFiles = qScopeGuard([&made] {
            for (const QString &file : std::as_const(made))
                QFile::remove(file);
        });
        const QDomNodeList disks = root.elementsByTagName(QStringLiteral("disk"));
        for (int i = 0; i < disks.size(); ++i) {
            QDomElement disk = disks.at(i).toElement();
            QDomElement source = disk.firstChildElement(QStringLiteral("source"));
            if (disk.attribute(QStringLiteral("device")) != QLatin1String("disk") || !source.hasAttribute(QStringLiteral("file")))
                continue;
            const QString backing = source.attribute(QStringLiteral("file"));
            const QString overlay = QFileInfo(backing).absoluteDir().filePath(
                i == 0 ? prefix + QStringLiteral(".qcow2") : QStringLiteral("%1-disk%2.qcow2").arg(prefix).arg(i));
            if (auto failed = makeOverlay(backing, overlay))
                return *failed;
            made.append(overlay);
            source.setAttribute(QStringLiteral("file"), overlay);
            disk.firstChildElement(QStringLiteral("driver")).setAttribute(QStringLiteral("type"), QStringLiteral("qcow2"));
        }
        for (const QString &tag : {QStringLiteral("serial"), QStringLiteral("console")}) {
            const QDomNodeList consoles = root.elementsByTagName(tag);
            for (int i = 0; i < consoles.size(); ++i) {
                QDomElement source = consoles.at(i).firstChildElement(QStringLiteral("source"));
                if (consoles.at(i).toElement().attribute(QStringLiteral("type")) == QLatin1String("file") && source.hasAttribute(QStringLiteral("path")))
                    source.setAttribute(QStringLiteral("path"),
                                        QFileInfo(source.attribute(QStringLiteral("path"))).absoluteDir().filePath(prefix + QStringLiteral(".console.log")));
            }
        }
        // One clone at a time picks its port, among those no VM of the host forwards.
        static QMutex portChoice;
        const QMutexLocker portLock(&portChoice);
        const QDomNodeList qemuArgs = root.elementsByTagName(QStringLiteral("qemu:arg"));
        for (int i = 0; i < qemuArgs.size(); ++i) {
            QDomElement arg = qemuArgs.at(i).toElement();
            QString value = arg.attribute(QStringLiteral("value"));
            const auto forward = sshForward().match(value);
            if (!forward.hasMatch())
                continue;
            const quint16 port = freeLoopbackPort(forwardedPorts(conn));
            if (port == 0)
                return ActionError{ErrorKind::Transient, Text::tr("no free port for the SSH forward of %1").arg(name)};
            value.replace(forward.capturedStart(1), forward.capturedLength(1), QString::number(port));
            arg.setAttribute(QStringLiteral("value"), value);
        }
        virDomainPtr defined = virDomainDefineXML(conn, doc.toByteArray().constData());
        if (!defined)
            return libvirtError(Text::tr("defining %1 on %2").arg(name, best->host.name));
        made.clear(); // the VM owns its files now
        ctx.log(Text::tr("cloned %1 from %2 on %3").arg(name, templ, best->host.name));
        return describe(Domain(defined, best->host));
    }
};

class ConfigureAction final : public HypervisorAction
{
public:
    using HypervisorAction::HypervisorAction;
    QString name() const override { return QStringLiteral("hypervisor.configure"); }
    QHash<QString, InputSpec> inputs() const override
    {
        return {{QStringLiteral("vm"), {InputType::String, true}},
                {QStringLiteral("cpus"), {InputType::Integer, false}},
                {QStringLiteral("memoryGiB"), {InputType::Integer, false}}};
    }
    ActionOutcome run(ActionContext &ctx) override
    {
        ActionError error;
        auto d = require(vmName(ctx), error);
        if (!d)
            return error;
        const qint64 cpus = ctx.inputs.value(QLatin1String("cpus")).toInteger(0);
        const qint64 memoryGiB = ctx.inputs.value(QLatin1String("memoryGiB")).toInteger(0);
        if (cpus < 0 || cpus > 256 || memoryGiB < 0 || memoryGiB > 4096)
            return ActionError{ErrorKind::BadInput, Text::tr("%1 vCPUs and %2 GiB are out of range").arg(cpus).arg(memoryGiB)};
        if (cpus > 0) {
            // Resizing keeps to the four to one that placed the VM.
            virConnectPtr conn = m_farm->connection(d->host, error);
            if (!conn)
                return error;
            virNodeInfo node{};
            if (virNodeGetInfo(conn, &node) < 0)
                return libvirtError(Text::tr("reading the capacity of %1").arg(d->host.name));
            const auto others = loadOf(conn, m_farm->templates(), vmName(ctx));
            if (!others)
                return libvirtError(Text::tr("listing the VMs of %1").arg(d->host.name));
            const qint64 limit = qint64(node.cpus) * kVcpusPerCpu;
            if (others->cpus + cpus > limit)
                return ActionError{ErrorKind::Transient, Text::tr("%1 has no room to give %2 %3 vCPUs: its other VMs have %4 of at most %5")
                                                             .arg(d->host.name, vmName(ctx))
                                                             .arg(cpus)
                                                             .arg(others->cpus)
                                                             .arg(limit)};
        }
        const unsigned config = VIR_DOMAIN_AFFECT_CONFIG;
        // The maximum first, then the current value: both in the persistent definition.
        if (cpus > 0
            && (virDomainSetVcpusFlags(d->ptr, unsigned(cpus), config | VIR_DOMAIN_VCPU_MAXIMUM) < 0
                || virDomainSetVcpusFlags(d->ptr, unsigned(cpus), config) < 0))
            return libvirtError(Text::tr("setting %1 vCPUs on %2").arg(cpus).arg(vmName(ctx)));
        if (memoryGiB > 0) {
            const unsigned long kib = static_cast<unsigned long>(memoryGiB) * 1024UL * 1024UL;
            if (virDomainSetMemoryFlags(d->ptr, kib, config | VIR_DOMAIN_MEM_MAXIMUM) < 0
                || virDomainSetMemoryFlags(d->ptr, kib, config) < 0)
                return libvirtError(Text::tr("setting %1 GiB of memory on %2").arg(memoryGiB).arg(vmName(ctx)));
        }
        return describe(*d);
    }
};

class PowerAction final : public HypervisorAction
{
public:
    PowerAction(std::shared_ptr<HypervisorFarm> farm, bool on) : HypervisorAction(std::move(farm)), m_on(on) {}
    QString name() const override { return m_on ? QStringLiteral("hypervisor.powerOn") : QStringLiteral("hypervisor.powerOff"); }
    QHash<QString, InputSpec> inputs() const override { return {{QStringLiteral("vm"), {InputType::String, true}}}; }
    ActionOutcome run(ActionContext &ctx) override
    {
        ActionError error;
        auto d = require(vmName(ctx), error);
        if (!d)
            return error;
        // Idempotent: a VM already in the wanted state is left alone.
        const int active = virDomainIsActive(d->ptr);
        if (active < 0)
            return libvirtError(Text::tr("reading the state of %1").arg(vmName(ctx)));
        if (m_on && active == 0 && virDomainCreate(d->ptr) < 0)
            return libvirtError(Text::tr("starting %1").arg(vmName(ctx)));
        if (!m_on && active == 1 && virDomainDestroy(d->ptr) < 0)
            return libvirtError(Text::tr("stopping %1").arg(vmName(ctx)));
        return describe(*d);
    }

private:
    bool m_on;
};

class WaitForAddressAction final : public HypervisorAction
{
public:
    using HypervisorAction::HypervisorAction;
    QString name() const override { return QStringLiteral("hypervisor.waitForAddress"); }
    QHash<QString, InputSpec> inputs() const override
    {
        return {{QStringLiteral("vm"), {InputType::String, true}}, {QStringLiteral("timeoutMs"), {InputType::Integer, false}}};
    }
    ActionOutcome run(ActionContext &ctx) override
    {
        const qint64 timeoutMs = ctx.inputs.value(QLatin1String("timeoutMs")).toInteger(120000);
        QElapsedTimer waited;
        waited.start();
        while (true) {
            ActionError error;
            auto d = require(vmName(ctx), error);
            if (!d)
                return error;
            const int active = virDomainIsActive(d->ptr);
            if (active < 0)
                return libvirtError(Text::tr("reading the state of %1").arg(vmName(ctx)));
            if (active == 0)
                return ActionError{ErrorKind::Permanent, Text::tr("%1 is not running").arg(vmName(ctx))};
            if (const int port = forwardedSshPort(*d); port > 0) {
                // User networking: the guest is reached through the forward, and
                // is there once its SSH server greets (QEMU accepts the
                // connection before the guest is up).
                if (sshGreets(quint16(port))) {
                    QJsonObject out = describe(*d);
                    out.insert(QStringLiteral("address"), QStringLiteral("127.0.0.1"));
                    out.insert(QStringLiteral("sshPort"), port);
                    return out;
                }
            } else if (QString address = leaseAddress(*d); !address.isEmpty()) {
                QJsonObject out = describe(*d);
                out.insert(QStringLiteral("address"), address);
                out.insert(QStringLiteral("sshPort"), 22);
                return out;
            }
            if (ctx.isCancelled())
                return ActionError{ErrorKind::Cancelled, Text::tr("cancelled while waiting for an address")};
            if (waited.elapsed() > timeoutMs)
                return ActionError{ErrorKind::Timeout, Text::tr("%1 got no address within %2 ms").arg(vmName(ctx)).arg(timeoutMs)};
            QThread::msleep(200);
        }
    }

private:
    static int forwardedSshPort(const Domain &d)
    {
        char *xml = virDomainGetXMLDesc(d.ptr, 0);
        if (!xml)
            return 0;
        const auto forward = sshForward().match(QString::fromUtf8(xml));
        free(xml);
        return forward.hasMatch() ? forward.captured(1).toInt() : 0;
    }

    static bool sshGreets(quint16 port)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(2000))
            return false;
        while (socket.bytesAvailable() < 4 && socket.waitForReadyRead(3000)) {
        }
        return socket.peek(4) == "SSH-";
    }

    static QString leaseAddress(const Domain &d)
    {
        virDomainInterfacePtr *ifaces = nullptr;
        const int count = virDomainInterfaceAddresses(d.ptr, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
        QString address;
        for (int i = 0; i < count; ++i) {
            for (unsigned j = 0; j < ifaces[i]->naddrs && address.isEmpty(); ++j)
                if (ifaces[i]->addrs[j].type == VIR_IP_ADDR_TYPE_IPV4)
                    address = QString::fromUtf8(ifaces[i]->addrs[j].addr);
            virDomainInterfaceFree(ifaces[i]);
        }
        free(ifaces);
        return address;
    }
};

class DestroyAction final : public HypervisorAction
{
public:
    using HypervisorAction::HypervisorAction;
    QString name() const override { return QStringLiteral("hypervisor.destroy"); }
    QHash<QString, InputSpec> inputs() const override { return {{QStringLiteral("vm"), {InputType::String, true}}}; }
    ActionOutcome run(ActionContext &ctx) override
    {
        if (m_farm->templates().contains(vmName(ctx)))
            return ActionError{ErrorKind::BadInput, Text::tr("'%1' is a template and is never destroyed").arg(vmName(ctx))};
        ActionError error;
        auto d = find(vmName(ctx), error);
        if (!d) {
            if (!error.message.isEmpty())
                return error;
            // Already gone: the compensation has nothing left to do.
            return QJsonObject{{QStringLiteral("vm"), vmName(ctx)}, {QStringLiteral("destroyed"), false}};
        }
        // Files are removed with the VM only when Ordo made it (its description
        // carries the cloning step's mark) and only those named as clone files.
        char *description = virDomainGetMetadata(d->ptr, VIR_DOMAIN_METADATA_DESCRIPTION, nullptr, VIR_DOMAIN_AFFECT_CONFIG);
        const bool madeByOrdo = description && QString::fromUtf8(description).startsWith(QLatin1String("ordo:"));
        free(description);
        QStringList ownFiles;
        if (char *xml = madeByOrdo ? virDomainGetXMLDesc(d->ptr, VIR_DOMAIN_XML_INACTIVE) : nullptr) {
            QDomDocument doc;
            doc.setContent(QByteArray(xml));
            free(xml);
            const QDomNodeList sources = doc.elementsByTagName(QStringLiteral("source"));
            for (int i = 0; i < sources.size(); ++i) {
                const QDomElement source = sources.at(i).toElement();
                for (const QString &attribute : {QStringLiteral("file"), QStringLiteral("path")}) {
                    const QString path = source.attribute(attribute);
                    if (!path.isEmpty() && ownedByClone(path, vmName(ctx)))
                        ownFiles.append(path);
                }
            }
        }
        if (virDomainIsActive(d->ptr) == 1 && virDomainDestroy(d->ptr) < 0)
            return libvirtError(Text::tr("stopping %1").arg(vmName(ctx)));
        if (virDomainUndefineFlags(d->ptr, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM) < 0
            && virDomainUndefine(d->ptr) < 0)
            return libvirtError(Text::tr("removing %1").arg(vmName(ctx)));
        for (const QString &file : std::as_const(ownFiles)) {
            if (QFile::exists(file) && !QFile::remove(file))
                ctx.log(Text::tr("could not remove %1").arg(file));
        }
        ctx.log(Text::tr("destroyed %1 on %2").arg(vmName(ctx), d->host.name));
        return QJsonObject{{QStringLiteral("vm"), vmName(ctx)}, {QStringLiteral("host"), d->host.name}, {QStringLiteral("destroyed"), true}};
    }
};

class InfoAction final : public HypervisorAction
{
public:
    using HypervisorAction::HypervisorAction;
    QString name() const override { return QStringLiteral("hypervisor.info"); }
    QHash<QString, InputSpec> inputs() const override { return {{QStringLiteral("vm"), {InputType::String, true}}}; }
    ActionOutcome run(ActionContext &ctx) override
    {
        ActionError error;
        auto d = require(vmName(ctx), error);
        if (!d)
            return error;
        return describe(*d);
    }
};

} // namespace

HypervisorFarm::HypervisorFarm(QList<HypervisorHost> hosts, QStringList templates)
    : m_hosts(std::move(hosts)), m_templates(std::move(templates))
{
    // Once, before any worker thread calls into libvirt.
    static const bool initialised = virInitialize() == 0;
    Q_UNUSED(initialised);
}

HypervisorFarm::~HypervisorFarm()
{
    for (virConnectPtr conn : std::as_const(m_connections))
        virConnectClose(conn);
    for (virConnectPtr conn : std::as_const(m_retired))
        virConnectClose(conn);
}

virConnectPtr HypervisorFarm::connection(const HypervisorHost &host, engine::ActionError &error)
{
    QMutexLocker lock(&m_mutex);
    if (virConnectPtr conn = m_connections.value(host.name)) {
        if (virConnectIsAlive(conn) == 1)
            return conn;
        // Another worker may still use it: it is closed with the farm, not now.
        m_retired.append(conn);
        m_connections.remove(host.name);
    }
    virConnectPtr conn = virConnectOpen(host.uri.toUtf8().constData());
    if (!conn) {
        error = libvirtError(Text::tr("connecting to %1 (%2)").arg(host.name, host.uri));
        if (error.kind != ErrorKind::Authentication)
            error.kind = ErrorKind::Transient; // a host that is down or misconfigured may come back
        return nullptr;
    }
    // Errors go to the caller as values, not to stderr.
    virConnSetErrorFunc(conn, nullptr, silence);
    m_connections.insert(host.name, conn);
    return conn;
}

Result<std::shared_ptr<HypervisorFarm>> HypervisorFarm::fromSettings(const QJsonObject &settings)
{
    QList<HypervisorHost> hosts;
    const QJsonArray list = settings.value(QLatin1String("hosts")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject h = list.at(i).toObject();
        HypervisorHost host{h.value(QLatin1String("name")).toString(), h.value(QLatin1String("uri")).toString()};
        if (host.name.isEmpty() || host.uri.isEmpty())
            return Error::badInput(Text::tr("hypervisor settings: hosts/%1 needs a name and a uri").arg(i));
        hosts.append(host);
    }
    if (hosts.isEmpty())
        return Error::badInput(Text::tr("hypervisor settings: no hosts"));
    QStringList templates;
    for (const QJsonValue &t : settings.value(QLatin1String("templates")).toArray())
        templates.append(t.toString());
    if (templates.isEmpty())
        templates = {QStringLiteral("debian-12"), QStringLiteral("ubuntu-24.04")};
    return std::make_shared<HypervisorFarm>(hosts, templates);
}

QJsonObject HypervisorFarm::testFarmSettings(const QString &folder)
{
    const QString dir = QDir(folder).absoluteFilePath(QStringLiteral("testfarm"));
    QJsonArray hosts;
    for (const char *host : {"host1", "host2"})
        hosts.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(host)},
                                 {QStringLiteral("uri"), QString(QStringLiteral("test://") + dir + QLatin1Char('/') + QLatin1String(host) + QStringLiteral(".xml"))}});
    return {{QStringLiteral("hosts"), hosts}, {QStringLiteral("templates"), QJsonArray{QStringLiteral("debian-12"), QStringLiteral("ubuntu-24.04")}}};
}

Result<std::shared_ptr<HypervisorFarm>> HypervisorFarm::testFarm(const QString &folder)
{
    const QString dir = QDir(folder).absoluteFilePath(QStringLiteral("testfarm"));
    if (!QDir().mkpath(dir))
        return Error::internal(Text::tr("cannot create %1").arg(dir));
    for (const char *host : {"host1", "host2"}) {
        const QString target = dir + QLatin1Char('/') + QLatin1String(host) + QStringLiteral(".xml");
        if (QFile::exists(target))
            continue;
        QFile source(QStringLiteral(":/ordo/testfarm/") + QLatin1String(host) + QStringLiteral(".xml"));
        QFile out(target);
        if (!source.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly) || out.write(source.readAll()) < 0)
            return Error::internal(Text::tr("cannot write the test farm's node file %1").arg(target));
    }
    return fromSettings(testFarmSettings(folder));
}

void HypervisorFarm::registerActions(engine::ActionRegistry &registry, std::shared_ptr<HypervisorFarm> farm)
{
    registry.add(std::make_shared<CloneAction>(farm));
    registry.add(std::make_shared<ConfigureAction>(farm));
    registry.add(std::make_shared<PowerAction>(farm, true));
    registry.add(std::make_shared<PowerAction>(farm, false));
    registry.add(std::make_shared<WaitForAddressAction>(farm));
    registry.add(std::make_shared<DestroyAction>(farm));
    registry.add(std::make_shared<InfoAction>(farm));
}

} // namespace ordo::connectors
