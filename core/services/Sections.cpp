#include "services/Sections.h"

#include "services/Access.h"

namespace ordo {

QList<Section> sectionsFor(const Session &session)
{
    QList<Section> sections{Section::Catalog, Section::Cart, Section::MyOrders};
    if (session.can(Role::Approver))
        sections << Section::Approvals;
    if (StaffScope::held(session))
        sections << Section::Workflows << Section::Tickets << Section::Cmdb << Section::Mailbox;
    return sections;
}

} // namespace ordo
