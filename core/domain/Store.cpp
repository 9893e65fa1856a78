#include "domain/Store.h"

#include "store/TenantColumn.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::Store)
};

QString toJsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject fromJsonText(const QVariant &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

// Qt SQL binds a null QString as NULL; these columns hold text, possibly empty.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

Result<Id> Store::insertTenant(const QString &slug, const QString &name, const QJsonObject &policy)
{
    return m_db.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES (?, ?, ?)"), {slug, name, toJsonText(policy)});
}

Result<Tenant> Store::tenantBySlug(const QString &slug)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT id, slug, name FROM tenants WHERE slug = ?"), {slug}));
    if (!q.next())
        return Error::notFound(Text::tr("no tenant '%1'").arg(slug));
    return Tenant{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString()};
}

Result<Tenant> Store::tenantById(Id id)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT id, slug, name FROM tenants WHERE id = ?"), {id}));
    if (!q.next())
        return Error::notFound(Text::tr("no tenant %1").arg(id));
    return Tenant{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString()};
}

Result<QList<Tenant>> Store::tenants()
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT id, slug, name FROM tenants ORDER BY slug")));
    QList<Tenant> list;
    while (q.next())
        list.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString()});
    return list;
}

Result<QJsonObject> Store::tenantPolicy(Id tenantId)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT policy FROM tenants WHERE id = ?"), {tenantId}));
    if (!q.next())
        return Error::notFound(Text::tr("no tenant %1").arg(tenantId));
    return fromJsonText(q.value(0));
}

Status Store::setTenantPolicy(Id tenantId, const QJsonObject &policy)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("UPDATE tenants SET policy = ? WHERE id = ?"), {toJsonText(policy), tenantId}));
    if (q.numRowsAffected() != 1)
        return Error::notFound(Text::tr("no tenant %1").arg(tenantId));
    return ok();
}

Result<Id> Store::insertUser(const QString &name, const QString &displayName, const QString &email,
                             const QString &passwordHash, const QDateTime &createdAt)
{
    return m_db.insert(QStringLiteral("INSERT INTO users(name, display_name, email, password_hash, created_at)"
                                      " VALUES (?, ?, ?, ?, ?)"),
                       {name, text(displayName), text(email), passwordHash, toDbTime(createdAt)});
}

Status Store::setPasswordHash(Id userId, const QString &passwordHash)
{
    ORDO_CHECK(m_db.exec(QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ?"), {passwordHash, userId}));
    return ok();
}

Status Store::disableUser(Id userId, const QDateTime &at)
{
    ORDO_CHECK(m_db.exec(QStringLiteral("UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL"), {toDbTime(at), userId}));
    return ok();
}

Status Store::setSshPublicKey(Id userId, const QString &key)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("UPDATE users SET ssh_public_key = ? WHERE id = ?"), {text(key), userId}));
    if (q.numRowsAffected() != 1)
        return Error::notFound(Text::tr("no user %1").arg(userId));
    return ok();
}

Status Store::loadRoles(User &user)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT tenant_id, role FROM user_roles WHERE user_id = ? ORDER BY tenant_id, role"),
                          {user.id}));
    while (q.next()) {
        if (const auto role = roleFromName(q.value(1).toString()))
            user.roles.append({q.value(0).toLongLong(), *role});
    }
    ORDO_TRY(provider, m_db.exec(QStringLiteral("SELECT role FROM provider_roles WHERE user_id = ? ORDER BY role"), {user.id}));
    while (provider.next()) {
        if (const auto role = roleFromName(provider.value(0).toString()))
            user.providerRoles.append(*role);
    }
    return ok();
}

Result<User> Store::userByName(const QString &name)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT id, name, display_name, email, ssh_public_key, disabled_at IS NOT NULL FROM users WHERE name = ?"),
                          {name}));
    if (!q.next())
        return Error::notFound(Text::tr("no user '%1'").arg(name));
    User user{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), {}, {}, q.value(4).toString(),
              q.value(5).toBool()};
    ORDO_CHECK(loadRoles(user));
    return user;
}

Result<User> Store::userById(Id id)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT name FROM users WHERE id = ?"), {id}));
    if (!q.next())
        return Error::notFound(Text::tr("no user %1").arg(id));
    return userByName(q.value(0).toString());
}

