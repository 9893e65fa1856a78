#pragma once

#include "util/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace ordo {

class Database;

// Named JSON settings of the installation, such as a connector's: the one
// door to the connector_settings table for every layer above the store.
class Settings final
{
public:
    // The SMTP transport's: while there are none, the outbox is the mailbox.
    static inline const QString kMailTransport = QStringLiteral("mail");

    explicit Settings(Database &db) : m_db(db) {}

    Result<std::optional<QJsonObject>> get(const QString &name);
    Result<bool> has(const QString &name);
    Result<QStringList> names();
    // Must run in the write transaction that also audits the change.
    Status put(const QString &name, const QJsonObject &value, const QString &actor, const QDateTime &at);

private:
    Database &m_db;
};

} // namespace ordo
