#pragma once

#include "domain/Accounts.h"
#include "domain/AuditLog.h"
#include "domain/Commerce.h"
#include "domain/Mail.h"
#include "services/StaffServices.h"
#include "services/Transfer.h"
#include "services/UsageService.h"
#include "services/WorkflowService.h"
#include "store/Database.h"
#include "domain/Store.h"
#include "util/Clock.h"

#include <memory>

namespace ordo {

// One opened Ordo database with the domain services over it: what both faces
// (the console and ordoctl) and the tests start from. Belongs to one thread.
class Ordo final
{
public:
    // clock: nullptr for the system clock; otherwise it must outlive this object.
    // mode: whether a missing database is created (setting up) or an error.
    static Result<std::unique_ptr<Ordo>> open(const QString &path, const Clock *clock = nullptr,
                                              Database::OpenMode mode = Database::OpenMode::CreateIfMissing);
    // Opens the database for a person about to log in. On a shared database
    // whose URL names no role, that is their own login role (the role prefix,
    // $ORDO_ROLE_PREFIX or ordo_, and their name), whose password the server
    // checks; everything they do then goes through the database's rules.
    // Otherwise it opens the database as open() does.
    // Whether people sign in at path with their own login roles (see openFor).
    static bool signsInWithOwnRole(const QString &path);
    static Result<std::unique_ptr<Ordo>> openFor(const QString &path, const QString &user, const QString &password,
                                                 const Clock *clock = nullptr);
    Q_DISABLE_COPY_MOVE(Ordo)

    // Where the database lives unless the user says otherwise.
    static QString defaultDatabasePath();

    QString databasePath() const;
    int schemaVersion() const;
    AuditLog &audit() { return m_audit; }
    Accounts &accounts() { return m_accounts; }
    CatalogService &catalog() { return m_catalog; }
    CartService &cart() { return m_cart; }
    OrderService &orders() { return m_orders; }
    ApprovalService &approvals() { return m_approvals; }
    Outbox &outbox() { return m_outbox; }

    // Staff work, each call checked against the session's roles and tenants.
    WorkflowService &workflows() { return m_workflows; }
    ConnectorAdmin &connectors() { return m_connectors; }
    SecretAdmin &secrets() { return m_secrets; }
    GuestKeyService &guests() { return m_guests; }
    ServiceDeskQueries &serviceDesk() { return m_serviceDesk; }
    MailService &mail() { return m_mail; }
    AuditService &auditTrail() { return m_auditTrail; }
    // Usage records: customers read their own orders', the tenant's staff and approvers all of it.
    UsageService &usage() { return m_usage; }
    // The whole database as a file, and back into a new shared one.
    DataTransfer &transfer() { return m_transfer; }

    // Authenticates and opens a session for the user's (only, or named) tenant.
    // On a person's own login role the server has checked the password: the
    // user must be that person.
    Result<Session> login(const QString &user, const QString &password, const QString &tenant = {});

    bool isEmpty();
    // Tenants, users, policies and the default catalog of the embedded demo.
    Status createDemo(const QString &password);
    // The shipped workflows and each tenant's order workflow, as its policy
    // stands: a shared database's owner defines them for its engines, which
    // define none (OrderWorkflows.h).
    Status installOrderWorkflows();

private:
    // The database and store go to no face: only to the engine's host and,
    // in the testing library, to tests and benchmarks.
    friend class EngineHost;
    friend struct OrdoInternals;

    Ordo(std::unique_ptr<Database> db, const Clock *clock);
    // What the actions with the connectors as configured take, to check
    // definitions and edited inputs against; built on first need, it runs nothing.
    Result<std::shared_ptr<const engine::ActionRegistry>> actions();
    // Checkout's part, in its transaction: the order's workflow starts with the order.
    Status startOrderWorkflow(const Order &order);
    // A cancellation's part, in its transaction: the order's VM workflows are rolled back.
    Status rollBackProvisioning(const Order &order, const QString &actor, const QString &reason);

    // A person's own login opened by openFor: what login() compares the password with.
    QByteArray m_signInSalt;
    QByteArray m_signInProof;
    Clock m_systemClock;
    std::unique_ptr<Database> m_db;
    const Clock &m_clock;
    Store m_store;
    AuditLog m_audit;
    Accounts m_accounts;
    CatalogService m_catalog;
    Outbox m_outbox;
    CartService m_cart;
    OrderService m_orders;
    ApprovalService m_approvals;
    std::shared_ptr<const engine::ActionRegistry> m_actions;
    WorkflowService m_workflows;
    ConnectorAdmin m_connectors;
    SecretAdmin m_secrets;
    GuestKeyService m_guests;
    ServiceDeskQueries m_serviceDesk;
    MailService m_mail;
    AuditService m_auditTrail;
    UsageService m_usage;
    DataTransfer m_transfer;
};

} // namespace ordo
