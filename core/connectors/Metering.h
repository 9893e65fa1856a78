#pragma once

#include "domain/Usage.h"
#include "engine/Action.h"
#include "util/Result.h"

#include <optional>

namespace ordo {
class Database;
}

namespace ordo::connectors {

// billing.meterStart and billing.meterStop (its compensation) on the usage
// records in Ordo's own database. meterStart files one record per step
// instance under its correlation id (the idempotency key unless given), so a
// repeated attempt makes no second record; the price is the order line's, as
// the order priced it, never the catalog's of today.
void registerMeteringActions(engine::ActionRegistry &registry, const QString &databasePath);

struct UsageFilter
{
    std::optional<Id> tenantId;    // none: every tenant's
    std::optional<Id> requesterId; // only the orders of this customer
    std::optional<Id> orderId;
};

Result<QList<UsageRecord>> usageRecords(Database &db, const UsageFilter &filter);

} // namespace ordo::connectors
