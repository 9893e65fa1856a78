#pragma once

#include "domain/Types.h"
#include "util/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVariant>

namespace ordo {

struct Parameter
{
    // Json: any JSON value (for editing arbitrary workflow inputs), given typed or as JSON text.
    enum class Type { Integer, Boolean, String, Choice, Json };

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
    // Each parameter's problem with what was given, by parameter name (none:
    // empty), checked one by one as validate() checks it: for forms that
    // show every field's message beside it.
    QMap<QString, QString> problems(const QVariantMap &given) const;

    // A schema with one optional parameter per value, typed after the value
    // (whole numbers integer, true/false boolean, text string, anything else
    // JSON) and defaulting to it: for editing inputs that have no schema.
    static ParameterSchema describing(const QJsonObject &values);
    // A schema of parameters a service made (not read from a document).
    static ParameterSchema of(QList<Parameter> parameters);

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
