#include "services/UsageService.h"

#include "connectors/Metering.h"
#include "services/Access.h"

#include <QCoreApplication>

namespace ordo {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::UsageService)
};

} // namespace

Result<QList<UsageRecord>> UsageService::records(const Session &session, std::optional<Id> orderId)
{
    connectors::UsageFilter filter;
    filter.orderId = orderId;
    if (const auto staff = StaffScope::of(session, QString())) {
        filter.tenantId = staff->tenant();
    } else if (session.can(Role::Approver)) {
        filter.tenantId = session.tenant.id;
    } else if (session.can(Role::Customer)) {
        filter.tenantId = session.tenant.id;
        filter.requesterId = session.user.id;
    } else {
        return Error::notPermitted(Text::tr("you have no role in %1 that shows usage").arg(session.tenant.slug));
    }
    return connectors::usageRecords(m_db, filter);
}

} // namespace ordo
