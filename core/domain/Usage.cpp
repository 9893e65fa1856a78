#include "domain/Usage.h"

#include <algorithm>

namespace ordo {

namespace {

// The charge from the start of the record up to `ms` milliseconds of running,
// rounded down; split in whole months and the rest so that nothing overflows.
qint64 chargeUpTo(qint64 unitMonthlyCents, qint64 ms)
{
    return ms / kBillingMonthMs * unitMonthlyCents + ms % kBillingMonthMs * unitMonthlyCents / kBillingMonthMs;
}

} // namespace

qint64 chargeCents(const UsageRecord &record, qint64 periodStartMs, qint64 periodEndMs)
{
    const qint64 end = record.stoppedAtMs ? std::min(periodEndMs, record.stoppedAtMs) : periodEndMs;
    const qint64 start = std::max(periodStartMs, record.startedAtMs);
    if (end <= start)
        return 0;
    return chargeUpTo(record.unitMonthlyCents, end - record.startedAtMs) - chargeUpTo(record.unitMonthlyCents, start - record.startedAtMs);
}

} // namespace ordo
