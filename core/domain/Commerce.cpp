#include "domain/Commerce.h"

#include "domain/AuditLog.h"
#include "domain/CartLock.h"
#include "domain/PersonRequests.h"
#include "domain/Mail.h"
#include "domain/OrderState.h"
#include "store/ChangeLog.h"
#include "domain/Store.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <variant>

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::Commerce)
};

// A change of the session's cart, in a write transaction that holds the cart's lock.
// (A person's own login changes it through one function call, which locks it.)
template<typename Change>
auto changeCart(Store &store, const Session &session, Change &&change) -> decltype(change())
{
    if (store.database().changesThroughFunctions())
        return change();
    return store.database().write([&]() -> decltype(change()) {
        ORDO_CHECK(lockCart(store.database(), session.user.id, session.tenant.id));
        return change();
    });
}

// Changes whenever a line is added, removed or edited; the same cart gives the same version.
QString cartVersionOf(const QList<CartLine> &cart)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const CartLine &line : cart) {
        const QJsonObject o{{QStringLiteral("id"), line.id},
                            {QStringLiteral("item"), line.itemId},
                            {QStringLiteral("parameters"), QJsonObject::fromVariantMap(line.parameters)},
                            {QStringLiteral("quantity"), line.quantity}};
        hash.addData(QJsonDocument(o).toJson(QJsonDocument::Compact));
        hash.addData(QByteArrayView("\n"));
    }
    return QString::fromLatin1(hash.result().toHex().left(16));
}

void checkQuota(const QuotaCheck &q, QStringList &violations)
{
    const auto over = [&](const std::optional<qint64> &limit, qint64 after, const QString &what) {
        if (limit && after > *limit)
            violations.append(q.scope == QLatin1String("tenant")
                                  ? Text::tr("tenant quota exceeded: %1 %2 would be in use, the limit is %3").arg(after).arg(what).arg(*limit)
                                  : Text::tr("your quota exceeded: %1 %2 would be in use, the limit is %3").arg(after).arg(what).arg(*limit));
    };
    over(q.limit.vcpus, q.afterOrder.vcpus, Text::tr("vCPUs"));
    over(q.limit.memoryGiB, q.afterOrder.memoryGiB, Text::tr("GiB of memory"));
    over(q.limit.vms, q.afterOrder.vms, Text::tr("VMs"));
}

} // namespace

Footprint QuotaCheck::overBy() const
{
    const auto over = [](const std::optional<qint64> &max, qint64 after) { return max && after > *max ? after - *max : 0; };
    return {over(limit.vcpus, afterOrder.vcpus), over(limit.memoryGiB, afterOrder.memoryGiB), over(limit.vms, afterOrder.vms)};
}

QStringList quotaOverruns(const QuotaCheck &check)
{
    const Footprint over = check.overBy();
    const bool tenant = check.scope == QLatin1String("tenant");
    QStringList out;
    const auto add = [&](qint64 by, qint64 after, const std::optional<qint64> &limit, const QString &what) {
        if (by > 0)
            out.append(tenant ? Text::tr("tenant quota: %1 %2 over the limit (%3 with the order, limit %4)").arg(by).arg(what).arg(after).arg(*limit)
                              : Text::tr("requester's quota: %1 %2 over the limit (%3 with the order, limit %4)").arg(by).arg(what).arg(after).arg(*limit));
    };
    add(over.vcpus, check.afterOrder.vcpus, check.limit.vcpus, Text::tr("vCPUs"));
    add(over.memoryGiB, check.afterOrder.memoryGiB, check.limit.memoryGiB, Text::tr("GiB of memory"));
    add(over.vms, check.afterOrder.vms, check.limit.vms, Text::tr("VMs"));
    return out;
}

// ---------------------------------------------------------------- catalog

Result<QList<CatalogItem>> CatalogService::items(const Session &session)
{
    ORDO_TRY(all, m_store.catalogItems());
    QList<CatalogItem> visible;
    for (const CatalogItem &item : std::as_const(all)) {
        if (item.entitles(session.tenant.slug))
            visible.append(item);
    }
    return visible;
}

Result<CatalogItem> CatalogService::item(const Session &session, const QString &id)
{
    auto found = m_store.catalogItem(id);
    // An item the tenant is not entitled to looks exactly like one that does not exist.
    if (!found || !found->entitles(session.tenant.slug))
        return Error::notFound(Text::tr("no catalog item '%1'").arg(id));
    return found;
}