Result<QList<User>> Store::users()
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT name FROM users ORDER BY name")));
    QStringList names;
    while (q.next())
        names.append(q.value(0).toString());
    QList<User> list;
    for (const QString &name : std::as_const(names)) {
        ORDO_TRY(user, userByName(name));
        list.append(user);
    }
    return list;
}

Result<QString> Store::passwordHash(const QString &userName)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT password_hash FROM users WHERE name = ?"), {userName}));
    if (!q.next())
        return Error::notFound(Text::tr("no user '%1'").arg(userName));
    return q.value(0).toString();
}

Status Store::grantRole(Id userId, Id tenantId, Role role)
{
    ORDO_CHECK(m_db.exec(QStringLiteral("INSERT INTO user_roles(user_id, tenant_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
                         {userId, tenantId, roleName(role)}));
    return ok();
}

Status Store::grantProviderRole(Id userId, Role role)
{
    ORDO_CHECK(m_db.exec(QStringLiteral("INSERT INTO provider_roles(user_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING"),
                         {userId, roleName(role)}));
    return ok();
}

Result<QStringList> Store::roleAddresses(std::optional<Id> tenantId, Role role)
{
    ORDO_TRY(q, tenantId ? m_db.exec(QStringLiteral("SELECT DISTINCT u.email FROM users u JOIN user_roles r ON r.user_id = u.id"
                                                    " WHERE r.role = ? AND r.tenant_id = ? AND u.email <> '' AND u.disabled_at IS NULL"
                                                    " ORDER BY u.email"),
                                     {roleName(role), *tenantId})
                         : m_db.exec(QStringLiteral("SELECT DISTINCT u.email FROM users u JOIN provider_roles r ON r.user_id = u.id"
                                                    " WHERE r.role = ? AND u.email <> '' AND u.disabled_at IS NULL ORDER BY u.email"),
                                     {roleName(role)}));
    QStringList addresses;
    while (q.next())
        addresses.append(q.value(0).toString());
    return addresses;
}

Status Store::addGroupMember(Id tenantId, const QString &group, Id userId)
{
    ORDO_CHECK(m_db.exec(QStringLiteral("INSERT INTO approver_groups(tenant_id, name, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
                         {tenantId, group, userId}));
    return ok();
}

Result<QList<User>> Store::groupMembers(Id tenantId, const QString &group)
{
    // Disabled people approve nothing more: they are no group's members.
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT u.name FROM approver_groups g JOIN users u ON u.id = g.user_id"
                                         " WHERE g.tenant_id = ? AND g.name = ? AND u.disabled_at IS NULL ORDER BY u.name"),
                          {tenantId, group}));
    QStringList names;
    while (q.next())
        names.append(q.value(0).toString());
    QList<User> list;
    for (const QString &name : std::as_const(names)) {
        ORDO_TRY(user, userByName(name));
        list.append(user);
    }
    return list;
}

Status Store::upsertCatalogItem(const CatalogItem &item, int position)
{
    ORDO_CHECK(m_db.exec(QStringLiteral("INSERT INTO catalog_items(id, definition, position) VALUES (?, ?, ?)"
                                        " ON CONFLICT(id) DO UPDATE SET definition = excluded.definition,"
                                        " position = excluded.position"),
                         {item.id, toJsonText(item.toJson()), position}));
    return ok();
}

Result<QList<CatalogItem>> Store::catalogItems()
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT id, definition FROM catalog_items ORDER BY position, id")));
    QList<CatalogItem> items;
    while (q.next()) {
        ORDO_TRY(item, CatalogItem::fromJson(fromJsonText(q.value(1)), QStringLiteral("catalog")));
        items.append(item);
    }
    return items;
}

Result<CatalogItem> Store::catalogItem(const QString &id)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT definition FROM catalog_items WHERE id = ?"), {id}));
    if (!q.next())
        return Error::notFound(Text::tr("no catalog item '%1'").arg(id));
    return CatalogItem::fromJson(fromJsonText(q.value(0)), QStringLiteral("catalog"));
}


