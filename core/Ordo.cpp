#include "Ordo.h"

#include "OrderWorkflows.h"

#include "connectors/Connectors.h"
#include "domain/OrderState.h"
#include "engine/Requests.h"
#include "store/SharedAccess.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QUuid>
#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::Ordo)
};

QJsonObject demoPolicy(const QString &group)
{
    const QByteArray json = QStringLiteral(R"({
        "levels": [{"name": "Manager", "group": "%1", "mode": "any"}],
        "autoApprove": {"maxMonthlyCents": 2500, "maxVcpus": 1, "maxMemoryGiB": 2},
        "quotas": {"tenant": {"vcpus": 64, "memoryGiB": 256, "vms": 20},
                   "perUser": {"vcpus": 32, "memoryGiB": 128, "vms": 10}},
        "expiry": {"hours": 72, "defaultDecision": "reject"}
    })").arg(group).toUtf8();
    return QJsonDocument::fromJson(json).object();
}

// What a person signed in with, kept only as a salted hash.
QByteArray signInProof(const QByteArray &salt, const QString &password)
{
    return QCryptographicHash::hash(QByteArray(salt + password.toUtf8()), QCryptographicHash::Sha256);
}

} // namespace

Ordo::Ordo(std::unique_ptr<Database> db, const Clock *clock)
    : m_db(std::move(db))
    , m_clock(clock ? *clock : m_systemClock)
    , m_store(*m_db)
    , m_audit(m_store, m_clock)
    , m_accounts(m_store, m_audit, m_clock)
    , m_catalog(m_store)
    , m_outbox(*m_db, m_clock)
    , m_cart(m_store, m_catalog, m_clock)
    , m_orders(m_store, m_audit, m_catalog, m_outbox, m_clock)
    , m_approvals(m_store, m_audit, m_orders, m_clock)
    , m_workflows(*m_db, m_audit, m_clock, [this] { return actions(); })
    , m_connectors(*m_db, m_audit)
    , m_secrets(*m_db, m_audit)
    , m_guests(*m_db, m_audit)
    , m_serviceDesk(*m_db)
    , m_mail(*m_db, m_outbox, m_clock)
    , m_auditTrail(m_audit, m_orders)
    , m_usage(*m_db)
    , m_transfer(*m_db, m_audit)
{
    m_orders.setStarter([this](const Order &order) { return startOrderWorkflow(order); });
    m_orders.setStopper([this](const Order &order, const QString &actor, const QString &reason) {
        return rollBackProvisioning(order, actor, reason);
    });
}

Status Ordo::rollBackProvisioning(const Order &order, const QString &actor, const QString &reason)
{
    ORDO_TRY(registry, actions());
    engine::Runtime runtime(*m_db, m_audit, *registry, m_clock);
    return engine::rollBackOrderProvisioning(*m_db, runtime, order.id, actor, reason);
}

Status Ordo::startOrderWorkflow(const Order &order)
{
    ORDO_TRY(registry, actions());
    engine::Runtime runtime(*m_db, m_audit, *registry, m_clock);
    return ordo::startOrderWorkflow(*m_db, runtime, order);
}

Status Ordo::installOrderWorkflows()
{
    ORDO_TRY(registry, actions());
    engine::Runtime runtime(*m_db, m_audit, *registry, m_clock);
    return ordo::installOrderWorkflows(*m_db, runtime);
}

Result<std::shared_ptr<const engine::ActionRegistry>> Ordo::actions()
{
    if (!m_actions) {
        connectors::ConnectorSettings settings(*m_db, m_audit);
        ORDO_TRY(built, connectors::buildActionRegistry(settings, m_db->path(), connectors::ConnectorUse::Describe));
        m_actions = built;
    }
    return m_actions;
}

Result<std::unique_ptr<Ordo>> Ordo::open(const QString &path, const Clock *clock, Database::OpenMode mode)
{
    ORDO_TRY(db, Database::open(path, -1, mode));
    return std::unique_ptr<Ordo>(new Ordo(std::move(db), clock));
}

bool Ordo::signsInWithOwnRole(const QString &path)
{
    return shared::signsInWithOwnRole(path);
}

