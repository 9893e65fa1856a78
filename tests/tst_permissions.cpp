#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "TestSupport.h"

#include "connectors/Metering.h"
#include "connectors/ServiceDesk.h"

using namespace ordo;
using namespace ordo::test;

// Role × operation × tenant over every service of the core, the staff's and
// the shop's: what each kind of person may do, to whose data. One row per
// case; an operation on another tenant's thing must look exactly like one on
// a thing that does not exist ("missing"), and a list must not show it ("blind").
namespace {

// What a row expects of the call.
enum class Expect { Ok, Refused, Missing, Sees, Blind };

struct Outcome
{
    std::optional<ErrorCode> error; // none: it worked
    bool sawTarget = false;         // for lists: the target tenant's row was in it
};

template<typename T>
Outcome outcomeOf(const Result<T> &r, bool saw = false)
{
    return r ? Outcome{std::nullopt, saw} : Outcome{r.error().code, false};
}

void row(const char *user, const char *tenant, const char *operation, const char *target, Expect expected)
{
    QTest::addRow("%s%s%s %s %s", user, *tenant ? "@" : "", tenant, operation, target)
        << QString::fromLatin1(user) << QString::fromLatin1(tenant) << QString::fromLatin1(operation) << QString::fromLatin1(target) << expected;
}

void addColumns()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("tenant"); // the session's, for the provider's staff; else their own
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("target"); // whose thing the operation is on
    QTest::addColumn<Expect>("expected");
}

void verify(const Outcome &outcome, Expect expected)
{
    switch (expected) {
    case Expect::Ok:
        QVERIFY2(!outcome.error, qPrintable(QStringLiteral("failed with code %1").arg(static_cast<int>(*outcome.error))));
        break;
    case Expect::Refused:
        QCOMPARE(outcome.error, std::optional<ErrorCode>(ErrorCode::NotPermitted));
        break;
    case Expect::Missing:
        QCOMPARE(outcome.error, std::optional<ErrorCode>(ErrorCode::NotFound));
        break;
    case Expect::Sees:
        QVERIFY(!outcome.error);
        QVERIFY(outcome.sawTarget);
        break;
    case Expect::Blind:
        QVERIFY(!outcome.error);
        QVERIFY(!outcome.sawTarget);
        break;
    }
}

} // namespace

Q_DECLARE_METATYPE(Expect)

