#pragma once

#include "domain/Catalog.h"
#include "domain/Types.h"
#include "store/Database.h"
#include "store/DbTime.h"

namespace ordo {

struct OrderFilter
{
    std::optional<Id> tenantId;
    std::optional<Id> requesterId;
    std::optional<OrderState> state;
};

struct AuditFilter
{
    std::optional<Id> tenantId;
    QString entity;
    QString entityId;
};

// Every SQL statement of the domain lives here, behind plain domain types, so
// that the domain services never see a query and a PostgreSQL backend changes
// this class only. All calls run on the caller's transaction, if any.
class Store final
{
public:
    explicit Store(Database &db) : m_db(db) {}
    Q_DISABLE_COPY_MOVE(Store)

    Database &database() { return m_db; }

    // Tenants and users
    Result<Id> insertTenant(const QString &slug, const QString &name, const QJsonObject &policy);
    Result<Tenant> tenantBySlug(const QString &slug);
    Result<Tenant> tenantById(Id id);
    Result<QList<Tenant>> tenants();
    Result<QJsonObject> tenantPolicy(Id tenantId);
    Status setTenantPolicy(Id tenantId, const QJsonObject &policy);

    Result<Id> insertUser(const QString &name, const QString &displayName, const QString &email,
                          const QString &passwordHash, const QDateTime &createdAt);
    Result<User> userByName(const QString &name);
    Result<User> userById(Id id);
    Result<QList<User>> users();
    Result<QString> passwordHash(const QString &userName);
    Status setSshPublicKey(Id userId, const QString &key);
    Status disableUser(Id userId, const QDateTime &at);
    Status setPasswordHash(Id userId, const QString &passwordHash);
    Status grantRole(Id userId, Id tenantId, Role role);
    Status grantProviderRole(Id userId, Role role);
    // The mail addresses of who holds the role in the tenant, or, for no
    // tenant, of the provider's staff who hold it for every tenant.
    Result<QStringList> roleAddresses(std::optional<Id> tenantId, Role role);
    Status addGroupMember(Id tenantId, const QString &group, Id userId);
    Result<QList<User>> groupMembers(Id tenantId, const QString &group);

    // Catalog
    Status upsertCatalogItem(const CatalogItem &item, int position);
    Result<QList<CatalogItem>> catalogItems();
    Result<CatalogItem> catalogItem(const QString &id);

    // Carts
    Result<Id> insertCartLine(const CartLine &line);
    Result<QList<CartLine>> cartLines(Id userId, Id tenantId);
    Result<bool> updateCartQuantity(Id lineId, Id userId, Id tenantId, int quantity);
    Result<bool> updateCartParameters(Id lineId, Id userId, Id tenantId, const QVariantMap &parameters);
    Result<bool> deleteCartLine(Id lineId, Id userId, Id tenantId);
    Status clearCart(Id userId, Id tenantId);

    // Orders
    Result<Id> insertOrder(const Order &order);
    Result<std::optional<Order>> orderByRequestId(Id requesterId, const QString &requestId);
    Result<std::optional<Order>> order(Id id);
    // Locks the order's row until the write transaction ends (PostgreSQL), so
    // that whoever changes it next waits and then reads the change: two
    // approvers deciding at once see one decision, not a lost race. SQLite
    // has one writer at a time anyway. Call it before reading what to decide on.
    Status lockOrder(Id id);
    // The same without waiting: false when another transaction holds the row
    // (or there is no such order). For engines and expiry, which must not wait
    // on an approver's decision left open in a transaction of theirs (ordo.decide).
    Result<bool> lockOrderUnlessHeld(Id id);
    // On PostgreSQL, inside a transaction: the users' rows, in id order, until it ends.
    Status lockUsers(QList<Id> ids);
    Result<QList<Order>> orders(const OrderFilter &filter);
    // Conditional on the version read: false when somebody changed it since.
    Result<bool> updateOrderState(Id id, int expectedVersion, OrderState state, int approvalLevel, const QDateTime &at);
    Result<Footprint> activeFootprint(Id tenantId, std::optional<Id> requesterId);
    Result<QList<Id>> ordersAwaitingExpiry(const QDateTime &now);

    Status insertDecision(const ApprovalDecision &decision);
    Result<QList<ApprovalDecision>> decisions(Id orderId);
    // The steps (not compensations) of the order's workflows that succeeded or
    // were skipped, and all of them.
    Result<std::pair<int, int>> orderStepCounts(Id orderId);

    // Audit trail
    Status appendAudit(const AuditEntry &entry);
    Result<QList<AuditEntry>> auditEntries(const AuditFilter &filter);
    struct AuditHead
    {
        qint64 lastSeq = 0;
        QByteArray lastHash;
    };
    // forAppend: in a write transaction, holds the head until it commits, so
    // that writers of a shared database append one after the other (SQLite's
    // writers are one at a time anyway).
    Result<AuditHead> auditHead(bool forAppend = false);
    // The database's id, which names its audit key in the keychain, and the
    // last entry written before the chain was keyed.
    struct AuditKeying
    {
        QString databaseId;
        qint64 legacyUntil = 0;
    };
    Result<AuditKeying> auditKeying();

private:
    Result<QList<Order>> loadOrders(const QString &where, const QVariantList &binds);
    Status loadRoles(User &user);

    Database &m_db;
};

} // namespace ordo
