#include "OrderWorkflows.h"

#include "domain/Policy.h"
#include "domain/Store.h"
#include "engine/Runtime.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ordo {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::OrderWorkflows)
};

// The workflows that the default catalog's items name, shipped in resources/workflows.
const QStringList kShippedWorkflows = {QStringLiteral("linux-vm"), QStringLiteral("postgresql")};

Result<QByteArray> shippedWorkflow(const QString &name)
{
    QFile file(QStringLiteral(":/ordo/workflows/%1.json").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(Text::tr("the workflow %1 is missing from this build").arg(name));
    return file.readAll();
}

// The order workflow with its approval step replaced by one step per level of the policy.
QJsonObject withApprovalLevels(const QJsonObject &shipped, const ApprovalPolicy &policy)
{
    QJsonArray steps;
    QString last;
    for (qsizetype k = 0; k < policy.levels.size(); ++k) {
        const QString id = QStringLiteral("approval-%1").arg(k + 1);
        QJsonObject step{{QStringLiteral("id"), id},
                         {QStringLiteral("action"), QStringLiteral("order.approval")},
                         {QStringLiteral("with"), QJsonObject{{QStringLiteral("level"), k + 1},
                                                              {QStringLiteral("name"), policy.levels.at(k).name}}}};
        if (!last.isEmpty())
            step.insert(QStringLiteral("after"), QJsonArray{last});
        // The last level's step waits for the whole decision: a level the policy
        // gains while the order waits is decided before provisioning starts.
        if (k + 1 == policy.levels.size()) {
            QJsonObject with = step.value(QLatin1String("with")).toObject();
            with.insert(QStringLiteral("final"), true);
            step.insert(QStringLiteral("with"), with);
        }
        steps.append(step);
        last = id;
    }
    for (const QJsonValue &v : shipped.value(QLatin1String("steps")).toArray()) {
        QJsonObject step = v.toObject();
        if (step.value(QLatin1String("action")).toString() == QLatin1String("order.approval"))
            continue;
        // What came after the decision comes after the last level's.
        if (step.value(QLatin1String("after")).toArray() == QJsonArray{QStringLiteral("approval")}) {
            step.insert(QStringLiteral("after"), QJsonArray{last});
            step.insert(QStringLiteral("when"), step.value(QLatin1String("when")).toString().replace(
                                                    QStringLiteral("steps.approval."), QStringLiteral("steps.%1.").arg(last)));
        }
        steps.append(step);
    }
    QJsonObject generated = shipped;
    generated.insert(QStringLiteral("steps"), steps);
    return generated;
}

// The version of the order workflow with this definition: a stored one, or the next.
struct OrderWorkflowVersion
{
    int number = 1;
    bool stored = false;
};

Result<OrderWorkflowVersion> orderWorkflowVersion(Database &db, const QJsonObject &definition)
{
    // Orders under the same policy share a version; each new shape gets the next one.
    ORDO_TRY(q, db.exec(QStringLiteral("SELECT version, definition FROM workflow_definitions WHERE name = 'order'")));
    int newest = 0;
    while (q.next()) {
        QJsonObject stored = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
        const int version = q.value(0).toInt();
        stored.remove(QStringLiteral("version"));
        QJsonObject wanted = definition;
        wanted.remove(QStringLiteral("version"));
        if (stored == wanted)
            return OrderWorkflowVersion{version, true};
        newest = std::max(newest, version);
    }
    return OrderWorkflowVersion{newest + 1, false};
}

// The order workflow for an order of the tenant, as its policy stands: one
// approval step per level for an order that waits for approval.
Result<QJsonObject> orderDefinition(Store &store, Id tenantId, bool waitsForApproval)
{
    ORDO_TRY(shipped, shippedWorkflow(QStringLiteral("order")));
    QJsonObject definition = QJsonDocument::fromJson(shipped).object();
    if (!waitsForApproval)
        return definition;
    ORDO_TRY(policyJson, store.tenantPolicy(tenantId));
    ORDO_TRY(policy, ApprovalPolicy::fromJson(policyJson));
    if (!policy.levels.isEmpty())
        definition = withApprovalLevels(definition, policy);
    return definition;
}

Status installShipped(engine::Runtime &runtime)
{
    // What the order's workflow starts must be there before it can start anything.
    for (const QString &name : kShippedWorkflows) {
        ORDO_TRY(definition, shippedWorkflow(name));
        ORDO_CHECK(runtime.install(definition));
    }
    return ok();
}

Result<bool> mayDefineWorkflows(Database &db)
{
    if (db.dialect() != Database::Dialect::Postgres)
        return true;
    ORDO_TRY(q, db.exec(QStringLiteral("SELECT has_table_privilege('workflow_definitions', 'INSERT')")));
    return q.next() && q.value(0).toBool();
}

} // namespace

Status startOrderWorkflow(Database &db, engine::Runtime &runtime, const Order &order)
{
    ORDO_CHECK(installShipped(runtime));
    Store store(db);
    ORDO_TRY(definition, orderDefinition(store, order.tenantId, order.state == OrderState::PendingApproval));
    ORDO_TRY(version, orderWorkflowVersion(db, definition));
    if (!version.stored) {
        ORDO_TRY(mayDefine, mayDefineWorkflows(db));
        if (!mayDefine)
            return Error::notPermitted(Text::tr("orders cannot start under the approval policy of tenant %1 yet: an administrator "
                                                "prepares it with 'ordoctl init --shared' on the shared database")
                                           .arg(order.tenantId));
    }
    definition.insert(QStringLiteral("version"), version.number);
    ORDO_CHECK(runtime.start(QJsonDocument(definition).toJson(QJsonDocument::Compact), {}, order.requesterName, order.id));
    return ok();
}

Status installOrderWorkflows(Database &db, engine::Runtime &runtime)
{
    ORDO_CHECK(installShipped(runtime));
    Store store(db);
    ORDO_TRY(tenants, store.tenants());
    // An order within the auto-approval thresholds has no approval step; the others one per level.
    QList<std::pair<Id, bool>> shapes{{0, false}};
    for (const Tenant &tenant : std::as_const(tenants))
        shapes.append({tenant.id, true});
    for (const auto &[tenantId, waits] : std::as_const(shapes)) {
        ORDO_TRY(definition, orderDefinition(store, tenantId, waits));
        ORDO_TRY(version, orderWorkflowVersion(db, definition));
        if (version.stored)
            continue;
        definition.insert(QStringLiteral("version"), version.number);
        ORDO_CHECK(runtime.install(QJsonDocument(definition).toJson(QJsonDocument::Compact)));
    }
    return ok();
}

} // namespace ordo
