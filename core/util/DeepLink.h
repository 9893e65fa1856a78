#pragma once

#include "util/Result.h"

#include <QString>

namespace ordo {

// A link into the console, as Ordo's mails carry it: exactly
// "ordo://approvals?order=N" (the approval mail) or "ordo://orders?order=N"
// (the order's own mail), N a positive decimal id in ASCII digits without a
// leading zero. Opening a link only shows; it never changes anything.
struct DeepLink
{
    enum class Target { Approval, Order };

    Target target = Target::Order;
    qint64 orderId = 0;

    bool operator==(const DeepLink &) const = default;
};

// The link, or why it is not one: anything but the two forms above is refused
// (other schemes, user, password or port, other paths or queries, fragments,
// percent-encoding, non-ASCII digits, zero, overflow, more than 64 characters).
Result<DeepLink> parseDeepLink(const QString &text);

QString deepLinkText(const DeepLink &link);

} // namespace ordo
