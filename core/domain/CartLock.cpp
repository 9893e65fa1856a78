#include "domain/CartLock.h"

#include "store/Database.h"

namespace ordo {

namespace {

QString cartKey(Id userId, Id tenantId)
{
    return QStringLiteral("ordo.cart:%1:%2").arg(userId).arg(tenantId);
}

} // namespace

Status lockCart(Database &db, Id userId, Id tenantId)
{
    if (db.dialect() != Database::Dialect::Postgres)
        return ok();
    ORDO_CHECK(db.execCached(QStringLiteral("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))"), {cartKey(userId, tenantId)}));
    return ok();
}

Result<bool> lockCartUnlessHeld(Database &db, Id userId, Id tenantId)
{
    if (db.dialect() != Database::Dialect::Postgres)
        return true;
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))"), {cartKey(userId, tenantId)}));
    return q.next() && q.value(0).toBool();
}

} // namespace ordo