Status CatalogService::import(const QByteArray &json, const QString &source)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::badInput(Text::tr("%1: not valid JSON at offset %2: %3").arg(source).arg(parseError.offset).arg(parseError.errorString()));
    const QJsonArray list = doc.object().value(QLatin1String("items")).toArray();
    if (list.isEmpty())
        return Error::badInput(Text::tr("%1: expected an object with a non-empty 'items' array").arg(source));
    QList<CatalogItem> items;
    for (qsizetype i = 0; i < list.size(); ++i) {
        ORDO_TRY(item, CatalogItem::fromJson(list.at(i).toObject(), source + QStringLiteral("/items/") + QString::number(i)));
        for (const CatalogItem &other : std::as_const(items)) {
            if (other.id == item.id)
                return Error::badInput(Text::tr("%1/items/%2: item '%3' is defined twice").arg(source).arg(i).arg(item.id));
        }
        items.append(item);
    }
    // Bundles may only name items of the same document, with parameters those items accept.
    for (const CatalogItem &item : std::as_const(items)) {
        for (const BundleComponent &c : item.components) {
            const auto target = std::find_if(items.cbegin(), items.cend(), [&](const CatalogItem &o) { return o.id == c.itemId; });
            if (target == items.cend() || target->isBundle())
                return Error::badInput(Text::tr("%1/%2: component '%3' is not a plain item of this catalog").arg(source, item.id, c.itemId));
            auto checked = target->schema.validate(c.parameters);
            if (!checked)
                return Error::badInput(Text::tr("%1/%2: component '%3': %4").arg(source, item.id, c.itemId, checked.error().message));
        }
    }
    return m_store.database().write([&]() -> Status {
        for (qsizetype i = 0; i < items.size(); ++i)
            ORDO_CHECK(m_store.upsertCatalogItem(items.at(i), static_cast<int>(i)));
        return ok();
    });
}

Result<LineQuote> CatalogService::quote(const CatalogItem &item, const QVariantMap &parameters)
{
    LineQuote q;
    q.currency = item.price.currency;
    q.unitFootprint = item.unitFootprint(parameters);
    q.unitMonthlyCents = item.price.monthlyCents(q.unitFootprint);
    QJsonArray cards{QJsonObject{{QStringLiteral("item"), item.id}, {QStringLiteral("price"), item.price.toJson()}}};
    // What one unit of each component costs: metering charges a bundle's VMs each at its own price.
    QJsonArray components;
    for (const BundleComponent &c : item.components) {
        ORDO_TRY(component, m_store.catalogItem(c.itemId));
        ORDO_TRY(params, component.schema.validate(c.parameters));
        ORDO_TRY(sub, quote(component, params));
        if (sub.currency != q.currency)
            return Error::badInput(Text::tr("bundle '%1' mixes currencies %2 and %3").arg(item.id, q.currency, sub.currency));
        q.unitFootprint += sub.unitFootprint * c.quantity;
        q.unitMonthlyCents += sub.unitMonthlyCents * c.quantity;
        for (const QJsonValue &card : sub.priceSnapshot.value(QLatin1String("cards")).toArray())
            cards.append(card);
        components.append(QJsonObject{{QStringLiteral("item"), component.id},
                                      {QStringLiteral("quantity"), c.quantity},
                                      {QStringLiteral("unitMonthlyCents"), sub.unitMonthlyCents}});
    }
    q.priceSnapshot = {{QStringLiteral("currency"), q.currency}, {QStringLiteral("cards"), cards}};
    if (!components.isEmpty())
        q.priceSnapshot.insert(QStringLiteral("components"), components);
    return q;
}

// ---------------------------------------------------------------- cart

Status CartService::checkCustomer(const Session &session)
{
    if (!session.can(Role::Customer))
        return Error::notPermitted(Text::tr("only customers of %1 have a cart").arg(session.tenant.slug));
    return ok();
}

