#include "domain/Policy.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::Policy)
};

Status checkKeys(const QJsonObject &o, const QStringList &keys, const QString &where)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!keys.contains(it.key()))
            return Error::badInput(Text::tr("policy%1: unknown field '%2'").arg(where, it.key()));
    }
    return ok();
}

Result<std::optional<qint64>> limit(const QJsonObject &o, const char *key, const QString &where)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return std::optional<qint64>();
    if (!v.isDouble() || v.toDouble() < 0)
        return Error::badInput(Text::tr("policy%1/%2: must be a number of at least 0").arg(where, QLatin1String(key)));
    return std::optional<qint64>(v.toInteger());
}

Result<Quota> quotaFrom(const QJsonObject &o, const QString &where)
{
    ORDO_CHECK(checkKeys(o, {QStringLiteral("vcpus"), QStringLiteral("memoryGiB"), QStringLiteral("vms")}, where));
    Quota q;
    ORDO_TRY(vcpus, limit(o, "vcpus", where));
    ORDO_TRY(memory, limit(o, "memoryGiB", where));
    ORDO_TRY(vms, limit(o, "vms", where));
    q.vcpus = vcpus;
    q.memoryGiB = memory;
    q.vms = vms;
    return q;
}

QJsonObject quotaJson(const Quota &q)
{
    QJsonObject o;
    if (q.vcpus)
        o.insert(QStringLiteral("vcpus"), *q.vcpus);
    if (q.memoryGiB)
        o.insert(QStringLiteral("memoryGiB"), *q.memoryGiB);
    if (q.vms)
        o.insert(QStringLiteral("vms"), *q.vms);
    return o;
}

} // namespace

Result<ApprovalPolicy> ApprovalPolicy::fromJson(const QJsonObject &json)
{
    ORDO_CHECK(checkKeys(json, {QStringLiteral("levels"), QStringLiteral("autoApprove"), QStringLiteral("quotas"),
                                QStringLiteral("expiry")},
                         QString()));
    ApprovalPolicy p;
    const QJsonArray levels = json.value(QLatin1String("levels")).toArray();
    for (qsizetype i = 0; i < levels.size(); ++i) {
        const QString at = QStringLiteral("/levels/%1").arg(i);
        const QJsonObject o = levels.at(i).toObject();
        ORDO_CHECK(checkKeys(o, {QStringLiteral("name"), QStringLiteral("group"), QStringLiteral("mode")}, at));
        ApprovalLevel level;
        level.group = o.value(QLatin1String("group")).toString();
        if (level.group.isEmpty())
            return Error::badInput(Text::tr("policy%1: a level needs an approver group").arg(at));
        level.name = o.value(QLatin1String("name")).toString(level.group);
        const QString mode = o.value(QLatin1String("mode")).toString(QStringLiteral("any"));
        if (mode == QLatin1String("any"))
            level.mode = ApprovalLevel::Mode::AnyOf;
        else if (mode == QLatin1String("all"))
            level.mode = ApprovalLevel::Mode::AllOf;
        else
            return Error::badInput(Text::tr("policy%1/mode: '%2' is neither 'any' nor 'all'").arg(at, mode));
        p.levels.append(level);
    }
    const QJsonObject autoApprove = json.value(QLatin1String("autoApprove")).toObject();
    ORDO_CHECK(checkKeys(autoApprove, {QStringLiteral("maxMonthlyCents"), QStringLiteral("maxVcpus"),
                                       QStringLiteral("maxMemoryGiB"), QStringLiteral("maxVms")},
                         QStringLiteral("/autoApprove")));
    ORDO_TRY(maxCents, limit(autoApprove, "maxMonthlyCents", QStringLiteral("/autoApprove")));
    ORDO_TRY(maxVcpus, limit(autoApprove, "maxVcpus", QStringLiteral("/autoApprove")));
    ORDO_TRY(maxMemory, limit(autoApprove, "maxMemoryGiB", QStringLiteral("/autoApprove")));
    ORDO_TRY(maxVms, limit(autoApprove, "maxVms", QStringLiteral("/autoApprove")));
    p.autoApproveMaxMonthlyCents = maxCents;
    p.autoApproveMaxVcpus = maxVcpus;
    p.autoApproveMaxMemoryGiB = maxMemory;
    p.autoApproveMaxVms = maxVms;

    const QJsonObject quotas = json.value(QLatin1String("quotas")).toObject();
    ORDO_CHECK(checkKeys(quotas, {QStringLiteral("tenant"), QStringLiteral("perUser")}, QStringLiteral("/quotas")));
    ORDO_TRY(tenantQuota, quotaFrom(quotas.value(QLatin1String("tenant")).toObject(), QStringLiteral("/quotas/tenant")));
    ORDO_TRY(userQuota, quotaFrom(quotas.value(QLatin1String("perUser")).toObject(), QStringLiteral("/quotas/perUser")));
    p.tenantQuota = tenantQuota;
    p.userQuota = userQuota;

    const QJsonObject expiry = json.value(QLatin1String("expiry")).toObject();
    ORDO_CHECK(checkKeys(expiry, {QStringLiteral("hours"), QStringLiteral("defaultDecision")}, QStringLiteral("/expiry")));
    p.expiryHours = expiry.value(QLatin1String("hours")).toInt(0);
    if (p.expiryHours < 0)
        return Error::badInput(Text::tr("policy/expiry/hours: must not be negative"));
    const QString decision = expiry.value(QLatin1String("defaultDecision")).toString(QStringLiteral("reject"));
    if (decision == QLatin1String("reject"))
        p.expiryDecision = Decision::Reject;
    else if (decision == QLatin1String("approve"))
        p.expiryDecision = Decision::Approve;
    else
        return Error::badInput(Text::tr("policy/expiry/defaultDecision: '%1' is neither 'approve' nor 'reject'").arg(decision));
    return p;
}

