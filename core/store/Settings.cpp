#include "store/Settings.h"

#include "store/Database.h"
#include "store/DbTime.h"

#include <QJsonDocument>

namespace ordo {

Result<std::optional<QJsonObject>> Settings::get(const QString &name)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT settings FROM connector_settings WHERE name = ?"), {name}));
    if (!q.next())
        return std::optional<QJsonObject>();
    return std::optional<QJsonObject>(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
}

Result<bool> Settings::has(const QString &name)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT 1 FROM connector_settings WHERE name = ?"), {name}));
    return q.next();
}

Result<QStringList> Settings::names()
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT name FROM connector_settings ORDER BY name")));
    QStringList names;
    while (q.next())
        names.append(q.value(0).toString());
    return names;
}

Status Settings::put(const QString &name, const QJsonObject &value, const QString &actor, const QDateTime &at)
{
    ORDO_CHECK(m_db.exec(QStringLiteral("INSERT INTO connector_settings(name, settings, updated_at, updated_by) VALUES (?, ?, ?, ?)"
                                        " ON CONFLICT(name) DO UPDATE SET settings = excluded.settings,"
                                        " updated_at = excluded.updated_at, updated_by = excluded.updated_by"),
                         {name, QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact)), toDbTime(at), actor}));
    return ok();
}

} // namespace ordo