Result<CartLine> CartService::add(const Session &session, const QString &itemId, const QVariantMap &parameters, int quantity)
{
    ORDO_CHECK(checkCustomer(session));
    if (quantity < 1 || quantity > kMaxQuantity)
        return Error::badInput(Text::tr("quantity %1 is out of range: order 1 to %2 at a time").arg(quantity).arg(kMaxQuantity));
    ORDO_TRY(item, m_catalog.item(session, itemId));
    auto validated = item.schema.validate(parameters);
    if (!validated)
        return Error::badInput(Text::tr("%1: %2").arg(itemId, validated.error().message));
    CartLine line{0, session.user.id, session.tenant.id, itemId, *validated, quantity, m_clock.now()};
    ORDO_TRY(id, changeCart(m_store, session, [&]() -> Result<Id> {
        ORDO_TRY(lines, m_store.cartLines(session.user.id, session.tenant.id));
        if (lines.size() >= kMaxLines)
            return Error::conflict(Text::tr("the cart holds %1 lines: check it out or remove some first").arg(kMaxLines));
        return m_store.insertCartLine(line);
    }));
    line.id = id;
    return line;
}

Result<QList<CartLine>> CartService::lines(const Session &session)
{
    ORDO_CHECK(checkCustomer(session));
    return m_store.cartLines(session.user.id, session.tenant.id);
}

Status CartService::setQuantity(const Session &session, Id lineId, int quantity)
{
    ORDO_CHECK(checkCustomer(session));
    if (quantity < 1 || quantity > kMaxQuantity)
        return Error::badInput(Text::tr("quantity %1 is out of range: order 1 to %2 at a time").arg(quantity).arg(kMaxQuantity));
    ORDO_TRY(changed, changeCart(m_store, session, [&]() {
        return m_store.updateCartQuantity(lineId, session.user.id, session.tenant.id, quantity);
    }));
    if (!changed)
        return Error::notFound(Text::tr("no cart line %1").arg(lineId));
    return ok();
}

Status CartService::setParameters(const Session &session, Id lineId, const QVariantMap &parameters)
{
    ORDO_CHECK(checkCustomer(session));
    return changeCart(m_store, session, [&]() -> Status {
        ORDO_TRY(lines, m_store.cartLines(session.user.id, session.tenant.id));
        const auto line = std::find_if(lines.cbegin(), lines.cend(), [&](const CartLine &l) { return l.id == lineId; });
        if (line == lines.cend())
            return Error::notFound(Text::tr("no cart line %1").arg(lineId));
        ORDO_TRY(item, m_catalog.item(session, line->itemId));
        auto validated = item.schema.validate(parameters);
        if (!validated)
            return Error::badInput(Text::tr("%1: %2").arg(line->itemId, validated.error().message));
        ORDO_CHECK(m_store.updateCartParameters(lineId, session.user.id, session.tenant.id, *validated));
        return ok();
    });
}

Result<QMap<Id, QString>> CartService::problems(const Session &session)
{
    ORDO_CHECK(checkCustomer(session));
    return m_store.database().read([&]() -> Result<QMap<Id, QString>> {
        ORDO_TRY(lines, m_store.cartLines(session.user.id, session.tenant.id));
        QMap<Id, QString> out;
        for (const CartLine &line : std::as_const(lines)) {
            auto item = m_catalog.item(session, line.itemId);
            if (!item) {
                out.insert(line.id, item.error().message);
                continue;
            }
            if (auto validated = item->schema.validate(line.parameters); !validated)
                out.insert(line.id, validated.error().message);
        }
        return out;
    });
}

Status CartService::remove(const Session &session, Id lineId)
{
    ORDO_CHECK(checkCustomer(session));
    ORDO_TRY(removed, changeCart(m_store, session, [&]() { return m_store.deleteCartLine(lineId, session.user.id, session.tenant.id); }));
    if (!removed)
        return Error::notFound(Text::tr("no cart line %1").arg(lineId));
    return ok();
}

Status CartService::clear(const Session &session)
{
    ORDO_CHECK(checkCustomer(session));
    return changeCart(m_store, session, [&]() { return m_store.clearCart(session.user.id, session.tenant.id); });
}

// ---------------------------------------------------------------- orders

