#include "connectors/Hypervisor.h"

#include "connectors/ActionNames.h"
#include "connectors/ClonePlan.h"
#include "connectors/Libvirt.h"

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
#include <QSaveFile>
#include <QThread>

#include <libvirt/virterror.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

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
    for (const libvirt::Domain &domain : libvirt::allDomains(conn).value_or(std::vector<libvirt::Domain>())) {
        const libvirt::Text xml(virDomainGetXMLDesc(domain.get(), VIR_DOMAIN_XML_INACTIVE));
        if (const auto port = xml ? sshForwardPort(QByteArray(xml.get())) : std::nullopt)
            ports.insert(*port);
    }
    return ports;
}

// What the VMs of a host take, templates and the VM `except` not counted.
std::optional<VmSize> loadOf(virConnectPtr conn, const QStringList &templates, const QString &except = {})
{
    const auto domains = libvirt::allDomains(conn);
    if (!domains)
        return std::nullopt;
    VmSize load;
    for (const libvirt::Domain &domain : *domains) {
        const QString name = QString::fromUtf8(virDomainGetName(domain.get()));
        if (!templates.contains(name) && name != except) {
            virDomainInfo info{};
            virDomainGetInfo(domain.get(), &info);
            load.memoryKiB += qint64(info.maxMem);
            load.cpus += info.nrVirtCpu;
        }
    }
    return load;
}

// The description Ordo gave a VM, empty when it has none.
QString descriptionOf(virDomainPtr domain)
{
    const libvirt::Text description(virDomainGetMetadata(domain, VIR_DOMAIN_METADATA_DESCRIPTION, nullptr, VIR_DOMAIN_AFFECT_CONFIG));
    return description ? QString::fromUtf8(description.get()) : QString();
}

// A domain and the host it is on.
struct Domain
{
    libvirt::Domain handle;
    HypervisorHost host;
    virDomainPtr ptr() const { return handle.get(); }
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
                return Domain{libvirt::Domain(d), host};
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
        virDomainGetInfo(d.ptr(), &info);
        char uuid[VIR_UUID_STRING_BUFLEN] = {};
        virDomainGetUUIDString(d.ptr(), uuid);
        static const char *states[] = {"none", "running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended"};
        const QString state = info.state < std::size(states) ? QString::fromLatin1(states[info.state]) : QStringLiteral("unknown");
        return {{QStringLiteral("vm"), QString::fromUtf8(virDomainGetName(d.ptr()))},
                {QStringLiteral("host"), d.host.name},
                {QStringLiteral("uuid"), QString::fromLatin1(uuid)},
                {QStringLiteral("state"), state},
                {QStringLiteral("cpus"), int(info.nrVirtCpu)},
                {QStringLiteral("memoryGiB"), double(info.maxMem) / (1024.0 * 1024.0)},
                // libvirt's test driver: no guest runs, so nothing can log on to it.
                {QStringLiteral("simulated"), d.host.uri.startsWith(QLatin1String("test:"))}};
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
            if (descriptionOf(existing->ptr()) != marker)
                return ActionError{ErrorKind::BadInput, Text::tr("a VM named '%1' already exists on %2 and was not made by this step")
                                                            .arg(name, existing->host.name)};
            ctx.log(Text::tr("%1 already exists on %2").arg(name, existing->host.name));
            return describe(*existing);
        }
        if (!error.message.isEmpty())
            return error;
        const VmSize wanted{ctx.inputs.value(QLatin1String("memoryGiB")).toInteger(0) * 1024 * 1024, ctx.inputs.value(QLatin1String("cpus")).toInteger(0)};

        auto capacities = hostCapacities(templ);
        if (auto *failed = std::get_if<ActionError>(&capacities))
            return *failed;
        auto placed = choosePlacement(std::get<QList<HostCapacity>>(capacities), templ, wanted);
        if (auto *failed = std::get_if<ActionError>(&placed))
            return *failed;
        const QString &chosen = std::get<QString>(placed);
        const HypervisorHost host = *std::find_if(m_farm->hosts().begin(), m_farm->hosts().end(), [&](const HypervisorHost &h) { return h.name == chosen; });
        virConnectPtr conn = m_farm->connection(host, error);
        if (!conn)
            return error;

        const libvirt::Domain templateDomain(virDomainLookupByName(conn, templ.toUtf8().constData()));
        const libvirt::Text templateXml(templateDomain ? virDomainGetXMLDesc(templateDomain.get(), VIR_DOMAIN_XML_INACTIVE) : nullptr);
        if (!templateXml)
            return libvirtError(Text::tr("reading template %1").arg(templ));
        auto rewritten = rewriteCloneXml(QByteArray(templateXml.get()), {name, marker, wanted, cloneFilePrefix(name, ctx.idempotencyKey)});
        if (auto *failed = std::get_if<ActionError>(&rewritten)) {
            failed->message = Text::tr("template %1: %2").arg(templ, failed->message);
            return *failed;
        }
        CloneXml &clone = std::get<CloneXml>(rewritten);

        QStringList made;
        const auto undoFiles = qScopeGuard([&made] {
            for (const QString &file : std::as_const(made))
                QFile::remove(file);
        });
        for (const DiskOverlay &disk : std::as_const(clone.overlays)) {
            if (auto failed = makeOverlay(disk.backing, disk.overlay))
                return *failed;
            made.append(disk.overlay);
        }
        // One clone at a time picks its port, among those no VM of the host forwards.
        static QMutex portChoice;
        const QMutexLocker portLock(&portChoice);
        if (sshForwardPort(clone.xml)) {
            const quint16 port = freeLoopbackPort(forwardedPorts(conn));
            if (port == 0)
                return ActionError{ErrorKind::Transient, Text::tr("no free port for the SSH forward of %1").arg(name)};
            clone.xml = withSshForward(clone.xml, port);
        }
        libvirt::Domain defined(virDomainDefineXML(conn, clone.xml.constData()));
        if (!defined)
            return libvirtError(Text::tr("defining %1 on %2").arg(name, host.name));
        made.clear(); // the VM owns its files now
        ctx.log(Text::tr("cloned %1 from %2 on %3").arg(name, templ, host.name));
        return describe(Domain{std::move(defined), host});
    }