Result<Id> Store::insertCartLine(const CartLine &line)
{
    if (m_db.changesThroughFunctions()) {
        ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT ordo.cart_add(?, ?, ?, ?)"),
                              {line.tenantId, line.itemId, toJsonText(QJsonObject::fromVariantMap(line.parameters)), line.quantity}));
        if (!q.next())
            return Error::internal(Text::tr("the database added the cart line but gave no id"));
        return q.value(0).toLongLong();
    }
    return m_db.insert(QStringLiteral("INSERT INTO cart_lines(user_id, tenant_id, item_id, parameters, quantity, added_at)"
                                      " VALUES (?, ?, ?, ?, ?, ?)"),
                       {line.userId, line.tenantId, line.itemId, toJsonText(QJsonObject::fromVariantMap(line.parameters)),
                        line.quantity, toDbTime(line.addedAt)});
}

Result<QList<CartLine>> Store::cartLines(Id userId, Id tenantId)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT id, item_id, parameters, quantity, added_at FROM cart_lines"
                                         " WHERE user_id = ? AND tenant_id = ? ORDER BY id"),
                          {userId, tenantId}));
    QList<CartLine> lines;
    while (q.next()) {
        lines.append({q.value(0).toLongLong(), userId, tenantId, q.value(1).toString(),
                      fromJsonText(q.value(2)).toVariantMap(), q.value(3).toInt(), fromDbTime(q.value(4))});
    }
    return lines;
}

Result<bool> Store::updateCartQuantity(Id lineId, Id userId, Id tenantId, int quantity)
{
    if (m_db.changesThroughFunctions()) {
        ORDO_CHECK(m_db.exec(QStringLiteral("SELECT ordo.cart_set_quantity(?, ?)"), {lineId, quantity}));
        return true;
    }
    ORDO_TRY(q, m_db.exec(QStringLiteral("UPDATE cart_lines SET quantity = ? WHERE id = ? AND user_id = ? AND tenant_id = ?"),
                          {quantity, lineId, userId, tenantId}));
    return q.numRowsAffected() == 1;
}

Result<bool> Store::updateCartParameters(Id lineId, Id userId, Id tenantId, const QVariantMap &parameters)
{
    if (m_db.changesThroughFunctions()) {
        ORDO_CHECK(m_db.exec(QStringLiteral("SELECT ordo.cart_set_parameters(?, ?)"),
                             {lineId, toJsonText(QJsonObject::fromVariantMap(parameters))}));
        return true;
    }
    ORDO_TRY(q, m_db.exec(QStringLiteral("UPDATE cart_lines SET parameters = ? WHERE id = ? AND user_id = ? AND tenant_id = ?"),
                          {toJsonText(QJsonObject::fromVariantMap(parameters)), lineId, userId, tenantId}));
    return q.numRowsAffected() == 1;
}

Result<bool> Store::deleteCartLine(Id lineId, Id userId, Id tenantId)
{
    if (m_db.changesThroughFunctions()) {
        ORDO_CHECK(m_db.exec(QStringLiteral("SELECT ordo.cart_remove(?)"), {lineId}));
        return true;
    }
    ORDO_TRY(q, m_db.exec(QStringLiteral("DELETE FROM cart_lines WHERE id = ? AND user_id = ? AND tenant_id = ?"),
                          {lineId, userId, tenantId}));
    return q.numRowsAffected() == 1;
}

Status Store::clearCart(Id userId, Id tenantId)
{
    if (m_db.changesThroughFunctions()) {
        ORDO_CHECK(m_db.exec(QStringLiteral("SELECT ordo.cart_clear(?)"), {tenantId}));
        return ok();
    }
    ORDO_CHECK(m_db.exec(QStringLiteral("DELETE FROM cart_lines WHERE user_id = ? AND tenant_id = ?"), {userId, tenantId}));
    return ok();
}