Result<CheckoutPreview> OrderService::buildPreview(const Session &session, const QList<CartLine> &cart)
{
    CheckoutPreview p;
    int lineNo = 0;
    for (const CartLine &c : cart) {
        ++lineNo;
        // The catalog may have changed since the line was added: check it again.
        auto item = m_catalog.item(session, c.itemId);
        if (!item)
            return Error::badInput(Text::tr("cart line %1: %2").arg(c.id).arg(item.error().message));
        auto params = item->schema.validate(c.parameters);
        if (!params)
            return Error::badInput(Text::tr("cart line %1 (%2): %3").arg(c.id).arg(c.itemId, params.error().message));
        ORDO_TRY(q, m_catalog.quote(*item, *params));
        if (p.currency.isEmpty())
            p.currency = q.currency;
        else if (p.currency != q.currency)
            p.violations.append(Text::tr("the cart mixes currencies %1 and %2: order them separately").arg(p.currency, q.currency));
        OrderLine line{lineNo, item->id, item->name, *params, c.quantity, q.unitMonthlyCents, q.priceSnapshot,
                       q.unitFootprint * c.quantity};
        p.monthlyCents += q.unitMonthlyCents * c.quantity;
        p.footprint += line.footprint;
        p.lines.append(line);
    }
    ORDO_TRY(policyJson, m_store.tenantPolicy(session.tenant.id));
    ORDO_TRY(policy, ApprovalPolicy::fromJson(policyJson));
    ORDO_TRY(tenantUse, m_store.activeFootprint(session.tenant.id, std::nullopt));
    ORDO_TRY(userUse, m_store.activeFootprint(session.tenant.id, session.user.id));
    Footprint tenantAfter = tenantUse;
    tenantAfter += p.footprint;
    Footprint userAfter = userUse;
    userAfter += p.footprint;
    p.quotas = {{QStringLiteral("tenant"), tenantUse, tenantAfter, policy.tenantQuota},
                {QStringLiteral("user"), userUse, userAfter, policy.userQuota}};
    for (const QuotaCheck &q : std::as_const(p.quotas))
        checkQuota(q, p.violations);
    p.autoApproved = policy.autoApproves(p.monthlyCents, p.footprint);
    if (!p.autoApproved) {
        for (const ApprovalLevel &level : std::as_const(policy.levels)) {
            ORDO_TRY(members, m_store.groupMembers(session.tenant.id, level.group));
            ApprovalRouteStep step{level.name, level.mode, {}};
            for (const User &u : std::as_const(members)) {
                if (u.id != session.user.id && u.hasRole(session.tenant.id, Role::Approver))
                    step.approvers.append(u.name);
            }
            if (step.approvers.isEmpty())
                p.violations.append(Text::tr("approval level '%1' has no approver other than you: ask an admin to add one").arg(level.name));
            p.route.append(step);
        }
    }
    return p;
}

Result<CheckoutPreview> OrderService::preview(const Session &session)
{
    if (!session.can(Role::Customer))
        return Error::notPermitted(Text::tr("only customers of %1 can check out").arg(session.tenant.slug));
    return m_store.database().read([&]() -> Result<CheckoutPreview> {
        ORDO_TRY(cart, m_store.cartLines(session.user.id, session.tenant.id));
        if (cart.isEmpty())
            return Error::badInput(Text::tr("the cart is empty: add an item first"));
        ORDO_TRY(p, buildPreview(session, cart));
        p.cartVersion = cartVersionOf(cart);
        return p;
    });
}

Result<CheckoutPreview> OrderService::previewItem(const Session &session, const QString &itemId,
                                                  const QVariantMap &parameters, int quantity)
{
    if (!session.can(Role::Customer))
        return Error::notPermitted(Text::tr("only customers of %1 can check out").arg(session.tenant.slug));
    if (quantity < 1 || quantity > CartService::kMaxQuantity)
        return Error::badInput(Text::tr("quantity %1 is out of range: order 1 to %2 at a time").arg(quantity).arg(CartService::kMaxQuantity));
    return m_store.database().read([&]() -> Result<CheckoutPreview> {
        ORDO_TRY(item, m_catalog.item(session, itemId));
        auto validated = item.schema.validate(parameters);
        if (!validated)
            return Error::badInput(Text::tr("%1: %2").arg(itemId, validated.error().message));
        return buildPreview(session, {CartLine{0, session.user.id, session.tenant.id, itemId, *validated, quantity, m_clock.now()}});
    });
}

