#include "domain/CartLock.h"

#include "store/Database.h"

namespace ordo {

namespace {

// The customer's role row in the tenant is the cart's lock, as ordo_private.lock_cart
// takes it. Not an advisory lock: any role may take any of those, and a person who
// held another's would hold up their cart. A row lock asks for UPDATE, which
// people lack (engines may lock the row, and change nothing: postgres-access.sql).
const QString kCartRow = QStringLiteral("SELECT 1 FROM user_roles WHERE user_id = ? AND tenant_id = ? AND role = 'customer'");

} // namespace

Status lockCart(Database &db, Id userId, Id tenantId)
{
    if (db.dialect() != Database::Dialect::Postgres)
        return ok();
    ORDO_CHECK(db.execCached(kCartRow + QStringLiteral(" FOR NO KEY UPDATE"), {userId, tenantId}));
    return ok();
}

Result<bool> lockCartUnlessHeld(Database &db, Id userId, Id tenantId)
{
    if (db.dialect() != Database::Dialect::Postgres)
        return true;
    ORDO_TRY(locked, db.execCached(kCartRow + QStringLiteral(" FOR NO KEY UPDATE SKIP LOCKED"), {userId, tenantId}));
    if (locked.next())
        return true;
    // None locked: a row somebody's transaction holds (pass the cart by), or no row,
    // no customer's cart (go on: the checkout refuses that itself).
    ORDO_TRY(row, db.execCached(kCartRow, {userId, tenantId}));
    return !row.next();
}

} // namespace ordo