Result<Id> Store::insertOrder(const Order &order)
{
    ORDO_TRY(id, m_db.insert(QStringLiteral("INSERT INTO orders(tenant_id, requester_id, request_id, state, version,"
                                         " approval_level, monthly_cents, currency, vcpus, memory_gib, vms,"
                                         " created_at, updated_at, approval_expires_at)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                          {order.tenantId, order.requesterId, order.requestId, orderStateName(order.state),
                           order.version, order.approvalLevel, order.monthlyCents, order.currency,
                           order.footprint.vcpus, order.footprint.memoryGiB, order.footprint.vms,
                           toDbTime(order.createdAt), toDbTime(order.updatedAt),
                           order.approvalExpiresAt.isValid() ? QVariant(toDbTime(order.approvalExpiresAt))
                                                             : QVariant(QMetaType(QMetaType::QString))}));
    for (const OrderLine &line : order.lines) {
        ORDO_CHECK(m_db.exec(QStringLiteral("INSERT INTO order_lines(order_id, line_no, item_id, item_name, parameters,"
                                            " quantity, unit_monthly_cents, price_snapshot, vcpus, memory_gib, vms)"
                                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                             {id, line.lineNo, line.itemId, line.itemName,
                              toJsonText(QJsonObject::fromVariantMap(line.parameters)), line.quantity,
                              line.unitMonthlyCents, toJsonText(line.priceSnapshot), line.footprint.vcpus,
                              line.footprint.memoryGiB, line.footprint.vms}));
    }
    return id;
}

Result<QList<Order>> Store::loadOrders(const QString &where, const QVariantList &binds)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT o.id, o.tenant_id, o.requester_id, u.name, o.request_id, o.state,"
                                         " o.version, o.approval_level, o.monthly_cents, o.currency, o.vcpus,"
                                         " o.memory_gib, o.vms, o.created_at, o.updated_at, o.approval_expires_at"
                                         " FROM orders o JOIN users u ON u.id = o.requester_id ")
                              + where + QStringLiteral(" ORDER BY o.id"),
                          binds));
    QList<Order> list;
    while (q.next()) {
        Order o;
        o.id = q.value(0).toLongLong();
        o.tenantId = q.value(1).toLongLong();
        o.requesterId = q.value(2).toLongLong();
        o.requesterName = q.value(3).toString();
        o.requestId = q.value(4).toString();
        o.state = orderStateFromName(q.value(5).toString()).value_or(OrderState::Failed);
        o.version = q.value(6).toInt();
        o.approvalLevel = q.value(7).toInt();
        o.monthlyCents = q.value(8).toLongLong();
        o.currency = q.value(9).toString();
        o.footprint = {q.value(10).toLongLong(), q.value(11).toLongLong(), q.value(12).toLongLong()};
        o.createdAt = fromDbTime(q.value(13));
        o.updatedAt = fromDbTime(q.value(14));
        o.approvalExpiresAt = fromDbTime(q.value(15));
        list.append(o);
    }
    for (Order &o : list) {
        ORDO_TRY(lines, m_db.exec(QStringLiteral("SELECT line_no, item_id, item_name, parameters, quantity,"
                                                 " unit_monthly_cents, price_snapshot, vcpus, memory_gib, vms"
                                                 " FROM order_lines WHERE order_id = ? ORDER BY line_no"),
                                  {o.id}));
        while (lines.next()) {
            o.lines.append({lines.value(0).toInt(), lines.value(1).toString(), lines.value(2).toString(),
                            fromJsonText(lines.value(3)).toVariantMap(), lines.value(4).toInt(),
                            lines.value(5).toLongLong(), fromJsonText(lines.value(6)),
                            Footprint{lines.value(7).toLongLong(), lines.value(8).toLongLong(), lines.value(9).toLongLong()}});
        }
    }
    return list;
}

Result<std::optional<Order>> Store::orderByRequestId(Id requesterId, const QString &requestId)
{
    ORDO_TRY(list, loadOrders(QStringLiteral("WHERE o.requester_id = ? AND o.request_id = ?"), {requesterId, requestId}));
    if (list.isEmpty())
        return std::optional<Order>();
    return std::optional<Order>(list.first());
}

Result<std::optional<Order>> Store::order(Id id)
{
    ORDO_TRY(list, loadOrders(QStringLiteral("WHERE o.id = ?"), {id}));
    if (list.isEmpty())
        return std::optional<Order>();
    return std::optional<Order>(list.first());
}

Status Store::lockOrder(Id id)
{
    // A person's own login locks nothing: Ordo's functions lock what they change.
    if (m_db.dialect() != Database::Dialect::Postgres || !m_db.inTransaction() || m_db.changesThroughFunctions())
        return ok();
    // NO KEY: decisions and workflows that refer to it can still be added beside.
    ORDO_CHECK(m_db.execCached(QStringLiteral("SELECT 1 FROM orders WHERE id = ? FOR NO KEY UPDATE"), {id}));
    return ok();
}