Result<Order> OrderService::checkout(const Session &session, const QString &requestId, std::optional<QString> expectedCartVersion)
{
    if (!session.can(Role::Customer))
        return Error::notPermitted(Text::tr("only customers of %1 can check out").arg(session.tenant.slug));
    const QString request = requestId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : requestId;
    if (request.size() > 128)
        return Error::badInput(Text::tr("the request id is longer than 128 characters"));
    // The order this request placed already, or the cart to order: not empty, as previewed.
    using PlacedOrCart = std::variant<Order, QList<CartLine>>;
    const auto cartToOrder = [&]() -> Result<PlacedOrCart> {
        ORDO_TRY(existing, m_store.orderByRequestId(session.user.id, request));
        if (existing)
            return PlacedOrCart(*existing);
        ORDO_TRY(cart, m_store.cartLines(session.user.id, session.tenant.id));
        if (cart.isEmpty())
            return Error::badInput(Text::tr("the cart is empty: add an item first"));
        if (expectedCartVersion && *expectedCartVersion != cartVersionOf(cart))
            return Error::conflict(Text::tr("the cart changed since it was previewed: check the new preview and confirm again"));
        return PlacedOrCart(cart);
    };
    if (m_store.database().changesThroughFunctions()) {
        // Same checks first, for refusals in the person's language; an engine places the order.
        ORDO_TRY(toOrder, cartToOrder());
        if (const auto *placed = std::get_if<Order>(&toOrder))
            return *placed;
        const QList<CartLine> &cart = std::get<QList<CartLine>>(toOrder);
        // The cart as read here, whenever an engine gets to it: lines added meanwhile wait for the next checkout.
        auto placed = requestAndWait(m_store.database(), QStringLiteral("SELECT ordo.checkout(?, ?, ?)"),
                                     {session.tenant.id, request, expectedCartVersion.value_or(cartVersionOf(cart))});
        if (!placed && placed.error().transient)
            return Error{placed.error().code,
                         Text::tr("%1; checking out again with request id %2 shows its order once placed").arg(placed.error().message, request),
                         true};
        if (!placed)
            return placed.error();
        ORDO_TRY(found, m_store.order(placed->toLongLong()));
        if (!found)
            return Error::notFound(Text::tr("no order %1").arg(*placed));
        return *found;
    }
    return m_store.database().write([&]() -> Result<Order> {
        ORDO_CHECK(lockCart(m_store.database(), session.user.id, session.tenant.id));
        ORDO_TRY(toOrder, cartToOrder());
        if (const auto *placed = std::get_if<Order>(&toOrder))
            return *placed;
        const QList<CartLine> &cart = std::get<QList<CartLine>>(toOrder);
        ORDO_TRY(p, buildPreview(session, cart));
        if (!p.violations.isEmpty())
            return Error::notPermitted(Text::tr("checkout refused: %1").arg(p.violations.join(QStringLiteral("; "))));

        Order o;
        o.tenantId = session.tenant.id;
        o.requesterId = session.user.id;
        o.requesterName = session.user.name;
        o.requestId = request;
        o.state = OrderState::Submitted;
        o.version = 1;
        o.monthlyCents = p.monthlyCents;
        o.currency = p.currency;
        o.footprint = p.footprint;
        o.createdAt = m_clock.now();
        o.updatedAt = o.createdAt;
        o.lines = p.lines;
        ORDO_TRY(policyJson, m_store.tenantPolicy(session.tenant.id));
        ORDO_TRY(policy, ApprovalPolicy::fromJson(policyJson));
        if (!p.autoApproved && policy.expiryHours > 0)
            o.approvalExpiresAt = o.createdAt.addSecs(qint64(policy.expiryHours) * 3600);
        ORDO_TRY(id, m_store.insertOrder(o));
        o.id = id;
        ORDO_CHECK(recordChanges(m_store.database(), {{ChangeKind::Order, id, o.tenantId}}));
        ORDO_CHECK(m_audit.record({session.user.name, o.tenantId, QStringLiteral("order"), QString::number(id),
                                   QStringLiteral("checkout"), {}, orderStateName(o.state), {},
                                   QJsonObject{{QStringLiteral("requestId"), request},
                                               {QStringLiteral("monthlyCents"), o.monthlyCents},
                                               {QStringLiteral("currency"), o.currency},
                                               {QStringLiteral("lines"), o.lines.size()}}}));
        // The lines ordered leave the cart, and only they.
        for (const CartLine &line : std::as_const(cart)) {
            ORDO_TRY(removed, m_store.deleteCartLine(line.id, session.user.id, session.tenant.id));
            if (!removed)
                return Error::conflict(Text::tr("the cart changed while it was checked out: check it and confirm again"));
        }
        Order placed;
        if (p.autoApproved) {
            ORDO_TRY(approved, transition(o, OrderState::Approved, QStringLiteral("policy"), Text::tr("within the auto-approval thresholds"), 0));
            placed = approved;
        } else {
            ORDO_TRY(waiting, transition(o, OrderState::PendingApproval, QStringLiteral("policy"), Text::tr("needs approval"), 0));
            ORDO_CHECK(requestApprovals(waiting));
            placed = waiting;
        }
        if (m_starter)
            ORDO_CHECK(m_starter(placed));
        return placed;
    });
}

