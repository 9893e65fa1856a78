#pragma once

#include <QString>
#include <QVariant>
#include <QVariantList>

namespace ordo {

// Every tenant_id column holds NULL for tenant 0, the provider's own rows,
// so that its foreign key to tenants holds. These two keep that one rule.

// The value to store for the tenant.
inline QVariant tenantColumnValue(qint64 tenantId)
{
    return tenantId ? QVariant(tenantId) : QVariant(QMetaType(QMetaType::LongLong));
}

// The condition "column holds the tenant's rows" (tenant 0: the provider's
// own), binding what it needs. Compares the bare column, so that an index
// leading with it serves the query.
inline QString tenantColumnIs(const QString &column, qint64 tenantId, QVariantList &binds)
{
    if (!tenantId)
        return column + QStringLiteral(" IS NULL");
    binds.append(tenantId);
    return column + QStringLiteral(" = ?");
}

} // namespace ordo
