#pragma once

#include "domain/Types.h"
#include "util/Result.h"

namespace ordo {

class Database;

// One person's cart in one tenant is changed or checked out by one transaction
// at a time, on a shared database the same lock as its functions take
// (ordo_private.lock_cart): no line is lost, or ordered twice. Until the
// transaction ends; an embedded database's write transactions are one at a
// time already.
Status lockCart(Database &db, Id userId, Id tenantId);

// The same, only if nobody holds it: false when a person's own transaction
// does. For engines, which never wait on a person.
Result<bool> lockCartUnlessHeld(Database &db, Id userId, Id tenantId);

} // namespace ordo
