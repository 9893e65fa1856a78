#pragma once

#include "domain/Accounts.h"

#include <QList>

namespace ordo {

// The parts of the console, in the order the window lists them.
enum class Section { Catalog, Cart, MyOrders, Approvals, Workflows, Tickets, Cmdb, Mailbox };

// The sections a session's roles open: everyone shops (catalog, cart, own
// orders); approvers decide; support and admins watch workflows, tickets,
// the CMDB and the mailbox. The window lists exactly these.
QList<Section> sectionsFor(const Session &session);

} // namespace ordo