private:
    // What placement needs from every host, read through libvirt.
    std::variant<QList<HostCapacity>, ActionError> hostCapacities(const QString &templ) const
    {
        QList<HostCapacity> capacities;
        for (const HypervisorHost &host : m_farm->hosts()) {
            ActionError error;
            virConnectPtr conn = m_farm->connection(host, error);
            if (!conn)
                return error;
            HostCapacity capacity;
            capacity.host = host.name;
            const libvirt::Domain t(virDomainLookupByName(conn, templ.toUtf8().constData()));
            if (!t) {
                const virErrorPtr e = virGetLastError();
                if (e && e->code != VIR_ERR_NO_DOMAIN)
                    return libvirtError(Text::tr("looking up template %1 on %2").arg(templ, host.name));
                capacities.append(capacity);
                continue;
            }
            virDomainInfo templateInfo{};
            virDomainGetInfo(t.get(), &templateInfo);
            virNodeInfo node{};
            if (virNodeGetInfo(conn, &node) < 0)
                return libvirtError(Text::tr("reading the capacity of %1").arg(host.name));
            const auto used = loadOf(conn, m_farm->templates());
            if (!used)
                return libvirtError(Text::tr("listing the VMs of %1").arg(host.name));
            capacity.hasTemplate = true;
            capacity.templateSize = {qint64(templateInfo.maxMem), templateInfo.nrVirtCpu};
            capacity.memoryKiB = qint64(node.memory);
            capacity.cpus = node.cpus;
            capacity.used = *used;
            capacities.append(capacity);
        }
        return capacities;
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
            && (virDomainSetVcpusFlags(d->ptr(), unsigned(cpus), config | VIR_DOMAIN_VCPU_MAXIMUM) < 0
                || virDomainSetVcpusFlags(d->ptr(), unsigned(cpus), config) < 0))
            return libvirtError(Text::tr("setting %1 vCPUs on %2").arg(cpus).arg(vmName(ctx)));
        if (memoryGiB > 0) {
            const unsigned long kib = static_cast<unsigned long>(memoryGiB) * 1024UL * 1024UL;
            if (virDomainSetMemoryFlags(d->ptr(), kib, config | VIR_DOMAIN_MEM_MAXIMUM) < 0
                || virDomainSetMemoryFlags(d->ptr(), kib, config) < 0)
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
        const int active = virDomainIsActive(d->ptr());
        if (active < 0)
            return libvirtError(Text::tr("reading the state of %1").arg(vmName(ctx)));
        if (m_on && active == 0 && virDomainCreate(d->ptr()) < 0)
            return libvirtError(Text::tr("starting %1").arg(vmName(ctx)));
        if (!m_on && active == 1 && virDomainDestroy(d->ptr()) < 0)
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
            const int active = virDomainIsActive(d->ptr());
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
        const libvirt::Text xml(virDomainGetXMLDesc(d.ptr(), 0));
        return xml ? sshForwardPort(QByteArray(xml.get())).value_or(0) : 0;
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
        for (const libvirt::Interface &iface : libvirt::interfaceAddresses(d.ptr(), VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE)) {
            for (unsigned j = 0; j < iface->naddrs; ++j)
                if (iface->addrs[j].type == VIR_IP_ADDR_TYPE_IPV4)
                    return QString::fromUtf8(iface->addrs[j].addr);
        }
        return {};
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
        const bool madeByOrdo = descriptionOf(d->ptr()).startsWith(QLatin1String("ordo:"));
        QStringList ownFiles;
        if (const libvirt::Text xml(madeByOrdo ? virDomainGetXMLDesc(d->ptr(), VIR_DOMAIN_XML_INACTIVE) : nullptr); xml) {
            QDomDocument doc;
            doc.setContent(QByteArray(xml.get()));
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
        if (virDomainIsActive(d->ptr()) == 1 && virDomainDestroy(d->ptr()) < 0)
            return libvirtError(Text::tr("stopping %1").arg(vmName(ctx)));
        if (virDomainUndefineFlags(d->ptr(), VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM) < 0
            && virDomainUndefine(d->ptr()) < 0)
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

// An action of a farm kept in its node files (HypervisorFarm::stateLock): it
// runs under the farm's lock, which the kernel lets go when its process dies,
// on hosts read afresh, and writes back what it changed.
class KeptStateAction final : public engine::Action
{
public:
    KeptStateAction(std::shared_ptr<engine::Action> inner, std::shared_ptr<HypervisorFarm> farm, bool changes)
        : m_inner(std::move(inner)), m_farm(std::move(farm)), m_changes(changes)
    {
    }
    QString name() const override { return m_inner->name(); }
    QHash<QString, InputSpec> inputs() const override { return m_inner->inputs(); }
    QString resourceKey(const QJsonObject &inputs) const override { return m_inner->resourceKey(inputs); }
    ActionOutcome run(ActionContext &ctx) override
    {
        const QByteArray lockPath = QFile::encodeName(m_farm->stateLock());
        const int fd = ::open(lockPath.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            return ActionError{ErrorKind::Transient, Text::tr("cannot lock the test farm (%1): %2").arg(m_farm->stateLock(), QString::fromLocal8Bit(strerror(errno)))};
        const auto unlock = qScopeGuard([fd] { ::close(fd); });
        if (::flock(fd, LOCK_EX) < 0)
            return ActionError{ErrorKind::Transient, Text::tr("cannot lock the test farm (%1): %2").arg(m_farm->stateLock(), QString::fromLocal8Bit(strerror(errno)))};
        m_farm->forgetState();
        ActionOutcome outcome = m_inner->run(ctx);
        if (m_changes) {
            if (auto failed = m_farm->saveState())
                return *failed;
        }
        return outcome;
    }

private:
    std::shared_ptr<engine::Action> m_inner;
    std::shared_ptr<HypervisorFarm> m_farm;
    bool m_changes;
};

} // namespace

HypervisorFarm::HypervisorFarm(QList<HypervisorHost> hosts, QStringList templates)
    : m_hosts(std::move(hosts)), m_templates(std::move(templates))
{
    // Once, before any worker thread calls into libvirt.
    static const bool initialised = virInitialize() == 0;
    Q_UNUSED(initialised);
}

HypervisorFarm::~HypervisorFarm() = default;

void HypervisorFarm::ConnectionCloser::operator()(virConnectPtr connection) const
{
    virConnectClose(connection);
}

virConnectPtr HypervisorFarm::connection(const HypervisorHost &host, engine::ActionError &error)
{
    QMutexLocker lock(&m_mutex);
    if (auto open = m_connections.find(host.name); open != m_connections.end()) {
        if (virConnectIsAlive(open->second.get()) == 1)
            return open->second.get();
        // Another worker may still use it: it is closed with the farm, not now.
        m_retired.push_back(std::move(open->second));
        m_connections.erase(open);
    }
    Connection conn(virConnectOpen(host.uri.toUtf8().constData()));
    if (!conn) {
        error = libvirtError(Text::tr("connecting to %1 (%2)").arg(host.name, host.uri));
        if (error.kind != ErrorKind::Authentication)
            error.kind = ErrorKind::Transient; // a host that is down or misconfigured may come back
        return nullptr;
    }
    // Errors go to the caller as values, not to stderr.
    virConnSetErrorFunc(conn.get(), nullptr, silence);
    return m_connections.emplace(host.name, std::move(conn)).first->second.get();
}

void HypervisorFarm::forgetState()
{
    QMutexLocker lock(&m_mutex);
    m_connections.clear();
}

std::optional<engine::ActionError> HypervisorFarm::saveState()
{
    QMutexLocker lock(&m_mutex);
    for (const HypervisorHost &host : std::as_const(m_hosts)) {
        const auto open = m_connections.find(host.name);
        if (open == m_connections.end())
            continue;
        const QString file = host.uri.mid(QStringLiteral("test://").size());
        const auto unsaved = [&file] { return ActionError{ErrorKind::Transient, Text::tr("cannot save the test farm's node file %1").arg(file)}; };
        QFile in(file);
        QDomDocument node;
        if (!in.open(QIODevice::ReadOnly) || !node.setContent(&in))
            return unsaved();
        in.close();
        QDomElement root = node.documentElement();
        for (QDomElement d = root.firstChildElement(QStringLiteral("domain")); !d.isNull();) {
            const QDomElement next = d.nextSiblingElement(QStringLiteral("domain"));
            root.removeChild(d);
            d = next;
        }
        const auto domains = libvirt::allDomains(open->second.get());
        if (!domains)
            return libvirtError(Text::tr("listing the VMs of %1").arg(host.name));
        for (const libvirt::Domain &domain : *domains) {
            const libvirt::Text xml(virDomainGetXMLDesc(domain.get(), VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE));
            int state = VIR_DOMAIN_SHUTOFF;
            QDomDocument one;
            if (!xml || virDomainGetState(domain.get(), &state, nullptr, 0) < 0 || !one.setContent(QByteArray(xml.get())))
                return libvirtError(Text::tr("reading %1 on %2").arg(QString::fromUtf8(virDomainGetName(domain.get())), host.name));
            // The test driver's own element for whether the VM runs once the file is read again.
            QDomElement element = one.documentElement();
            for (QDomElement old = element.firstChildElement(QStringLiteral("test:runstate")); !old.isNull();
                 old = element.firstChildElement(QStringLiteral("test:runstate")))
                element.removeChild(old);
            QDomElement runstate = one.createElement(QStringLiteral("test:runstate"));
            runstate.appendChild(one.createTextNode(QString::number(state)));
            element.appendChild(runstate);
            root.appendChild(node.importNode(element, true));
        }
        QSaveFile out(file);
        if (!out.open(QIODevice::WriteOnly) || out.write(node.toByteArray(2)) < 0 || !out.commit())
            return unsaved();
    }
    return std::nullopt;
}

Status HypervisorFarm::defineTemplate(const QByteArray &xml)
{
    for (const HypervisorHost &host : std::as_const(m_hosts)) {
        ActionError error;
        virConnectPtr conn = connection(host, error);
        if (!conn)
            return Error::internal(error.message);
        const libvirt::Domain defined(virDomainDefineXML(conn, xml.constData()));
        if (!defined)
            return Error::badInput(libvirtError(Text::tr("defining a template on %1").arg(host.name)).message);
    }
    return ok();
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
    ORDO_TRY(farm, fromSettings(testFarmSettings(folder)));
    farm->m_stateLock = dir + QStringLiteral("/farm.lock");
    return farm;
}

void HypervisorFarm::registerActions(engine::ActionRegistry &registry, std::shared_ptr<HypervisorFarm> farm)
{
    const auto add = [&](std::shared_ptr<engine::Action> action, bool changes) {
        if (farm->stateLock().isEmpty())
            registry.add(std::move(action));
        else
            registry.add(std::make_shared<KeptStateAction>(std::move(action), farm, changes));
    };
    add(std::make_shared<CloneAction>(farm), true);
    add(std::make_shared<ConfigureAction>(farm), true);
    add(std::make_shared<PowerAction>(farm, true), true);
    add(std::make_shared<PowerAction>(farm, false), true);
    add(std::make_shared<WaitForAddressAction>(farm), false);
    add(std::make_shared<DestroyAction>(farm), true);
    add(std::make_shared<InfoAction>(farm), false);
}

} // namespace ordo::connectors