Status OrderService::requestApprovals(const Order &order)
{
    return mailApprovers(order, QStringLiteral("approval-request"),
                         QStringLiteral("order/%1/approval/%2/").arg(order.id).arg(order.approvalLevel));
}

Status OrderService::remindApprovers(const Order &order)
{
    return mailApprovers(order, QStringLiteral("approval-reminder"),
                         QStringLiteral("order/%1/reminder/%2/").arg(order.id).arg(order.approvalLevel));
}

Status OrderService::mailApprovers(const Order &order, const QString &templateName, const QString &correlation)
{
    if (!m_store.database().inTransaction())
        return Error::internal(Text::tr("approval mails are queued only with the change that causes them"));
    ORDO_TRY(policyJson, m_store.tenantPolicy(order.tenantId));
    ORDO_TRY(policy, ApprovalPolicy::fromJson(policyJson));
    if (order.approvalLevel >= policy.levels.size())
        return ok();
    const ApprovalLevel &level = policy.levels.at(order.approvalLevel);
    ORDO_TRY(members, m_store.groupMembers(order.tenantId, level.group));
    ORDO_TRY(requester, m_store.userById(order.requesterId));
    ORDO_TRY(tenant, m_store.tenantById(order.tenantId));
    ORDO_TRY(decided, m_store.decisions(order.id));
    // The order counts against the quota from checkout on: what is in use includes it.
    ORDO_TRY(inUse, m_store.activeFootprint(order.tenantId, std::nullopt));
    const auto ofLimit = [](qint64 used, const std::optional<qint64> &limit) {
        return limit ? Text::tr("%1 of %2").arg(used).arg(*limit) : Text::tr("%1 (no limit)").arg(used);
    };
    const QString quota = Text::tr("Quota impact: the order adds %1 vCPUs, %2 GiB of memory and %3 VMs; %4 then uses %5 vCPUs, "
                                   "%6 GiB and %7 VMs.")
                              .arg(order.footprint.vcpus)
                              .arg(order.footprint.memoryGiB)
                              .arg(order.footprint.vms)
                              .arg(tenant.slug, ofLimit(inUse.vcpus, policy.tenantQuota.vcpus),
                                   ofLimit(inUse.memoryGiB, policy.tenantQuota.memoryGiB), ofLimit(inUse.vms, policy.tenantQuota.vms));
    QStringList items;
    for (const OrderLine &line : order.lines)
        items.append(QStringLiteral("%1 x %2").arg(line.quantity).arg(line.itemName));
    for (const User &approver : std::as_const(members)) {
        // No usable address, no mail: the others are still asked.
        if (approver.id == order.requesterId || !approver.hasRole(order.tenantId, Role::Approver) || !isMailAddress(approver.email))
            continue;
        // Decided at this level or an earlier one: not theirs to decide (again).
        const bool hasDecided = std::any_of(decided.cbegin(), decided.cend(), [&](const ApprovalDecision &d) {
            return d.level <= order.approvalLevel && d.approverId == approver.id;
        });
        if (hasDecided)
            continue;
        ORDO_TRY(mail, renderMail(templateName, {approver.email},
                                  {{QStringLiteral("approver"), approver.displayName},
                                   {QStringLiteral("order"), QString::number(order.id)},
                                   {QStringLiteral("requester"), requester.displayName},
                                   {QStringLiteral("summary"), items.join(QStringLiteral(", "))},
                                   {QStringLiteral("monthly"), formatMoney(order.monthlyCents, order.currency)},
                                   {QStringLiteral("quota"), quota},
                                   {QStringLiteral("level"), level.name},
                                   {QStringLiteral("expires"), order.approvalExpiresAt.toString(Qt::ISODate)},
                                   {QStringLiteral("default"), policy.expiryDecision == Decision::Approve
                                                                   ? Text::tr("approved") : Text::tr("rejected")},
                                   {QStringLiteral("link"), QStringLiteral("ordo://approvals?order=%1").arg(order.id)}}));
        ORDO_CHECK(m_outbox.enqueue(mail, correlation + approver.name, order.tenantId));
    }
    return ok();
}

