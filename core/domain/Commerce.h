#pragma once

#include "domain/Accounts.h"
#include "domain/Catalog.h"
#include "domain/Policy.h"
#include "util/Clock.h"

#include <functional>

namespace ordo {

class Store;
class AuditLog;
class Outbox;

struct LineQuote
{
    qint64 unitMonthlyCents = 0;
    QString currency;
    Footprint unitFootprint;
    QJsonObject priceSnapshot; // the rate cards used, kept with the order
};

class CatalogService final
{
public:
    explicit CatalogService(Store &store) : m_store(store) {}

    Result<QList<CatalogItem>> items(const Session &session);
    Result<CatalogItem> item(const Session &session, const QString &id);

    // Validates the whole catalog document first; imports nothing if any item is wrong.
    Status import(const QByteArray &json, const QString &source);

    // Price and resources of one unit of item with validated parameters.
    Result<LineQuote> quote(const CatalogItem &item, const QVariantMap &parameters);

private:
    Store &m_store;
};

class CartService final
{
public:
    CartService(Store &store, CatalogService &catalog, const Clock &clock)
        : m_store(store), m_catalog(catalog), m_clock(clock)
    {
    }

    static constexpr int kMaxQuantity = 100;
    // Lines of one person's cart in one tenant: a cart is a basket, not a store.
    static constexpr int kMaxLines = 100;

    Result<CartLine> add(const Session &session, const QString &itemId, const QVariantMap &parameters, int quantity = 1);
    Result<QList<CartLine>> lines(const Session &session);
    Status setQuantity(const Session &session, Id lineId, int quantity);
    // Checked against the line's item as add() checks them.
    Status setParameters(const Session &session, Id lineId, const QVariantMap &parameters);
    // What stands in the way of each line now (its item withdrawn, or its
    // parameters no longer valid after a catalog change), by line id; none: empty.
    Result<QMap<Id, QString>> problems(const Session &session);
    Status remove(const Session &session, Id lineId);
    Status clear(const Session &session);

private:
    Status checkCustomer(const Session &session);

    Store &m_store;
    CatalogService &m_catalog;
    const Clock &m_clock;
};

struct QuotaCheck
{
    QString scope; // "tenant" or "user"
    Footprint inUse;
    Footprint afterOrder;
    Quota limit;

    // By how much afterOrder passes the limit, per resource; zero where it stays within.
    Footprint overBy() const;
    bool exceeded() const { return overBy() != Footprint{}; }
};

// Each limit the check passes and by how much, in words for an approver; empty: within.
QStringList quotaOverruns(const QuotaCheck &check);

struct ApprovalRouteStep
{
    QString level;
    ApprovalLevel::Mode mode = ApprovalLevel::Mode::AnyOf;
    QStringList approvers;
};

struct CheckoutPreview
{
    QList<OrderLine> lines;
    qint64 monthlyCents = 0;
    QString currency;
    Footprint footprint;
    QList<QuotaCheck> quotas;
    bool autoApproved = false;
    QList<ApprovalRouteStep> route;
    QStringList violations;
    // The cart previewed (its lines, items, parameters and quantities), to
    // check out exactly that; empty in a preview of an item on its own.
    QString cartVersion;
};

// Where an order stands, for its requester.
struct OrderProgress
{
    Id orderId = 0;
    int stepsDone = 0; // steps of the order's workflows that succeeded or were skipped
    int stepsTotal = 0;
    QString waitingLevel; // the approval level the order waits on; empty: it waits on nobody
    QString waitingGroup;
    // Who of that level may still decide, by display name: a customer learns no login.
    QStringList waitingOn;
    QDateTime waitingSince; // when the order reached that level
};

class OrderService final
{
public:
    OrderService(Store &store, AuditLog &audit, CatalogService &catalog, Outbox &outbox, const Clock &clock)
        : m_store(store), m_audit(audit), m_catalog(catalog), m_outbox(outbox), m_clock(clock)
    {
    }

    // What checkout does with a new order inside its own transaction: start the
    // order's workflow, so that there is never an order without one. Set by
    // whoever wires the engine in (Ordo); without it an order starts nothing.
    using OrderStarter = std::function<Status(const Order &order)>;
    void setStarter(OrderStarter starter) { m_starter = std::move(starter); }
    // What a cancellation does with an order's provisioning, in the cancel's
    // transaction: roll back its workflows (their compensations undo what they made).
    using ProvisioningStopper = std::function<Status(const Order &order, const QString &actor, const QString &reason)>;
    void setStopper(ProvisioningStopper stopper) { m_stopper = std::move(stopper); }

    Result<CheckoutPreview> preview(const Session &session);
    // The same preview for quantity units of one item with these parameters on
    // their own, before they are in the cart: what the item page shows.
    Result<CheckoutPreview> previewItem(const Session &session, const QString &itemId, const QVariantMap &parameters,
                                        int quantity = 1);
    // The same request id from the same user gives the same order, however often it is sent.
    // expectedCartVersion: the preview's cartVersion; a cart changed since (in another
    // console, by ordoctl) is refused as a conflict instead of ordered as it is now.
    Result<Order> checkout(const Session &session, const QString &requestId = {},
                           std::optional<QString> expectedCartVersion = std::nullopt);

