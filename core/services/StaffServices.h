#pragma once

#include "connectors/Guest.h"
#include "connectors/ServiceDesk.h"
#include "connectors/Smtp.h"
#include "domain/AuditLog.h"
#include "domain/Commerce.h"
#include "domain/Mail.h"
#include "services/Access.h"

namespace ordo {

class Database;

// Installation-wide connector settings: support reads them, admins change them.
class ConnectorAdmin final
{
public:
    struct Listed
    {
        QString name;
        bool configured = false;
    };
    struct Shown
    {
        bool configured = false;
        QJsonObject settings; // the embedded default's, when not configured
    };

    ConnectorAdmin(Database &db, AuditLog &audit) : m_db(db), m_audit(audit) {}

    Result<QList<Listed>> list(const Session &session);
    Result<Shown> show(const Session &session, const QString &name);
    // Merges the values into the current settings; checked, then audited in the admin's tenant.
    Status set(const Session &session, const QString &name, const QJsonObject &values);

private:
    Database &m_db;
    AuditLog &m_audit;
};

// Secrets in the keychain, by name: admins set and delete them. The trail
// names the secret, never its value.
class SecretAdmin final
{
public:
    SecretAdmin(Database &db, AuditLog &audit) : m_db(db), m_audit(audit) {}

    Status set(const Session &session, const QString &name, const QByteArray &value);
    Status remove(const Session &session, const QString &name);

private:
    Status record(const Session &session, const QString &name, const QString &action);

    Database &m_db;
    AuditLog &m_audit;
};

// The SSH host keys recorded at first contact with guests.
class GuestKeyService final
{
public:
    GuestKeyService(Database &db, AuditLog &audit) : m_db(db), m_audit(audit) {}

    Result<QList<connectors::GuestHostKey>> keys(const Session &session);
    // So that a rebuilt guest's new key is recorded at the next contact.
    Status forget(const Session &session, const QString &guest);

private:
    Database &m_db;
    AuditLog &m_audit;
};

// What the embedded CMDB and ticket store hold, for support.
class ServiceDeskQueries final
{
public:
    explicit ServiceDeskQueries(Database &db) : m_db(db) {}

    Result<QList<connectors::CmdbItem>> cmdbItems(const Session &session);
    Result<QList<connectors::Ticket>> tickets(const Session &session);
    Result<QList<connectors::TicketComment>> ticketComments(const Session &session, qint64 ticketId);

private:
    Database &m_db;
};

// The outbox, which is the mailbox when no SMTP server is configured.
class MailService final
{
public:
    MailService(Database &db, Outbox &outbox, const Clock &clock) : m_db(db), m_outbox(outbox), m_clock(clock) {}

    Result<QList<OutboxEntry>> outbox(const Session &session);
    // Sends what is due now through the configured SMTP server.
    Result<connectors::DeliveryReport> deliverDue(const Session &session);

private:
    Database &m_db;
    Outbox &m_outbox;
    const Clock &m_clock;
};

// The audit trail: an order's history for whoever may see the order, the
// tenant's whole trail for its staff, the check of the chain for admins.
class AuditService final
{
public:
    AuditService(AuditLog &audit, OrderService &orders) : m_audit(audit), m_orders(orders) {}

    Result<QList<AuditEntry>> entries(const Session &session, std::optional<Id> orderId = std::nullopt);
    Result<AuditVerification> verify(const Session &session);

private:
    AuditLog &m_audit;
    OrderService &m_orders;
};

} // namespace ordo