Result<std::unique_ptr<Ordo>> Ordo::openFor(const QString &path, const QString &user, const QString &password, const Clock *clock)
{
    if (!shared::signsInWithOwnRole(path))
        return open(path, clock, Database::OpenMode::MustExist);
    if (user.isEmpty() || password.isEmpty())
        return Database::signInRefused();
    ORDO_TRY(role, shared::signInRole(user));
    ORDO_TRY(db, Database::openPostgresAs(path, role, password));
    if (db->access() != Database::Access::Person)
        return Error::notPermitted(Text::tr("'%1' is not the login of a person of Ordo: give the owner's or an engine's role in the URL")
                                       .arg(user));
    std::unique_ptr<Ordo> opened(new Ordo(std::move(db), clock));
    opened->m_signInSalt = QUuid::createUuid().toRfc4122();
    opened->m_signInProof = signInProof(opened->m_signInSalt, password);
    return opened;
}

QString Ordo::databasePath() const
{
    return m_db->path();
}

int Ordo::schemaVersion() const
{
    return m_db->schemaVersion();
}

QString Ordo::defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/ordo/ordo.db");
}

Result<Session> Ordo::login(const QString &user, const QString &password, const QString &tenant)
{
    if (m_db->access() == Database::Access::Person) {
        // Opened with a password (openFor): later sign-ins on it give the same one.
        // A role named in the URL connected with its own (PGPASSWORD, ~/.pgpass).
        if (!m_signInProof.isEmpty() && signInProof(m_signInSalt, password) != m_signInProof)
            return Database::signInRefused();
        ORDO_TRY(found, m_accounts.connectedPerson());
        if (found.name != user)
            return Error::notPermitted(Text::tr("this connection is %1's own login: %2 signs in with theirs").arg(found.name, user));
        return m_accounts.openSession(found, tenant);
    }
    ORDO_TRY(found, m_accounts.authenticate(user, password));
    return m_accounts.openSession(found, tenant);
}

bool Ordo::isEmpty()
{
    auto tenants = m_store.tenants();
    return tenants && tenants->isEmpty();
}

Status Ordo::createDemo(const QString &password)
{
    if (!isEmpty())
        return Error::conflict(Text::tr("the database %1 already holds data: the demo goes into a new one").arg(m_db->path()));
    QFile catalogFile(QStringLiteral(":/ordo/catalog/default-catalog.json"));
    if (!catalogFile.open(QIODevice::ReadOnly))
        return Error::internal(Text::tr("the default catalog is missing from this build"));
    const QByteArray catalogJson = catalogFile.readAll();

    struct DemoUser
    {
        const char *name;
        const char *displayName;
        const char *tenant;
        QList<Role> roles;
    };
    const QList<DemoUser> users = {
        {"alice", "Alice Customer", "acme", {Role::Customer}},
        {"bob", "Bob Approver", "acme", {Role::Approver}},
        {"carol", "Carol Support", "acme", {Role::Support}},
        {"admin", "Ordo Administrator", "acme", {Role::Admin}},
        {"dave", "Dave Customer", "globex", {Role::Customer}},
        {"erin", "Erin Approver", "globex", {Role::Approver}},
    };
    // The cloud provider's own support: every tenant, where carol has only acme.
    const QString providerSupport = QStringLiteral("pat");
    return m_db->write([&]() -> Status {
        ORDO_CHECK(m_accounts.createTenant(QStringLiteral("acme"), QStringLiteral("ACME Corporation"),
                                           demoPolicy(QStringLiteral("acme-approvers"))));
        ORDO_CHECK(m_accounts.createTenant(QStringLiteral("globex"), QStringLiteral("Globex Inc."),
                                           demoPolicy(QStringLiteral("globex-approvers"))));
        for (const DemoUser &u : users) {
            const QString name = QString::fromLatin1(u.name);
            const QString tenant = QString::fromLatin1(u.tenant);
            ORDO_CHECK(m_accounts.createUser(name, QString::fromLatin1(u.displayName),
                                             name + QLatin1Char('@') + tenant + QStringLiteral(".example"), password));
            for (const Role role : u.roles) {
                ORDO_CHECK(m_accounts.grant(name, tenant, role));
                if (role == Role::Approver)
                    ORDO_CHECK(m_accounts.addToGroup(name, tenant, tenant + QStringLiteral("-approvers")));
            }
        }
        ORDO_CHECK(m_accounts.createUser(providerSupport, QStringLiteral("Pat Provider Support"), QStringLiteral("pat@cloud.example"), password));
        ORDO_CHECK(m_accounts.grantProviderWide(providerSupport, Role::Support));
        return m_catalog.import(catalogJson, QStringLiteral("default-catalog.json"));
    });
}

} // namespace ordo
