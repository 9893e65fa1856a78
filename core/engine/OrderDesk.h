#pragma once

#include "domain/Commerce.h"
#include "domain/Mail.h"
#include "domain/Store.h"

namespace ordo::engine {

// The domain's order rules on the engine's connection: how the engine moves,
// cancels and decides on orders.
struct OrderDesk
{
    OrderDesk(Database &db, AuditLog &audit, const Clock &clock)
        : store(db), outbox(db, clock), catalog(store), orders(store, audit, catalog, outbox, clock),
          approvals(store, audit, orders, clock)
    {
    }
    Store store;
    Outbox outbox;
    CatalogService catalog;
    OrderService orders;
    ApprovalService approvals;
};

} // namespace ordo::engine