Result<Order> OrderService::transition(const Order &order, OrderState to, const QString &actor, const QString &reason,
                                       int approvalLevel, const QJsonObject &details)
{
    if (!m_store.database().inTransaction())
        return Error::internal(Text::tr("an order changes state only inside a transaction"));
    // Staying pending while a multi-level approval advances is a change of level, not of state.
    if (!(order.state == to && to == OrderState::PendingApproval))
        ORDO_CHECK(checkTransition(order.state, to));
    ORDO_TRY(updated, m_store.updateOrderState(order.id, order.version, to, approvalLevel, m_clock.now()));
    if (!updated)
        return Error::conflict(Text::tr("order %1 was changed by somebody else meanwhile").arg(order.id));
    ORDO_CHECK(recordChanges(m_store.database(), {{ChangeKind::Order, order.id, order.tenantId}}));
    QJsonObject auditDetails = details;
    auditDetails.insert(QStringLiteral("version"), order.version + 1);
    ORDO_CHECK(m_audit.record({actor, order.tenantId, QStringLiteral("order"), QString::number(order.id),
                               QStringLiteral("transition"), orderStateName(order.state), orderStateName(to), reason,
                               auditDetails}));
    if (to == OrderState::Rejected || to == OrderState::Failed)
        ORDO_CHECK(tellRequester(order, to, actor, reason));
    ORDO_TRY(reloaded, m_store.order(order.id));
    return *reloaded;
}

Status OrderService::tellRequester(const Order &order, OrderState to, const QString &actor, const QString &reason)
{
    ORDO_TRY(requester, m_store.userById(order.requesterId));
    // No usable address, no mail: the order's change must not hang on it (in the
    // engine, it would hold up every workflow's progress).
    if (!isMailAddress(requester.email))
        return ok();
    QStringList items;
    for (const OrderLine &line : order.lines)
        items.append(QStringLiteral("%1 x %2").arg(line.quantity).arg(line.itemName));
    const QString templateName = to == OrderState::Rejected ? QStringLiteral("order-rejected") : QStringLiteral("order-failed");
    ORDO_TRY(mail, renderMail(templateName, {requester.email},
                              {{QStringLiteral("customer"), requester.displayName},
                               {QStringLiteral("order"), QString::number(order.id)},
                               {QStringLiteral("summary"), items.join(QStringLiteral(", "))},
                               {QStringLiteral("by"), actor},
                               {QStringLiteral("reason"), reason},
                               {QStringLiteral("link"), QStringLiteral("ordo://orders?order=%1").arg(order.id)}}));
    ORDO_CHECK(m_outbox.enqueue(mail, QStringLiteral("order/%1/%2").arg(order.id).arg(orderStateName(to)), order.tenantId));
    return ok();
}

Result<QList<Order>> OrderService::orders(const Session &session, std::optional<OrderState> state)
{
    OrderFilter filter{session.tenant.id, std::nullopt, state};
    const bool seesTenant = session.can(Role::Approver) || session.can(Role::Support) || session.can(Role::Admin);
    if (!seesTenant) {
        if (!session.can(Role::Customer))
            return Error::notPermitted(Text::tr("you have no role in %1 that shows orders").arg(session.tenant.slug));
        filter.requesterId = session.user.id;
    }
    return m_store.orders(filter);
}

Result<QList<Order>> OrderService::mine(const Session &session, std::optional<OrderState> state)
{
    return m_store.orders(OrderFilter{session.tenant.id, session.user.id, state});
}

Result<Order> OrderService::order(const Session &session, Id id)
{
    ORDO_TRY(found, m_store.order(id));
    const bool seesTenant = session.can(Role::Approver) || session.can(Role::Support) || session.can(Role::Admin);
    // Another tenant's order, or another customer's, looks exactly like one that does not exist.
    if (!found || found->tenantId != session.tenant.id || (!seesTenant && found->requesterId != session.user.id))
        return Error::notFound(Text::tr("no order %1").arg(id));
    return *found;
}

