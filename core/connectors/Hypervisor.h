#pragma once

#include "engine/Action.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QMutex>

#include <map>
#include <memory>
#include <vector>

typedef struct _virConnect *virConnectPtr;

namespace ordo::connectors {

struct HypervisorHost
{
    QString name;
    QString uri; // any libvirt URI: test:///PATH for the test farm, qemu:///system for real VMs
};

// The hypervisor hosts Ordo provisions on, reached through libvirt. One
// connection per host, opened on first use and shared by the engine's worker
// threads (libvirt connections are thread-safe; errors are per thread).
class HypervisorFarm final
{
public:
    HypervisorFarm(QList<HypervisorHost> hosts, QStringList templates);
    ~HypervisorFarm();
    Q_DISABLE_COPY_MOVE(HypervisorFarm)

    // From the "hypervisor" connector settings: {"hosts": [{"name", "uri"}], "templates": [...]}.
    static Result<std::shared_ptr<HypervisorFarm>> fromSettings(const QJsonObject &settings);
    // The embedded test farm: two hosts of libvirt's test driver, their node
    // files written below `folder` (the database's folder) on first use.
    static Result<std::shared_ptr<HypervisorFarm>> testFarm(const QString &folder);
    static QJsonObject testFarmSettings(const QString &folder);

    const QList<HypervisorHost> &hosts() const { return m_hosts; }
    const QStringList &templates() const { return m_templates; }

    // Registers hypervisor.clone, .configure, .powerOn, .powerOff, .waitForAddress, .destroy and .info.
    static void registerActions(engine::ActionRegistry &registry, std::shared_ptr<HypervisorFarm> farm);

    // Defines a template on every host from libvirt domain XML (a template is
    // a defined domain that never runs), replacing one of that name.
    Status defineTemplate(const QByteArray &xml);

    // The connection to a host, opened if need be; nullptr with the error in `error`.
    virConnectPtr connection(const HypervisorHost &host, engine::ActionError &error);

    // The test driver keeps a host's VMs in the process that opened it. The
    // embedded test farm keeps them in its node files instead, shared by every
    // engine on the database and surviving a killed one: each action runs under
    // the farm's file lock, on hosts read afresh, and writes back what it changed.
    QString stateLock() const { return m_stateLock; }
    // Under the lock: closes the connections, so that the next ones read the node files.
    void forgetState();
    // Under the lock: writes the VMs of the hosts this action opened into their node files.
    std::optional<engine::ActionError> saveState();

private:
    struct ConnectionCloser
    {
        void operator()(virConnectPtr connection) const;
    };
    using Connection = std::unique_ptr<std::remove_pointer_t<virConnectPtr>, ConnectionCloser>;

    QList<HypervisorHost> m_hosts;
    QStringList m_templates;
    QString m_stateLock; // the lock file of a farm kept in its node files; empty for others
    QMutex m_mutex; // guards m_connections
    std::map<QString, Connection> m_connections;
    std::vector<Connection> m_retired; // dead connections, closed with the farm
};

} // namespace ordo::connectors