class TestPermissions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ORDO_REQUIRE_BACKEND();
        m_ordo = openDemo(m_env.databasePath());
        ORDO_CHECK_FATAL(m_ordo->accounts().createUser(QStringLiteral("gina"), QStringLiteral("Gina Support"), QStringLiteral("gina@globex.example"),
                                                       QStringLiteral("demo")));
        ORDO_CHECK_FATAL(m_ordo->accounts().grant(QStringLiteral("gina"), QStringLiteral("globex"), Role::Support));
        ORDO_CHECK_FATAL(m_ordo->accounts().createUser(QStringLiteral("gus"), QStringLiteral("Gus Admin"), QStringLiteral("gus@globex.example"),
                                                       QStringLiteral("demo")));
        ORDO_CHECK_FATAL(m_ordo->accounts().grant(QStringLiteral("gus"), QStringLiteral("globex"), Role::Admin));
        for (const char *tenant : {"acme", "globex"})
            seed(QString::fromLatin1(tenant));
        seedShop();
    }

    void staffWorkStaysInItsTenant_data()
    {
        addColumns();
        // Reads and acts of support: the own tenant's, nobody else's.
        const QList<const char *> staffReads = {"workflows.list", "workflows.show", "workflows.log", "workflows.steps", "mail.outbox",
                                                 "cmdb.list", "tickets.list", "tickets.comments", "guests.keys", "audit.trail"};
        const auto expectFor = [](const char *operation, bool own) {
            const bool isList = QByteArray(operation).endsWith(".list") || QByteArray(operation).endsWith(".outbox")
                                || QByteArray(operation).endsWith(".keys") || QByteArray(operation).endsWith(".trail");
            if (isList)
                return own ? Expect::Sees : Expect::Blind;
            return own ? Expect::Ok : Expect::Missing;
        };
        for (const char *op : staffReads) {
            row("carol", "", op, "acme", expectFor(op, true));
            row("carol", "", op, "globex", expectFor(op, false));
            row("gina", "", op, "globex", expectFor(op, true));
            row("gina", "", op, "acme", expectFor(op, false));
            row("admin", "", op, "acme", expectFor(op, true));
            row("admin", "", op, "globex", expectFor(op, false));
            // The provider's support covers every tenant, or the one it names.
            row("pat", "", op, "acme", expectFor(op, true));
            row("pat", "", op, "globex", expectFor(op, true));
            row("pat", "globex", op, "globex", expectFor(op, true));
            row("pat", "globex", op, "acme", expectFor(op, false));
            // Customers and approvers do no staff work, in any tenant.
            for (const char *user : {"alice", "bob", "dave", "erin"}) {
                row(user, "", op, "acme", Expect::Refused);
                row(user, "", op, "globex", Expect::Refused);
            }
        }
        for (const char *op : {"workflows.pause", "workflows.retry", "workflows.skip", "guests.forget"}) {
            row("carol", "", op, "acme", Expect::Ok);
            row("carol", "", op, "globex", Expect::Missing);
            row("gina", "", op, "acme", Expect::Missing);
            row("pat", "", op, "globex", Expect::Ok);
            row("pat", "acme", op, "globex", Expect::Missing);
            row("alice", "", op, "acme", Expect::Refused);
            row("bob", "", op, "acme", Expect::Refused);
            row("erin", "", op, "globex", Expect::Refused);
        }
        // An order's history: whoever may see the order, nobody else.
        row("alice", "", "audit.order", "acme", Expect::Ok);
        row("bob", "", "audit.order", "acme", Expect::Ok);
        row("carol", "", "audit.order", "acme", Expect::Ok);
        row("dave", "", "audit.order", "acme", Expect::Missing);
        row("erin", "", "audit.order", "acme", Expect::Missing);
        row("gina", "", "audit.order", "acme", Expect::Missing);
        // Usage: customers their own orders', approvers and staff their tenant's, the provider's staff every tenant's.
        for (const auto &[user, own] : {std::pair{"alice", "acme"}, {"bob", "acme"}, {"carol", "acme"}, {"admin", "acme"}, {"dave", "globex"},
                                        {"erin", "globex"}, {"gina", "globex"}}) {
            row(user, "", "usage.list", own, Expect::Sees);
            row(user, "", "usage.list", qstrcmp(own, "acme") == 0 ? "globex" : "acme", Expect::Blind);
        }
        row("ann", "", "usage.list", "acme", Expect::Blind);
        row("pat", "", "usage.list", "acme", Expect::Sees);
        row("pat", "", "usage.list", "globex", Expect::Sees);
        row("pat", "globex", "usage.list", "globex", Expect::Sees);
        row("pat", "globex", "usage.list", "acme", Expect::Blind);
        // Admin work: admins only; starting a workflow puts it in the admin's tenant.
        row("admin", "", "workflows.start", "acme", Expect::Ok);
        row("gus", "", "workflows.start", "globex", Expect::Ok);
        for (const char *user : {"alice", "bob", "carol", "pat"})
            row(user, "", "workflows.start", "acme", Expect::Refused);
        for (const char *op : {"connectors.list", "connectors.show"}) {
            row("carol", "", op, "", Expect::Ok);
            row("pat", "", op, "", Expect::Ok);
            row("admin", "", op, "", Expect::Ok);
            row("alice", "", op, "", Expect::Refused);
            row("erin", "", op, "", Expect::Refused);
        }
        row("admin", "", "connectors.set", "", Expect::Ok);
        row("gus", "", "connectors.set", "", Expect::Ok);
        for (const char *user : {"alice", "bob", "carol", "gina", "pat"})
            row(user, "", "connectors.set", "", Expect::Refused);
        // Secrets need the keychain past the check: tst_secrets stores them as admin.
        for (const char *user : {"alice", "bob", "carol", "pat"}) {
            row(user, "", "secrets.set", "", Expect::Refused);
            row(user, "", "secrets.delete", "", Expect::Refused);
        }
        row("admin", "", "audit.verify", "", Expect::Ok);
        row("gus", "", "audit.verify", "", Expect::Ok);
        for (const char *user : {"alice", "bob", "carol", "pat"})
            row(user, "", "audit.verify", "", Expect::Refused);
    }

    void staffWorkStaysInItsTenant()
    {
        QFETCH(QString, user);
        QFETCH(QString, tenant);
        QFETCH(QString, operation);
        QFETCH(QString, target);
        QFETCH(Expect, expected);
        const Session session = sessionFor(*m_ordo, user, tenant);
        verify(perform(session, operation, target), expected);
    }

    // The shop: catalog, cart, orders and approvals. Targets are "acme" and
    // "globex", each the thing of its tenant's customer (alice, dave), and
    // "acme-other", that of acme's other customer (ann).
    void shopWorkStaysInItsTenant_data()
    {
        addColumns();
        const QList<const char *> acmeStaff = {"bob", "carol", "admin"};
        const QList<const char *> globexStaff = {"erin", "gina", "gus"};
        // The catalog shows each tenant the items it is entitled to, whoever asks.
        for (const char *op : {"catalog.items", "catalog.item"}) {
            const bool isList = QByteArray(op).endsWith("items");
            const Expect own = isList ? Expect::Sees : Expect::Ok;
            const Expect other = isList ? Expect::Blind : Expect::Missing;
            for (const char *user : {"alice", "bob", "carol", "admin"}) {
                row(user, "", op, "acme", own);
                row(user, "", op, "globex", other);
            }
            for (const char *user : {"dave", "erin", "gina", "gus"}) {
                row(user, "", op, "globex", own);
                row(user, "", op, "acme", other);
            }
            // Acting for no tenant, the provider's staff see only what every tenant may order.
            row("pat", "", op, "acme", other);
            row("pat", "", op, "globex", other);
            row("pat", "acme", op, "acme", own);
            row("pat", "acme", op, "globex", other);
        }
        // A cart is its customer's alone.
        row("alice", "", "cart.add", "acme", Expect::Ok);
        row("alice", "", "cart.add", "globex", Expect::Missing);
        row("dave", "", "cart.add", "globex", Expect::Ok);
        row("dave", "", "cart.add", "acme", Expect::Missing);
        row("alice", "", "cart.lines", "acme", Expect::Sees);
        row("alice", "", "cart.lines", "acme-other", Expect::Blind);
        row("alice", "", "cart.lines", "globex", Expect::Blind);
        row("ann", "", "cart.lines", "acme-other", Expect::Sees);
        row("ann", "", "cart.lines", "acme", Expect::Blind);
        row("dave", "", "cart.lines", "globex", Expect::Sees);
        row("dave", "", "cart.lines", "acme", Expect::Blind);
        for (const char *op : {"cart.quantity", "cart.remove"}) {
            row("alice", "", op, "acme", Expect::Ok);
            row("alice", "", op, "acme-other", Expect::Missing);
            row("alice", "", op, "globex", Expect::Missing);
            row("ann", "", op, "acme", Expect::Missing);
            row("dave", "", op, "acme", Expect::Missing);
        }
        for (const char *op : {"cart.add", "cart.lines", "cart.quantity", "cart.remove", "orders.checkout"}) {
            for (const char *user : acmeStaff)
                row(user, "", op, "acme", Expect::Refused);
            for (const char *user : globexStaff)
                row(user, "", op, "globex", Expect::Refused);
            row("pat", "", op, "acme", Expect::Refused);
            row("pat", "acme", op, "acme", Expect::Refused);
        }
        // Checking out makes an order of the customer's tenant.
        row("alice", "", "orders.checkout", "acme", Expect::Ok);
        row("dave", "", "orders.checkout", "globex", Expect::Ok);
        // Customers see their own orders; approvers, support and admins their
        // tenant's; the provider's staff those of the tenant they name.
        for (const char *op : {"orders.list", "orders.show", "approvals.decisions"}) {
            const bool isList = QByteArray(op).endsWith("list");
            const Expect own = isList ? Expect::Sees : Expect::Ok;
            const Expect other = isList ? Expect::Blind : Expect::Missing;
            row("alice", "", op, "acme", own);
            row("alice", "", op, "acme-other", other);
            row("alice", "", op, "globex", other);
            row("ann", "", op, "acme-other", own);
            row("ann", "", op, "acme", other);
            row("dave", "", op, "globex", own);
            row("dave", "", op, "acme", other);
            for (const char *user : acmeStaff) {
                row(user, "", op, "acme", own);
                row(user, "", op, "acme-other", own);
                row(user, "", op, "globex", other);
            }
            for (const char *user : globexStaff) {
                row(user, "", op, "globex", own);
                row(user, "", op, "acme", other);
            }
            // Orders are kept per tenant: acting for no tenant shows none.
            row("pat", "", op, "acme", other);
            row("pat", "", op, "globex", other);
            row("pat", "acme", op, "acme", own);
            row("pat", "acme", op, "acme-other", own);
            row("pat", "acme", op, "globex", other);
            row("pat", "globex", op, "globex", own);
            row("pat", "globex", op, "acme", other);
        }
        // Approvers decide on their own tenant's orders; to anyone else's
        // approvers those do not exist; nobody else decides at all.
        row("bob", "", "approvals.pending", "acme", Expect::Sees);
        row("bob", "", "approvals.pending", "acme-other", Expect::Sees);
        row("bob", "", "approvals.pending", "globex", Expect::Blind);
        row("erin", "", "approvals.pending", "globex", Expect::Sees);
        row("erin", "", "approvals.pending", "acme", Expect::Blind);
        for (const char *user : {"alice", "ann", "carol", "admin"})
            row(user, "", "approvals.pending", "acme", Expect::Refused);
        for (const char *user : {"dave", "gina", "gus"})
            row(user, "", "approvals.pending", "globex", Expect::Refused);
        row("pat", "", "approvals.pending", "acme", Expect::Refused);
        row("pat", "acme", "approvals.pending", "acme", Expect::Refused);
        row("bob", "", "approvals.decide", "acme", Expect::Ok);
        row("erin", "", "approvals.decide", "globex", Expect::Ok);
        row("bob", "", "approvals.decide", "globex", Expect::Missing);
        for (const char *user : {"erin", "dave", "gina", "gus"})
            row(user, "", "approvals.decide", "acme", Expect::Missing);
        for (const char *user : {"alice", "ann", "carol", "admin"})
            row(user, "", "approvals.decide", "acme", Expect::Refused);
        row("dave", "", "approvals.decide", "globex", Expect::Refused);
        row("gus", "", "approvals.decide", "globex", Expect::Refused);
        row("pat", "", "approvals.decide", "acme", Expect::Missing);
        // An order is cancelled by the customer who placed it or by an admin of
        // its tenant; approvers and support see it but do not cancel it.
        row("alice", "", "orders.cancel", "acme", Expect::Ok);
        row("ann", "", "orders.cancel", "acme-other", Expect::Ok);
        row("dave", "", "orders.cancel", "globex", Expect::Ok);
        row("admin", "", "orders.cancel", "acme", Expect::Ok);
        row("admin", "", "orders.cancel", "acme-other", Expect::Ok);
        row("gus", "", "orders.cancel", "globex", Expect::Ok);
        row("alice", "", "orders.cancel", "acme-other", Expect::Missing);
        row("ann", "", "orders.cancel", "acme", Expect::Missing);
        for (const char *user : {"alice", "admin", "bob", "carol"})
            row(user, "", "orders.cancel", "globex", Expect::Missing);
        for (const char *user : {"dave", "erin", "gina", "gus"})
            row(user, "", "orders.cancel", "acme", Expect::Missing);
        for (const char *user : {"bob", "carol"})
            row(user, "", "orders.cancel", "acme", Expect::Refused);
        for (const char *user : {"erin", "gina"})
            row(user, "", "orders.cancel", "globex", Expect::Refused);
        row("pat", "", "orders.cancel", "acme", Expect::Missing);
        row("pat", "acme", "orders.cancel", "acme", Expect::Refused);
        row("pat", "acme", "orders.cancel", "globex", Expect::Missing);
        row("pat", "acme", "approvals.decide", "acme", Expect::Refused);
    }

    void shopWorkStaysInItsTenant()
    {
        QFETCH(QString, user);
        QFETCH(QString, tenant);
        QFETCH(QString, operation);
        QFETCH(QString, target);
        QFETCH(Expect, expected);
        const Session session = sessionFor(*m_ordo, user, tenant);
        verify(performInShop(session, operation, target), expected);
    }

    // Whether a change of a tenant concerns a session follows the staff scope.
    void changesConcernTheirTenantsPeople_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QString>("changed");
        QTest::addColumn<bool>("concerned");
        const auto add = [](const char *user, const char *tenant, const char *changed, bool concerned) {
            QTest::addRow("%s%s%s %s", user, *tenant ? "@" : "", tenant, changed)
                << QString::fromLatin1(user) << QString::fromLatin1(tenant) << QString::fromLatin1(changed) << concerned;
        };
        add("alice", "", "acme", true);
        add("alice", "", "globex", false);
        add("carol", "", "acme", true);
        add("carol", "", "globex", false);
        add("gus", "", "globex", true);
        add("gus", "", "acme", false);
        add("pat", "", "acme", true);
        add("pat", "", "globex", true);
        add("pat", "globex", "globex", true);
        add("pat", "globex", "acme", false);
    }

    void changesConcernTheirTenantsPeople()
    {
        QFETCH(QString, user);
        QFETCH(QString, tenant);
        QFETCH(QString, changed);
        QFETCH(bool, concerned);
        QCOMPARE(concerns(sessionFor(*m_ordo, user, tenant), m_tenantIds.value(changed)), concerned);
    }

    // Workflow support, connector changes, secrets and forgotten keys land in
    // the trail of the tenant of who did them, where its staff read them.
    void sensitiveActionsAreInTheirTenantsTrail()
    {
        const Session admin = sessionFor(*m_ordo, QStringLiteral("admin"));
        const Session carol = sessionFor(*m_ordo, QStringLiteral("carol"));
        const Session gina = sessionFor(*m_ordo, QStringLiteral("gina"));
        const Session pat = sessionFor(*m_ordo, QStringLiteral("pat"));
        const qint64 acme = m_workflows.value(QStringLiteral("acme"));
        ORDO_VERIFY_OK(m_ordo->workflows().pause(carol, acme, QStringLiteral("maintenance")));
        ORDO_VERIFY_OK(m_ordo->workflows().resume(carol, acme, QStringLiteral("done")));
        ORDO_VERIFY_OK(m_ordo->connectors().set(admin, QStringLiteral("mail"), mailSettings()));
        const auto actions = [&](const Session &s) {
            QStringList found;
            for (const AuditEntry &e : *m_ordo->auditTrail().entries(s))
                found.append(e.entity + QLatin1Char('/') + e.entityId + QLatin1Char(' ') + e.action + QStringLiteral(" by ") + e.actor);
            return found;
        };
        const QStringList acmeTrail = actions(carol);
        for (const QString &expected : {QStringLiteral("workflow/%1 start by admin").arg(acme), QStringLiteral("workflow/%1 pause by carol").arg(acme),
                                        QStringLiteral("workflow/%1 continue by carol").arg(acme), QStringLiteral("connector/mail configure by admin"),
                                        QStringLiteral("guest/acme-vm forget-host-key by carol")})
            QVERIFY2(acmeTrail.contains(expected), qPrintable(expected + QStringLiteral(" not in ") + acmeTrail.join(QStringLiteral("; "))));
        const QStringList globexTrail = actions(gina);
        QVERIFY(!globexTrail.contains(QStringLiteral("workflow/%1 pause by carol").arg(acme)));
        QVERIFY(!globexTrail.contains(QStringLiteral("connector/mail configure by admin")));
        QVERIFY(globexTrail.contains(QStringLiteral("connector/mail configure by gus")));
        QVERIFY(actions(pat).contains(QStringLiteral("workflow/%1 pause by carol").arg(acme)));
    }

    // Tenant 0 is the provider's own, however it is given: a workflow started
    // for it is listed for tenant 0 and for no real tenant.
    void providersOwnWorkflowsAreTenantZero()
    {
        engine::ActionRegistry actions;
        const Clock clock;
        engine::Runtime runtime(OrdoInternals::database(*m_ordo), m_ordo->audit(), actions, clock);
        const QByteArray definition = R"({"name": "provider-own", "version": 1, "steps": [{"id": "wait", "action": "human.task", "with": {}}]})";
        auto unnamed = runtime.start(definition, {}, QStringLiteral("admin"));
        ORDO_VERIFY_OK(unnamed);
        auto zero = runtime.start(definition, {}, QStringLiteral("admin"), std::nullopt, 0);
        ORDO_VERIFY_OK(zero);
        const auto listed = [&](std::optional<qint64> tenant) {
            QList<qint64> ids;
            for (const engine::WorkflowSummary &w : *runtime.workflows(std::nullopt, tenant))
                ids.append(w.id);
            return ids;
        };
        QCOMPARE(listed(0), (QList<qint64>{*unnamed, *zero}));
        for (const QString &tenant : {QStringLiteral("acme"), QStringLiteral("globex")}) {
            const QList<qint64> ids = listed(m_tenantIds.value(tenant));
            QVERIFY(ids.contains(m_workflows.value(tenant)));
            QVERIFY(!ids.contains(*unnamed));
            QVERIFY(!ids.contains(*zero));
        }
    }