QJsonObject ApprovalPolicy::toJson() const
{
    QJsonArray levelList;
    for (const ApprovalLevel &l : levels)
        levelList.append(QJsonObject{{QStringLiteral("name"), l.name},
                                     {QStringLiteral("group"), l.group},
                                     {QStringLiteral("mode"), l.mode == ApprovalLevel::Mode::AnyOf ? QStringLiteral("any")
                                                                                                   : QStringLiteral("all")}});
    QJsonObject autoApprove;
    if (autoApproveMaxMonthlyCents)
        autoApprove.insert(QStringLiteral("maxMonthlyCents"), *autoApproveMaxMonthlyCents);
    if (autoApproveMaxVcpus)
        autoApprove.insert(QStringLiteral("maxVcpus"), *autoApproveMaxVcpus);
    if (autoApproveMaxMemoryGiB)
        autoApprove.insert(QStringLiteral("maxMemoryGiB"), *autoApproveMaxMemoryGiB);
    if (autoApproveMaxVms)
        autoApprove.insert(QStringLiteral("maxVms"), *autoApproveMaxVms);
    return {{QStringLiteral("levels"), levelList},
            {QStringLiteral("autoApprove"), autoApprove},
            {QStringLiteral("quotas"), QJsonObject{{QStringLiteral("tenant"), quotaJson(tenantQuota)},
                                                   {QStringLiteral("perUser"), quotaJson(userQuota)}}},
            {QStringLiteral("expiry"),
             QJsonObject{{QStringLiteral("hours"), expiryHours},
                         {QStringLiteral("defaultDecision"),
                          expiryDecision == Decision::Reject ? QStringLiteral("reject") : QStringLiteral("approve")}}}};
}

bool ApprovalPolicy::autoApproves(qint64 monthlyCents, const Footprint &footprint) const
{
    // No threshold at all means every order goes to the approvers; no levels means nobody needs to.
    if (levels.isEmpty())
        return true;
    const bool anyThreshold = autoApproveMaxMonthlyCents || autoApproveMaxVcpus || autoApproveMaxMemoryGiB
                              || autoApproveMaxVms;
    if (!anyThreshold)
        return false;
    return (!autoApproveMaxMonthlyCents || monthlyCents <= *autoApproveMaxMonthlyCents)
           && (!autoApproveMaxVcpus || footprint.vcpus <= *autoApproveMaxVcpus)
           && (!autoApproveMaxMemoryGiB || footprint.memoryGiB <= *autoApproveMaxMemoryGiB)
           && (!autoApproveMaxVms || footprint.vms <= *autoApproveMaxVms);
}

} // namespace ordo