Result<bool> Store::lockOrderUnlessHeld(Id id)
{
    if (m_db.dialect() != Database::Dialect::Postgres || !m_db.inTransaction())
        return true;
    ORDO_TRY(q, m_db.execCached(QStringLiteral("SELECT 1 FROM orders WHERE id = ? FOR NO KEY UPDATE SKIP LOCKED"), {id}));
    return q.next();
}

Status Store::lockUsers(QList<Id> ids)
{
    if (m_db.dialect() != Database::Dialect::Postgres || !m_db.inTransaction())
        return ok();
    // One order for every locker, so that two admins acting on each other wait instead of deadlocking.
    std::sort(ids.begin(), ids.end());
    for (const Id id : std::as_const(ids))
        ORDO_CHECK(m_db.execCached(QStringLiteral("SELECT 1 FROM users WHERE id = ? FOR NO KEY UPDATE"), {id}));
    return ok();
}

Result<QList<Order>> Store::orders(const OrderFilter &filter)
{
    QStringList conditions;
    QVariantList binds;
    if (filter.tenantId) {
        conditions.append(QStringLiteral("o.tenant_id = ?"));
        binds.append(*filter.tenantId);
    }
    if (filter.requesterId) {
        conditions.append(QStringLiteral("o.requester_id = ?"));
        binds.append(*filter.requesterId);
    }
    if (filter.state) {
        conditions.append(QStringLiteral("o.state = ?"));
        binds.append(orderStateName(*filter.state));
    }
    const QString where = conditions.isEmpty() ? QString() : QStringLiteral("WHERE ") + conditions.join(QStringLiteral(" AND "));
    return loadOrders(where, binds);
}

Result<bool> Store::updateOrderState(Id id, int expectedVersion, OrderState state, int approvalLevel, const QDateTime &at)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("UPDATE orders SET state = ?, approval_level = ?, version = version + 1,"
                                         " updated_at = ? WHERE id = ? AND version = ?"),
                          {orderStateName(state), approvalLevel, toDbTime(at), id,
                           expectedVersion}));
    return q.numRowsAffected() == 1;
}

Result<Footprint> Store::activeFootprint(Id tenantId, std::optional<Id> requesterId)
{
    // A person's own login reads the tenant's totals, not its orders.
    if (m_db.changesThroughFunctions() && !requesterId) {
        ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT vcpus, memory_gib, vms FROM ordo_private.tenant_footprint(?)"), {tenantId}));
        if (!q.next())
            return Footprint{};
        return Footprint{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong()};
    }
    // What counts against quotas: every order that is, or is about to be, running.
    QString sql = QStringLiteral("SELECT COALESCE(SUM(vcpus), 0), COALESCE(SUM(memory_gib), 0), COALESCE(SUM(vms), 0)"
                                 " FROM orders WHERE tenant_id = ? AND state IN"
                                 " ('submitted', 'pending-approval', 'approved', 'provisioning', 'completed')");
    QVariantList binds{tenantId};
    if (requesterId) {
        sql += QStringLiteral(" AND requester_id = ?");
        binds.append(*requesterId);
    }
    ORDO_TRY(q, m_db.exec(sql, binds));
    if (!q.next())
        return Footprint{};
    return Footprint{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong()};
}

Result<QList<Id>> Store::ordersAwaitingExpiry(const QDateTime &now)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT id FROM orders WHERE state = 'pending-approval'"
                                         " AND approval_expires_at IS NOT NULL AND approval_expires_at <= ? ORDER BY id"),
                          {toDbTime(now)}));
    QList<Id> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

Status Store::insertDecision(const ApprovalDecision &d)
{
    ORDO_CHECK(m_db.exec(QStringLiteral("INSERT INTO approval_decisions(order_id, level, approver_id, decision, comment,"
                                        " decided_at) VALUES (?, ?, ?, ?, ?, ?)"),
                         {d.orderId, d.level, d.approverId,
                          d.decision == Decision::Approve ? QStringLiteral("approve") : QStringLiteral("reject"),
                          text(d.comment), toDbTime(d.decidedAt)}));
    return ok();
}

