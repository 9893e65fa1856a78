#pragma once

#include "domain/Types.h"
#include "util/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVariant>

namespace ordo {

struct Parameter
{
    enum class Type { Integer, Boolean, String, Choice };

    QString name;
    QString label;
    Type type = Type::String;
    std::optional<qint64> minimum;
    std::optional<qint64> maximum;
    QStringList choices;
    QVariant defaultValue;
    bool required = false;
};

// The parameters a catalog item takes, and the one place that checks what a
// user filled in against them. Values may arrive as text (command line) or typed.
class ParameterSchema
{
public:
    static Result<ParameterSchema> fromJson(const QJsonArray &json, const QString &where);
    QJsonArray toJson() const;

    // Returns the complete, typed parameter set (defaults filled in) or an
    // error that names the offending parameter.
    Result<QVariantMap> validate(const QVariantMap &given) const;

    const QList<Parameter> &parameters() const { return m_parameters; }

private:
    QList<Parameter> m_parameters;
};

// Monthly price of one unit: flat + per vCPU + per GiB of memory, in cents.
struct PriceCard
{
    QString currency = QStringLiteral("EUR");
    qint64 flatMonthlyCents = 0;
    qint64 perVcpuMonthCents = 0;
    qint64 perGiBMonthCents = 0;

    static Result<PriceCard> fromJson(const QJsonObject &json, const QString &where);
    QJsonObject toJson() const;
    qint64 monthlyCents(const Footprint &unit) const;
};

struct BundleComponent
{
    QString itemId;
    QVariantMap parameters;
    int quantity = 1;
};

struct CatalogItem
{
    QString id;
    QString name;
    QString description;
    QString category;
    QString icon;
    ParameterSchema schema;
    PriceCard price;
    QString workflow;
    // How parameters map to the resources that quotas count: each of
    // "vcpus", "memoryGiB", "vms" is a parameter name or a constant.
    QJsonObject resources;
    QList<BundleComponent> components;
    QStringList entitledTenants; // tenant slugs; empty: every tenant

    bool isBundle() const { return !components.isEmpty(); }
    bool entitles(const QString &tenantSlug) const
    {
        return entitledTenants.isEmpty() || entitledTenants.contains(tenantSlug);
    }

    // Resources of one unit with the given (validated) parameters.
    Footprint unitFootprint(const QVariantMap &parameters) const;

    static Result<CatalogItem> fromJson(const QJsonObject &json, const QString &where);
    QJsonObject toJson() const;
};

QString formatMoney(qint64 cents, const QString &currency);

} // namespace ordo
