#pragma once

#include "domain/Accounts.h"
#include "domain/Usage.h"

#include <optional>

namespace ordo {

class Database;

// The usage records of metered resources. Customers read those of their own
// orders; approvers, support and admins their tenant's; the provider's staff
// every tenant's, or the one they name. Another tenant's record looks like none.
class UsageService final
{
public:
    explicit UsageService(Database &db) : m_db(db) {}

    Result<QList<UsageRecord>> records(const Session &session, std::optional<Id> orderId = std::nullopt);

private:
    Database &m_db;
};

} // namespace ordo