    // Customers see their own orders; approvers, support and admins their tenant's.
    Result<QList<Order>> orders(const Session &session, std::optional<OrderState> state = std::nullopt);
    // The session's own orders in its tenant, whatever else its roles show: "My orders".
    Result<QList<Order>> mine(const Session &session, std::optional<OrderState> state = std::nullopt);
    Result<Order> order(const Session &session, Id id);
    // Provisioning progress and whom it waits on, for an order the session may see.
    Result<OrderProgress> progress(const Session &session, Id id);

    // The requester, or an admin of the order's tenant, cancels an order that is
    // not finished: at once while it waits, and with its provisioning rolled back.
    Result<Order> cancel(const Session &session, Id id, const QString &reason);
    // The same cancellation in actor's name, once who may cancel is settled: an
    // engine applies a person's request (ordo.cancel_order) through it.
    Result<Order> cancelAs(Id id, const QString &actor, const QString &reason);

    // Moves an order to another state, checked and audited. Must run in a write transaction.
    Result<Order> transition(const Order &order, OrderState to, const QString &actor, const QString &reason,
                             int approvalLevel, const QJsonObject &details = {});

    // Mails the approvers of the order's current level, with a link that opens
    // the console on the order. Must run in the transaction that made the order wait.
    Status requestApprovals(const Order &order);
    // Mails the approvers of the order's current level who have not decided yet
    // a reminder, once each, before the order expires.
    Status remindApprovers(const Order &order);
    // The requester hears of a rejected or failed order, with the reason.
    Status tellRequester(const Order &order, OrderState to, const QString &actor, const QString &reason);

private:
    // The approvers of the order's current level who may decide on it and have
    // not yet, and what they are asked: one mail per approver of the level.
    Status mailApprovers(const Order &order, const QString &templateName, const QString &correlation);
    Result<CheckoutPreview> buildPreview(const Session &session, const QList<CartLine> &cart);
    // The order's state allows it: its provisioning is rolled back, then it is cancelled.
    Result<Order> cancelFound(const Order &found, const QString &actor, const QString &reason);

    OrderStarter m_starter;
    ProvisioningStopper m_stopper;
    Store &m_store;
    AuditLog &m_audit;
    CatalogService &m_catalog;
    Outbox &m_outbox;
    const Clock &m_clock;
};

// A parameter of an order line whose value is not the catalog item's default.
struct ParameterChange
{
    QString name;
    QString label;
    QVariant catalogDefault; // invalid: the item has no default for it
    QVariant ordered;
};

struct ApprovalLineDetails
{
    OrderLine line;
    bool itemInCatalog = true; // false: the item left the catalog, so no defaults to compare with
    QList<ParameterChange> changedParameters;
};

// Everything an approver weighs before deciding on one order of their tenant.
struct ApprovalDetails
{
    Order order;
    QString requesterDisplayName;
    QList<ApprovalRouteStep> levels; // the policy's levels, in order; order.approvalLevel is the one waiting
    QList<ApprovalDecision> decisions;
    // In use counts this order while it is pending; inUse minus the order is what runs without it.
    QList<QuotaCheck> quotas;
    // The verdict on them: whether the order takes a quota past its limit, and each overrun in words.
    bool quotaExceeded = false;
    QStringList quotaOverruns;
    QList<ApprovalLineDetails> lines;
    // The order's latest state change: who made it and when (tells the loser of a race who won).
    QString lastActor;
    QDateTime lastChangeAt;
};

struct DecisionOutcome
{
    Order order;
    bool finalDecision = false; // the order left pending-approval
};

class ApprovalService final
{
public:
    ApprovalService(Store &store, AuditLog &audit, OrderService &orders, const Clock &clock)
        : m_store(store), m_audit(audit), m_orders(orders), m_clock(clock)
    {
    }

    // Orders waiting for this approver's decision.
    Result<QList<Order>> pending(const Session &session);
    Result<QList<ApprovalDecision>> decisions(const Session &session, Id orderId);
    // What an approver of the order's tenant sees of one order, waiting or not.
    Result<ApprovalDetails> details(const Session &session, Id orderId);

    // expectedVersion: the version the approver saw; a later change makes the decision a conflict.
    Result<DecisionOutcome> decide(const Session &session, Id orderId, Decision decision, const QString &comment,
                                   std::optional<int> expectedVersion = std::nullopt);

    // A shared database decides in ordo.decide, which leaves two things to its
    // owner's services and the engines: chaining the decisions' audit entries
    // into the trail (up to 100, oldest first), and the mails they ask for (the
    // requester's rejection, the next level's request), of one order or of any,
    // up to 20, that no other transaction holds. A mail that cannot be made of
    // what is stored (a tenant's policy that no longer reads) is logged and
    // dropped. Must run in a write transaction; nothing to do on an embedded database.
    Status finishDatabaseDecisions(std::optional<Id> orderId = std::nullopt);

    // Applies each tenant's default decision to orders nobody decided on in time.
    Result<int> expireDue();
    // The same for one order; false when it was not (or no longer) due.
    Result<bool> expire(Id orderId);

private:
    Result<ApprovalPolicy> policyOf(Id tenantId);
    Error alreadyDecided(const Order &order);
    Result<DecisionOutcome> decideInDatabase(const Session &session, const Order &order, Decision decision, const QString &comment);

    Store &m_store;
    AuditLog &m_audit;
    OrderService &m_orders;
    const Clock &m_clock;
};

} // namespace ordo
