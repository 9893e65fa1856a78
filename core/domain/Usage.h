#pragma once

#include "domain/Types.h"

#include <QJsonObject>
#include <QString>

namespace ordo {

// One metered resource (a VM) of an order's line, priced as the order priced
// it. Times are UTC epoch milliseconds; money is integer cents.
struct UsageRecord
{
    qint64 id = 0;
    Id tenantId = 0; // 0: of no tenant
    Id orderId = 0;
    int lineNo = 0;
    QString itemId;
    QString resource;
    qint64 unitMonthlyCents = 0;
    QString currency;
    QJsonObject priceSnapshot; // the rate cards the order was priced with
    qint64 startedAtMs = 0;
    qint64 stoppedAtMs = 0; // 0 while it runs
    QString correlation;
};

// A month of billing is 30 days, whatever the calendar says.
inline constexpr qint64 kBillingMonthMs = 30LL * 24 * 60 * 60 * 1000;

// What the record costs over [periodStartMs, periodEndMs): its unit price pro
// rata by the milliseconds it ran in the period, of a 30-day month. The
// cents are whole: the charge up to a moment is rounded down, and a period's
// charge is the difference of the charges up to its ends, so the charges of
// adjacent periods add up to the charge of the whole, to the cent.
qint64 chargeCents(const UsageRecord &record, qint64 periodStartMs, qint64 periodEndMs);

} // namespace ordo
