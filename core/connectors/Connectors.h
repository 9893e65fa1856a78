#pragma once

#include "engine/Action.h"
#include "util/Result.h"

#include <QJsonObject>

#include <memory>

namespace ordo {
class Database;
class AuditLog;
}

namespace ordo::connectors {

// The connectors Ordo knows, with the settings each takes.
QStringList connectorNames();

// Connection settings are rows of connector_settings; a connector without a
// row runs on its embedded default (the test farm for the hypervisor).
class ConnectorSettings final
{
public:
    ConnectorSettings(Database &db, AuditLog &audit) : m_db(db), m_audit(audit) {}

    Result<std::optional<QJsonObject>> get(const QString &name);
    // Checks the settings against the connector before storing them, audited
    // in the trail of the acting admin's tenant.
    Status set(const QString &name, const QJsonObject &settings, const QString &actor, qint64 actorTenantId = 0);
    Result<QStringList> configured();

private:
    Database &m_db;
    AuditLog &m_audit;
};

// What the settings of every network connector share: an optional readable
// CA file ("caFile") and a timeout from 100 ms to 10 minutes ("timeoutMs",
// `timeoutMs` keeps its default when absent). Errors name the connector.
Status readTransportSettings(const QString &connector, const QJsonObject &settings, QString &caFile, int &timeoutMs);

// Run: the registry an engine runs actions from. Describe: the same actions
// and inputs, for validating and starting definitions; it prepares nothing
// on disk (the test farm's node files are written for Run only) and is never
// run from.
enum class ConnectorUse { Run, Describe };

// Every action the engine can run: the harmless built-ins (test.noop,
// test.sleep, test.fail, test.echo) and the connectors, configured from the
// database or their embedded defaults. `databasePath` is where the embedded
// CMDB and ticket store live; its folder holds the other embedded defaults' files.
// Where the embedded connectors keep files of their own (the test farm's disks)
// for the database at databasePath, a file or a postgresql:// URL.
QString dataFolderOf(const QString &databasePath);

Result<std::shared_ptr<engine::ActionRegistry>> buildActionRegistry(ConnectorSettings &settings, const QString &databasePath,
                                                                    ConnectorUse use);

} // namespace ordo::connectors