Result<OrderProgress> OrderService::progress(const Session &session, Id id)
{
    return m_store.database().read([&]() -> Result<OrderProgress> {
        ORDO_TRY(found, order(session, id));
        OrderProgress p;
        p.orderId = found.id;
        ORDO_TRY(steps, m_store.orderStepCounts(found.id));
        std::tie(p.stepsDone, p.stepsTotal) = steps;
        if (found.state != OrderState::PendingApproval)
            return p;
        ORDO_TRY(policyJson, m_store.tenantPolicy(found.tenantId));
        ORDO_TRY(policy, ApprovalPolicy::fromJson(policyJson));
        if (found.approvalLevel >= policy.levels.size())
            return p;
        const ApprovalLevel &level = policy.levels.at(found.approvalLevel);
        p.waitingLevel = level.name;
        p.waitingGroup = level.group;
        ORDO_TRY(decided, m_store.decisions(found.id));
        // The level began with the last decision of the level before it, or with the order.
        p.waitingSince = found.createdAt;
        for (const ApprovalDecision &d : std::as_const(decided)) {
            if (d.level < found.approvalLevel && d.decidedAt > p.waitingSince)
                p.waitingSince = d.decidedAt;
        }
        ORDO_TRY(members, m_store.groupMembers(found.tenantId, level.group));
        for (const User &approver : std::as_const(members)) {
            if (approver.id == found.requesterId || !approver.hasRole(found.tenantId, Role::Approver))
                continue;
            // As mailApprovers(): who decided at this level or an earlier one is not waited on.
            const bool hasDecided = std::any_of(decided.cbegin(), decided.cend(), [&](const ApprovalDecision &d) {
                return d.level <= found.approvalLevel && d.approverId == approver.id;
            });
            if (!hasDecided)
                p.waitingOn.append(approver.displayName);
        }
        return p;
    });
}

namespace {

Status checkCancellationReason(const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return Error::badInput(Text::tr("a cancellation needs a reason: give it with --reason"));
    if (reason.size() > 2000)
        return Error::badInput(Text::tr("the reason is longer than 2000 characters"));
    return ok();
}

// The customer who ordered it, or an admin of its tenant.
Status mayCancel(const Session &session, const Order &found)
{
    const bool requester = found.requesterId == session.user.id && session.can(Role::Customer);
    if (!requester && !session.can(Role::Admin))
        return Error::notPermitted(Text::tr("only the customer who ordered %1, or an admin of %2, cancels it")
                                       .arg(found.id)
                                       .arg(session.tenant.slug));
    return ok();
}

Status stillCancellable(const Order &found)
{
    if (found.state == OrderState::Completed)
        return Error::conflict(
            Text::tr("order %1 is completed: what it provisioned is removed through support, not by a cancellation").arg(found.id));
    if (isFinal(found.state))
        return Error::conflict(Text::tr("order %1 is already %2").arg(found.id).arg(orderStateName(found.state)));
    return ok();
}

} // namespace

Result<Order> OrderService::cancel(const Session &session, Id id, const QString &reason)
{
    ORDO_CHECK(checkCancellationReason(reason));
    if (m_store.database().changesThroughFunctions()) {
        // Same checks first, for refusals in the person's language; an engine cancels it.
        ORDO_TRY(found, order(session, id));
        ORDO_CHECK(mayCancel(session, found));
        ORDO_CHECK(stillCancellable(found));
        ORDO_CHECK(requestAndWait(m_store.database(), QStringLiteral("SELECT ordo.cancel_order(?, ?)"), {id, reason}));
        return order(session, id);
    }
    return m_store.database().write([&]() -> Result<Order> {
        ORDO_TRY(found, order(session, id));
        ORDO_CHECK(mayCancel(session, found));
        return cancelFound(found, session.user.name, reason);
    });
}

Result<Order> OrderService::cancelAs(Id id, const QString &actor, const QString &reason)
{
    ORDO_CHECK(checkCancellationReason(reason));
    return m_store.database().write([&]() -> Result<Order> {
        ORDO_TRY(found, m_store.order(id));
        if (!found)
            return Error::notFound(Text::tr("no order %1").arg(id));
        return cancelFound(*found, actor, reason);
    });
}

Result<Order> OrderService::cancelFound(const Order &found, const QString &actor, const QString &reason)
{
    const Id id = found.id;
    ORDO_CHECK(stillCancellable(found));
    if ((found.state == OrderState::Provisioning || found.state == OrderState::Failed) && m_stopper)
        ORDO_CHECK(m_stopper(found, actor, reason));
    // Locked only now, after its workflows, in the engine's order (workflow, then
    // order): the other way round the two would deadlock. What changed since it
    // was read makes the transition a conflict (it is conditional on the version).
    ORDO_CHECK(m_store.lockOrder(id));
    return transition(found, OrderState::Cancelled, actor, reason, found.approvalLevel, {{QStringLiteral("cancelled"), true}});
}

} // namespace ordo