Result<QList<ApprovalDecision>> Store::decisions(Id orderId)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT d.level, d.approver_id, u.name, d.decision, d.comment, d.decided_at"
                                         " FROM approval_decisions d JOIN users u ON u.id = d.approver_id"
                                         " WHERE d.order_id = ? ORDER BY d.decided_at, d.level"),
                          {orderId}));
    QList<ApprovalDecision> list;
    while (q.next()) {
        list.append({orderId, q.value(0).toInt(), q.value(1).toLongLong(), q.value(2).toString(),
                     q.value(3).toString() == QLatin1String("approve") ? Decision::Approve : Decision::Reject,
                     q.value(4).toString(), fromDbTime(q.value(5))});
    }
    return list;
}

Result<std::pair<int, int>> Store::orderStepCounts(Id orderId)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT COALESCE(SUM(CASE WHEN s.state IN ('succeeded', 'skipped') THEN 1 ELSE 0 END), 0), COUNT(*)"
                                         " FROM steps s JOIN workflows w ON w.id = s.workflow_id"
                                         " WHERE w.order_id = ? AND s.kind = 'step'"),
                          {orderId}));
    if (!q.next())
        return std::pair<int, int>(0, 0);
    return std::pair<int, int>(q.value(0).toInt(), q.value(1).toInt());
}

Status Store::appendAudit(const AuditEntry &e)
{
    ORDO_CHECK(m_db.exec(QStringLiteral("INSERT INTO audit_log(seq, at, actor, tenant_id, entity, entity_id, action,"
                                        " from_state, to_state, reason, details, prev_hash, hash)"
                                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                         {e.seq, toDbTime(e.at), text(e.actor), tenantColumnValue(e.tenantId),
                          text(e.entity), text(e.entityId), text(e.action), text(e.fromState), text(e.toState),
                          text(e.reason), e.detailsText.isNull() ? toJsonText(e.details) : e.detailsText,
                          text(QString::fromLatin1(e.prevHash)), QString::fromLatin1(e.hash)}));
    ORDO_CHECK(m_db.exec(QStringLiteral("INSERT INTO audit_head(id, last_seq, last_hash) VALUES (1, ?, ?)"
                                        " ON CONFLICT(id) DO UPDATE SET last_seq = excluded.last_seq,"
                                        " last_hash = excluded.last_hash"),
                         {e.seq, text(QString::fromLatin1(e.hash))}));
    return ok();
}

Result<QList<AuditEntry>> Store::auditEntries(const AuditFilter &filter)
{
    QStringList conditions;
    QVariantList binds;
    if (filter.tenantId) {
        conditions.append(QStringLiteral("tenant_id = ?"));
        binds.append(*filter.tenantId);
    }
    if (!filter.entity.isEmpty()) {
        conditions.append(QStringLiteral("entity = ? AND entity_id = ?"));
        binds.append(filter.entity);
        binds.append(filter.entityId);
    }
    const QString where = conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT seq, at, actor, tenant_id, entity, entity_id, action, from_state,"
                                         " to_state, reason, details, prev_hash, hash FROM audit_log")
                              + where + QStringLiteral(" ORDER BY seq"),
                          binds));
    QList<AuditEntry> list;
    while (q.next()) {
        list.append({q.value(0).toLongLong(), fromDbTime(q.value(1)), q.value(2).toString(), q.value(3).toLongLong(),
                     q.value(4).toString(), q.value(5).toString(), q.value(6).toString(), q.value(7).toString(),
                     q.value(8).toString(), q.value(9).toString(), fromJsonText(q.value(10)),
                     q.value(11).toString().toLatin1(), q.value(12).toString().toLatin1(), q.value(10).toString()});
    }
    return list;
}

Result<Store::AuditHead> Store::auditHead(bool forAppend)
{
    const bool lock = forAppend && m_db.dialect() == Database::Dialect::Postgres;
    ORDO_TRY(q, m_db.exec(lock ? QStringLiteral("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE")
                               : QStringLiteral("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")));
    if (!q.next())
        return AuditHead{};
    return AuditHead{q.value(0).toLongLong(), q.value(1).toString().toLatin1()};
}

Result<Store::AuditKeying> Store::auditKeying()
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT database_id, legacy_until FROM audit_keying WHERE id = 1")));
    if (!q.next())
        return Error::internal(Text::tr("the database has no audit key record"));
    return AuditKeying{q.value(0).toString(), q.value(1).toLongLong()};
}

} // namespace ordo
