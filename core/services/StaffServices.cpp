#include "services/StaffServices.h"

#include "connectors/Connectors.h"
#include "connectors/Hypervisor.h"
#include "security/SecretStore.h"
#include "store/Database.h"
#include "util/Quote.h"

#include <QCoreApplication>

namespace ordo {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::StaffServices)
};

QString staffOnly()
{
    return Text::tr("only support staff and admins read this");
}

} // namespace

// ---------------------------------------------------------------- connectors

Result<QList<ConnectorAdmin::Listed>> ConnectorAdmin::list(const Session &session)
{
    ORDO_CHECK(StaffScope::of(session, Text::tr("only support staff and admins read the connectors")));
    connectors::ConnectorSettings settings(m_db, m_audit);
    ORDO_TRY(configured, settings.configured());
    QList<Listed> list;
    for (const QString &name : connectors::connectorNames())
        list.append({name, configured.contains(name)});
    return list;
}

Result<ConnectorAdmin::Shown> ConnectorAdmin::show(const Session &session, const QString &name)
{
    ORDO_CHECK(StaffScope::of(session, Text::tr("only support staff and admins read the connectors")));
    connectors::ConnectorSettings settings(m_db, m_audit);
    ORDO_TRY(current, settings.get(name));
    if (current)
        return Shown{true, *current};
    if (name == QLatin1String("hypervisor"))
        return Shown{false, connectors::HypervisorFarm::testFarmSettings(connectors::dataFolderOf(m_db.path()))};
    return Shown{false, {}};
}

Status ConnectorAdmin::set(const Session &session, const QString &name, const QJsonObject &values)
{
    ORDO_TRY(scope, StaffScope::of(session, Role::Admin, Text::tr("only admins configure connectors")));
    connectors::ConnectorSettings settings(m_db, m_audit);
    ORDO_TRY(current, settings.get(name));
    QJsonObject merged = current.value_or(QJsonObject());
    for (auto it = values.begin(); it != values.end(); ++it)
        merged.insert(it.key(), it.value());
    return settings.set(name, merged, session.user.name, scope.actingTenant());
}

// ---------------------------------------------------------------- secrets

namespace {

// The audit keys are Ordo's own: a key replaced through here would let its holder
// forge an export that imports, or a trail that verifies.
Status notAnAuditKey(const QString &name)
{
    if (name.startsWith(AuditLog::keyName({})))
        return Error::notPermitted(Text::tr("'%1' is an audit key: only Ordo writes or removes it").arg(name));
    return ok();
}

} // namespace

Status SecretAdmin::set(const Session &session, const QString &name, const QByteArray &value)
{
    ORDO_CHECK(SecretStore::checkName(name));
    ORDO_CHECK(notAnAuditKey(name));
    ORDO_CHECK(StaffScope::of(session, Role::Admin, Text::tr("only admins manage secrets")));
    ORDO_CHECK(SecretStore().write(name, value));
    return record(session, name, QStringLiteral("set"));
}

Status SecretAdmin::remove(const Session &session, const QString &name)
{
    ORDO_CHECK(SecretStore::checkName(name));
    ORDO_CHECK(notAnAuditKey(name));
    ORDO_CHECK(StaffScope::of(session, Role::Admin, Text::tr("only admins manage secrets")));
    ORDO_CHECK(SecretStore().remove(name));
    return record(session, name, QStringLiteral("delete"));
}

Status SecretAdmin::record(const Session &session, const QString &name, const QString &action)
{
    return m_db.write([&] { return m_audit.record({session.user.name, session.tenant.id, QStringLiteral("secret"), name, action, {}, {}, {}, {}}); });
}

// ---------------------------------------------------------------- guest keys

Result<QList<connectors::GuestHostKey>> GuestKeyService::keys(const Session &session)
{
    ORDO_TRY(scope, StaffScope::of(session, Text::tr("only support staff and admins work with guests")));
    return connectors::guestHostKeys(m_db, scope.tenant());
}

Status GuestKeyService::forget(const Session &session, const QString &guest)
{
    ORDO_TRY(scope, StaffScope::of(session, Text::tr("only support staff and admins work with guests")));
    return m_db.write([&]() -> Status {
        ORDO_TRY(forgotten, connectors::forgetGuestHostKeys(m_db, guest, scope.tenant()));
        if (forgotten == 0)
            return Error::notFound(Text::tr("no host key recorded for '%1'").arg(quoted(guest)));
        // In the trail of the tenant of whoever forgot it, where support reads it.
        return m_audit.record({session.user.name, scope.actingTenant(), QStringLiteral("guest"), guest, QStringLiteral("forget-host-key"),
                               {}, {}, {}, {}});
    });
}

// ---------------------------------------------------------------- service desk

Result<QList<connectors::CmdbItem>> ServiceDeskQueries::cmdbItems(const Session &session)
{
    ORDO_TRY(scope, StaffScope::of(session, staffOnly()));
    return connectors::embeddedCmdbItems(m_db, scope.tenant());
}

Result<QList<connectors::Ticket>> ServiceDeskQueries::tickets(const Session &session)
{
    ORDO_TRY(scope, StaffScope::of(session, staffOnly()));
    return connectors::embeddedTickets(m_db, scope.tenant());
}

Result<QList<connectors::TicketComment>> ServiceDeskQueries::ticketComments(const Session &session, qint64 ticketId)
{
    ORDO_TRY(scope, StaffScope::of(session, staffOnly()));
    return connectors::embeddedTicketComments(m_db, ticketId, scope.tenant());
}

// ---------------------------------------------------------------- mail

Result<QList<OutboxEntry>> MailService::outbox(const Session &session)
{
    ORDO_TRY(scope, StaffScope::of(session, Text::tr("only support staff and admins read the outbox")));
    return m_outbox.entries(scope.tenant());
}

Result<connectors::DeliveryReport> MailService::deliverDue(const Session &session)
{
    // Delivering what is due reveals nothing and is what the engine's host does anyway.
    ORDO_CHECK(StaffScope::of(session, Text::tr("only support staff and admins deliver mail")));
    const SecretStore secrets;
    connectors::MailDelivery delivery(m_db, m_clock, secrets);
    return delivery.deliverDue();
}

// ---------------------------------------------------------------- audit

Result<QList<AuditEntry>> AuditService::entries(const Session &session, std::optional<Id> orderId)
{
    if (orderId) {
        // Whoever may see the order may see its history.
        ORDO_TRY(order, m_orders.order(session, *orderId));
        return m_audit.entries(order.tenantId, QStringLiteral("order"), QString::number(*orderId));
    }
    ORDO_TRY(scope, StaffScope::of(session, Text::tr("only support staff and admins read the tenant's audit trail")));
    return m_audit.entries(scope.tenant());
}

Result<AuditVerification> AuditService::verify(const Session &session)
{
    // The check names no entry's content: any admin may run it.
    if (!session.user.hasRoleAnywhere(Role::Admin))
        return Error::notPermitted(Text::tr("only admins verify the whole audit trail"));
    return m_audit.verify();
}

} // namespace ordo