private:
    // Two of everything, one per tenant: a running workflow, an order with
    // its approval mail, a usage record, a CMDB item and a ticket filed by the workflow, a
    // guest's host key first met by it.
    void seed(const QString &tenant)
    {
        auto found = OrdoInternals::store(*m_ordo).tenantBySlug(tenant);
        ORDO_CHECK_FATAL(found);
        const Id tenantId = found->id;
        m_tenantIds.insert(tenant, tenantId);
        engine::ActionRegistry actions;
        const Clock clock;
        engine::Runtime runtime(OrdoInternals::database(*m_ordo), m_ordo->audit(), actions, clock);
        const QString definition = QStringLiteral(R"({"name": "perm-%1", "version": 1, "steps": [
            {"id": "wait", "action": "human.task", "with": {}}]})").arg(tenant);
        auto workflow = runtime.start(definition.toUtf8(), {}, QStringLiteral("admin"), std::nullopt, tenantId);
        ORDO_CHECK_FATAL(workflow);
        m_workflows.insert(tenant, *workflow);

        const Session customer = sessionFor(*m_ordo, tenant == QLatin1String("acme") ? QStringLiteral("alice") : QStringLiteral("dave"));
        ORDO_CHECK_FATAL(m_ordo->cart().add(customer, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}}));
        auto order = m_ordo->orders().checkout(customer);
        ORDO_CHECK_FATAL(order);
        m_orders.insert(tenant, order->id);

        engine::ActionRegistry desk;
        connectors::registerEmbeddedServiceDesk(desk, m_env.databasePath());
        connectors::registerMeteringActions(desk, m_env.databasePath());
        const QList<std::pair<QString, QJsonObject>> records = {
            {QStringLiteral("billing.meterStart"), QJsonObject{{QStringLiteral("order"), order->id}, {QStringLiteral("item"), QStringLiteral("linux-vm")},
                                                               {QStringLiteral("resource"), QString(tenant + QStringLiteral("-vm"))}}},
            {QStringLiteral("cmdb.register"), QJsonObject{{QStringLiteral("name"), QString(tenant + QStringLiteral("-vm"))}, {QStringLiteral("ip"), QStringLiteral("10.0.0.1")}}},
            {QStringLiteral("ticket.open"), QJsonObject{{QStringLiteral("title"), QString(tenant + QStringLiteral(" down"))}}}};
        for (const auto &[action, inputs] : records) {
            engine::ActionContext ctx{inputs, tenant + QLatin1Char('/') + action, *workflow, QStringLiteral("step"), 1,
                                      std::make_shared<std::atomic_bool>(false), [](const QString &) {}};
            const engine::ActionOutcome outcome = desk.find(action)->run(ctx);
            if (!std::holds_alternative<QJsonObject>(outcome))
                qFatal("%s failed: %s", qPrintable(action), qPrintable(std::get<engine::ActionError>(outcome).message));
        }
        recordHostKey(tenant);
    }

    // For the shop's rows: acme's other customer with an order of her own, an
    // item each tenant alone is entitled to, and a line of it in each
    // customer's cart.
    void seedShop()
    {
        ORDO_CHECK_FATAL(m_ordo->accounts().createUser(QStringLiteral("ann"), QStringLiteral("Ann Customer"), QStringLiteral("ann@acme.example"),
                                                       QStringLiteral("demo")));
        ORDO_CHECK_FATAL(m_ordo->accounts().grant(QStringLiteral("ann"), QStringLiteral("acme"), Role::Customer));
        m_customers = {{QStringLiteral("acme"), QStringLiteral("alice")}, {QStringLiteral("acme-other"), QStringLiteral("ann")},
                       {QStringLiteral("globex"), QStringLiteral("dave")}};
        m_orders.insert(QStringLiteral("acme-other"), freshOrder(QStringLiteral("acme-other")));
        ORDO_CHECK_FATAL(m_ordo->catalog().import(R"({"items": [
            {"id": "acme-only", "name": "ACME only", "tenants": ["acme"], "parameters": []},
            {"id": "globex-only", "name": "Globex only", "tenants": ["globex"], "parameters": []}]})",
                                                  QStringLiteral("permissions.json")));
        for (const QString &target : m_customers.keys())
            refillCart(target);
    }

    static QString tenantOf(const QString &target) { return target.section(QLatin1Char('-'), 0, 0); }

    // A new order of the target's customer, waiting for approval; the cart stays as it was.
    Id freshOrder(const QString &target)
    {
        const Session customer = sessionFor(*m_ordo, m_customers.value(target));
        ORDO_CHECK_FATAL(m_ordo->cart().add(customer, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}}));
        auto order = m_ordo->orders().checkout(customer);
        ORDO_CHECK_FATAL(order);
        if (m_cartLines.contains(target))
            refillCart(target);
        return order->id;
    }

    void refillCart(const QString &target)
    {
        const Session customer = sessionFor(*m_ordo, m_customers.value(target));
        auto line = m_ordo->cart().add(customer, tenantOf(target) + QStringLiteral("-only"), {});
        ORDO_CHECK_FATAL(line);
        m_cartLines.insert(target, line->id);
    }

    // Rejects an order a row left waiting, so that quotas never run out.
    void settle(Id order)
    {
        auto found = OrdoInternals::store(*m_ordo).order(order);
        ORDO_CHECK_FATAL(found);
        if ((*found)->state != OrderState::PendingApproval)
            return;
        const QString approver = (*found)->tenantId == m_tenantIds.value(QStringLiteral("acme")) ? QStringLiteral("bob") : QStringLiteral("erin");
        ORDO_CHECK_FATAL(m_ordo->approvals().decide(sessionFor(*m_ordo, approver), order, Decision::Reject, QStringLiteral("test")));
    }

    static QJsonObject mailSettings()
    {
        return {{QStringLiteral("host"), QStringLiteral("localhost")}, {QStringLiteral("port"), 2525}, {QStringLiteral("from"), QStringLiteral("ordo@acme.example")}};
    }

    // A guest's key as guest.exec records it at first contact (that takes a real sshd: tst_guest).
    void recordHostKey(const QString &tenant)
    {
        ORDO_CHECK_FATAL(OrdoInternals::database(*m_ordo).exec(QStringLiteral("INSERT INTO guest_host_keys(identity, key_type, fingerprint, first_seen_at, address, tenant_id)"
                                                                " VALUES (?, 'ssh-ed25519', 'SHA256:x', 1767225600000, '10.0.0.1:22', ?)"),
                                                 {QVariant(QString(tenant + QStringLiteral("-vm"))), QVariant(m_tenantIds.value(tenant))}));
    }

    Outcome perform(const Session &s, const QString &operation, const QString &target)
    {
        const qint64 workflow = m_workflows.value(target);
        const Id tenantId = m_tenantIds.value(target);
        const QString reason = QStringLiteral("test");
        if (operation == QLatin1String("workflows.list")) {
            auto list = m_ordo->workflows().list(s);
            return outcomeOf(list, list && std::any_of(list->begin(), list->end(), [&](const engine::WorkflowSummary &w) { return w.id == workflow; }));
        }
        if (operation == QLatin1String("workflows.show"))
            return outcomeOf(m_ordo->workflows().workflow(s, workflow));
        if (operation == QLatin1String("workflows.log"))
            return outcomeOf(m_ordo->workflows().log(s, workflow));
        if (operation == QLatin1String("workflows.steps"))
            return outcomeOf(m_ordo->workflows().steps(s, workflow));
        if (operation == QLatin1String("workflows.pause")) {
            auto paused = m_ordo->workflows().pause(s, workflow, reason);
            if (paused)
                ORDO_CHECK_FATAL(m_ordo->workflows().resume(s, workflow, reason));
            return outcomeOf(paused);
        }
        // The step waits on a person: neither is possible, but only one who may see it learns that.
        if (operation == QLatin1String("workflows.retry")) {
            auto retried = m_ordo->workflows().retryStep(s, workflow, QStringLiteral("wait"), {}, reason);
            return retried || retried.error().code != ErrorCode::Conflict ? outcomeOf(retried) : Outcome{};
        }
        if (operation == QLatin1String("workflows.skip")) {
            auto skipped = m_ordo->workflows().skipStep(s, workflow, QStringLiteral("nothere"), {}, reason);
            // Past the tenant check, the unknown step is what is missing: tell the two apart.
            if (!skipped && skipped.error().code == ErrorCode::NotFound && skipped.error().message.contains(QLatin1String("nothere")))
                return Outcome{};
            return outcomeOf(skipped);
        }
        if (operation == QLatin1String("workflows.start")) {
            auto started = m_ordo->workflows().start(s, R"({"name": "by-hand", "version": 1, "steps": [{"id": "a", "action": "test.noop"}]})", {});
            if (started && m_ordo->workflows().workflow(s, *started)->tenantId != tenantId)
                return Outcome{ErrorCode::Internal, false};
            return outcomeOf(started);
        }
        if (operation == QLatin1String("mail.outbox")) {
            auto mails = m_ordo->mail().outbox(s);
            const QString correlation = QStringLiteral("order/%1/").arg(m_orders.value(target));
            return outcomeOf(mails, mails && std::any_of(mails->begin(), mails->end(), [&](const OutboxEntry &e) { return e.correlation.startsWith(correlation); }));
        }
        if (operation == QLatin1String("cmdb.list")) {
            auto items = m_ordo->serviceDesk().cmdbItems(s);
            return outcomeOf(items, items && std::any_of(items->begin(), items->end(), [&](const connectors::CmdbItem &i) { return i.name == target + QStringLiteral("-vm"); }));
        }
        if (operation == QLatin1String("tickets.list")) {
            auto tickets = m_ordo->serviceDesk().tickets(s);
            return outcomeOf(tickets, tickets && std::any_of(tickets->begin(), tickets->end(), [&](const connectors::Ticket &t) { return t.title == target + QStringLiteral(" down"); }));
        }
        if (operation == QLatin1String("usage.list")) {
            auto records = m_ordo->usage().records(s);
            return outcomeOf(records, records && std::any_of(records->begin(), records->end(), [&](const UsageRecord &r) { return r.resource == target + QStringLiteral("-vm"); }));
        }
        if (operation == QLatin1String("tickets.comments")) {
            auto all = connectors::embeddedTickets(OrdoInternals::database(*m_ordo), std::nullopt);
            const auto ticket = std::find_if(all->begin(), all->end(), [&](const connectors::Ticket &t) { return t.title == target + QStringLiteral(" down"); });
            if (ticket == all->end())
                return Outcome{ErrorCode::Internal, false};
            return outcomeOf(m_ordo->serviceDesk().ticketComments(s, ticket->id));
        }
        if (operation == QLatin1String("guests.keys")) {
            auto keys = m_ordo->guests().keys(s);
            return outcomeOf(keys, keys && std::any_of(keys->begin(), keys->end(), [&](const connectors::GuestHostKey &k) { return k.guest == target + QStringLiteral("-vm"); }));
        }
        if (operation == QLatin1String("guests.forget")) {
            const Outcome forgot = outcomeOf(m_ordo->guests().forget(s, target + QStringLiteral("-vm")));
            if (!forgot.error) // put it back for the next row
                recordHostKey(target);
            return forgot;
        }
        if (operation == QLatin1String("audit.trail")) {
            auto entries = m_ordo->auditTrail().entries(s);
            const QString started = QString::number(workflow);
            return outcomeOf(entries, entries && std::any_of(entries->begin(), entries->end(), [&](const AuditEntry &e) {
                                          return e.entity == QLatin1String("workflow") && e.entityId == started && e.action == QLatin1String("start");
                                      }));
        }
        if (operation == QLatin1String("audit.order"))
            return outcomeOf(m_ordo->auditTrail().entries(s, m_orders.value(target)));
        if (operation == QLatin1String("audit.verify"))
            return outcomeOf(m_ordo->auditTrail().verify(s));
        if (operation == QLatin1String("connectors.list"))
            return outcomeOf(m_ordo->connectors().list(s));
        if (operation == QLatin1String("connectors.show"))
            return outcomeOf(m_ordo->connectors().show(s, QStringLiteral("hypervisor")));
        if (operation == QLatin1String("connectors.set"))
            return outcomeOf(m_ordo->connectors().set(s, QStringLiteral("mail"), mailSettings()));
        if (operation == QLatin1String("secrets.set"))
            return outcomeOf(m_ordo->secrets().set(s, QStringLiteral("permissions-test"), "value"));
        if (operation == QLatin1String("secrets.delete"))
            return outcomeOf(m_ordo->secrets().remove(s, QStringLiteral("permissions-test")));
        qFatal("no operation %s", qPrintable(operation));
    }

    Outcome performInShop(const Session &s, const QString &operation, const QString &target)
    {
        const QString item = tenantOf(target) + QStringLiteral("-only");
        const Id order = m_orders.value(target);
        const Id line = m_cartLines.value(target);
        if (operation == QLatin1String("catalog.items")) {
            auto items = m_ordo->catalog().items(s);
            return outcomeOf(items, items && std::any_of(items->begin(), items->end(), [&](const CatalogItem &i) { return i.id == item; }));
        }
        if (operation == QLatin1String("catalog.item"))
            return outcomeOf(m_ordo->catalog().item(s, item));
        if (operation == QLatin1String("cart.add")) {
            auto added = m_ordo->cart().add(s, item, {});
            if (added)
                ORDO_CHECK_FATAL(m_ordo->cart().remove(s, added->id));
            return outcomeOf(added);
        }
        if (operation == QLatin1String("cart.lines")) {
            auto lines = m_ordo->cart().lines(s);
            return outcomeOf(lines, lines && std::any_of(lines->begin(), lines->end(), [&](const CartLine &l) { return l.id == line; }));
        }
        if (operation == QLatin1String("cart.quantity"))
            return outcomeOf(m_ordo->cart().setQuantity(s, line, 2));
        if (operation == QLatin1String("cart.remove")) {
            auto removed = m_ordo->cart().remove(s, line);
            if (removed)
                refillCart(target);
            return outcomeOf(removed);
        }
        if (operation == QLatin1String("orders.checkout")) {
            if (s.can(Role::Customer))
                ORDO_CHECK_FATAL(m_ordo->cart().add(s, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}}));
            auto placed = m_ordo->orders().checkout(s);
            if (!placed)
                return outcomeOf(placed);
            refillCart(target);
            settle(placed->id);
            return placed->tenantId == m_tenantIds.value(tenantOf(target)) ? Outcome{} : Outcome{ErrorCode::Internal, false};
        }
        if (operation == QLatin1String("orders.list")) {
            auto orders = m_ordo->orders().orders(s);
            return outcomeOf(orders, orders && std::any_of(orders->begin(), orders->end(), [&](const Order &o) { return o.id == order; }));
        }
        if (operation == QLatin1String("orders.show"))
            return outcomeOf(m_ordo->orders().order(s, order));
        if (operation == QLatin1String("approvals.decisions"))
            return outcomeOf(m_ordo->approvals().decisions(s, order));
        if (operation == QLatin1String("approvals.pending")) {
            auto queue = m_ordo->approvals().pending(s);
            return outcomeOf(queue, queue && std::any_of(queue->begin(), queue->end(), [&](const Order &o) { return o.id == order; }));
        }
        if (operation == QLatin1String("approvals.decide")) {
            // A new order each time: a decision is final.
            const Id fresh = freshOrder(target);
            const Outcome decided = outcomeOf(m_ordo->approvals().decide(s, fresh, Decision::Reject, QStringLiteral("test")));
            if (!decided.error && (*OrdoInternals::store(*m_ordo).order(fresh))->state != OrderState::Rejected)
                return Outcome{ErrorCode::Internal, false};
            settle(fresh);
            return decided;
        }
        if (operation == QLatin1String("orders.cancel")) {
            // A new order each time: a cancellation is final.
            const Id fresh = freshOrder(target);
            const Outcome cancelled = outcomeOf(m_ordo->orders().cancel(s, fresh, QStringLiteral("test")));
            if (!cancelled.error && (*OrdoInternals::store(*m_ordo).order(fresh))->state != OrderState::Cancelled)
                return Outcome{ErrorCode::Internal, false};
            settle(fresh);
            return cancelled;
        }
        qFatal("no operation %s", qPrintable(operation));
    }

    TestEnvironment m_env;
    std::unique_ptr<Ordo> m_ordo;
    QHash<QString, Id> m_tenantIds;
    QHash<QString, qint64> m_workflows;
    QHash<QString, Id> m_orders;
    QHash<QString, QString> m_customers; // shop targets: whose they are
    QHash<QString, Id> m_cartLines;
};

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
