#include "domain/Catalog.h"

#include "util/Quote.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::Catalog)
};

const QStringList kParameterKeys = {QStringLiteral("name"),    QStringLiteral("label"),
                                    QStringLiteral("type"),    QStringLiteral("min"),
                                    QStringLiteral("max"),     QStringLiteral("choices"),
                                    QStringLiteral("default"), QStringLiteral("required")};

std::optional<Parameter::Type> typeFromName(const QString &name)
{
    if (name == QLatin1String("integer"))
        return Parameter::Type::Integer;
    if (name == QLatin1String("boolean"))
        return Parameter::Type::Boolean;
    if (name == QLatin1String("string"))
        return Parameter::Type::String;
    if (name == QLatin1String("choice"))
        return Parameter::Type::Choice;
    if (name == QLatin1String("json"))
        return Parameter::Type::Json;
    return std::nullopt;
}

QString typeName(Parameter::Type type)
{
    switch (type) {
    case Parameter::Type::Integer:
        return QStringLiteral("integer");
    case Parameter::Type::Boolean:
        return QStringLiteral("boolean");
    case Parameter::Type::String:
        return QStringLiteral("string");
    case Parameter::Type::Choice:
        return QStringLiteral("choice");
    case Parameter::Type::Json:
        return QStringLiteral("json");
    }
    return {};
}

// Converts a given value (typed, or text from the command line) to the
// parameter's type; nullopt when it cannot be read as that type.
std::optional<QVariant> coerce(const Parameter &p, const QVariant &value)
{
    switch (p.type) {
    case Parameter::Type::Integer: {
        if (value.typeId() == QMetaType::Bool)
            return std::nullopt;
        if (value.typeId() == QMetaType::Double) {
            const double d = value.toDouble();
            if (d != static_cast<double>(static_cast<qint64>(d)))
                return std::nullopt;
            return QVariant(static_cast<qint64>(d));
        }
        bool ok = false;
        const qint64 n = value.toString().trimmed().toLongLong(&ok);
        return ok ? std::optional<QVariant>(QVariant(n)) : std::nullopt;
    }
    case Parameter::Type::Boolean: {
        if (value.typeId() == QMetaType::Bool)
            return value;
        const QString text = value.toString().trimmed().toLower();
        if (text == QLatin1String("true") || text == QLatin1String("yes") || text == QLatin1String("1"))
            return QVariant(true);
        if (text == QLatin1String("false") || text == QLatin1String("no") || text == QLatin1String("0"))
            return QVariant(false);
        return std::nullopt;
    }
    case Parameter::Type::String:
    case Parameter::Type::Choice:
        if (value.typeId() == QMetaType::QVariantMap || value.typeId() == QMetaType::QVariantList)
            return std::nullopt;
        return QVariant(value.toString());
    case Parameter::Type::Json: {
        if (value.typeId() != QMetaType::QString)
            return value;
        // Text is read as one JSON value; wrapped, so that scalars parse too.
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson('[' + value.toString().toUtf8() + ']', &error);
        if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
            return std::nullopt;
        return doc.array().first().toVariant();
    }
    }
    return std::nullopt;
}

} // namespace

Result<ParameterSchema> ParameterSchema::fromJson(const QJsonArray &json, const QString &where)
{
    ParameterSchema schema;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const QString at = where + QStringLiteral("/parameters/") + QString::number(i);
        if (!json.at(i).isObject())
            return Error::badInput(Text::tr("%1: a parameter must be an object").arg(at));
        const QJsonObject o = json.at(i).toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!kParameterKeys.contains(it.key()))
                return Error::badInput(Text::tr("%1: unknown field '%2'").arg(at, it.key()));
        }
        Parameter p;
        p.name = o.value(QLatin1String("name")).toString();
        if (p.name.isEmpty())
            return Error::badInput(Text::tr("%1: a parameter needs a name").arg(at));
        for (const Parameter &other : std::as_const(schema.m_parameters)) {
            if (other.name == p.name)
                return Error::badInput(Text::tr("%1: parameter '%2' is declared twice").arg(at, p.name));
        }
        p.label = o.value(QLatin1String("label")).toString(p.name);
        const auto type = typeFromName(o.value(QLatin1String("type")).toString());
        if (!type)
            return Error::badInput(Text::tr("%1: parameter '%2' has an unknown type '%3'")
                                       .arg(at, p.name, o.value(QLatin1String("type")).toString()));
        p.type = *type;
        if (o.contains(QLatin1String("min")))
            p.minimum = o.value(QLatin1String("min")).toInteger();
        if (o.contains(QLatin1String("max")))
            p.maximum = o.value(QLatin1String("max")).toInteger();
        for (const QJsonValue &c : o.value(QLatin1String("choices")).toArray())
            p.choices.append(c.toString());
        if (p.type == Parameter::Type::Choice && p.choices.isEmpty())
            return Error::badInput(Text::tr("%1: choice parameter '%2' has no choices").arg(at, p.name));
        p.required = o.value(QLatin1String("required")).toBool(false);
        if (o.contains(QLatin1String("default"))) {
            const auto value = coerce(p, o.value(QLatin1String("default")).toVariant());
            if (!value)
                return Error::badInput(Text::tr("%1: default of '%2' is not a %3").arg(at, p.name, typeName(p.type)));
            p.defaultValue = *value;
        }
        schema.m_parameters.append(p);
        // The default itself must satisfy the ranges and choices.
        if (p.defaultValue.isValid()) {
            QVariantMap probe;
            probe.insert(p.name, p.defaultValue);
            ParameterSchema single;
            single.m_parameters.append(p);
            auto checked = single.validate(probe);
            if (!checked)
                return Error::badInput(at + QStringLiteral(": ") + checked.error().message);
        }
    }
    return schema;
}

QJsonArray ParameterSchema::toJson() const
{
    QJsonArray out;
    for (const Parameter &p : m_parameters) {
        QJsonObject o{{QStringLiteral("name"), p.name},
                      {QStringLiteral("label"), p.label},
                      {QStringLiteral("type"), typeName(p.type)}};
        if (p.minimum)
            o.insert(QStringLiteral("min"), *p.minimum);
        if (p.maximum)
            o.insert(QStringLiteral("max"), *p.maximum);
        if (!p.choices.isEmpty())
            o.insert(QStringLiteral("choices"), QJsonArray::fromStringList(p.choices));
        if (p.defaultValue.isValid())
            o.insert(QStringLiteral("default"), QJsonValue::fromVariant(p.defaultValue));
        if (p.required)
            o.insert(QStringLiteral("required"), true);
        out.append(o);
    }
    return out;
}

Result<QVariantMap> ParameterSchema::validate(const QVariantMap &given) const
{
    for (auto it = given.begin(); it != given.end(); ++it) {
        const bool known = std::any_of(m_parameters.begin(), m_parameters.end(),
                                       [&](const Parameter &p) { return p.name == it.key(); });
        if (!known) {
            QStringList names;
            for (const Parameter &p : m_parameters)
                names.append(p.name);
            return Error::badInput(Text::tr("parameter '%1' is unknown (known: %2)")
                                       .arg(quoted(it.key()), names.isEmpty() ? Text::tr("none") : names.join(QStringLiteral(", "))));
        }
    }
    QVariantMap out;
    for (const Parameter &p : m_parameters) {
        QVariant value;
        if (given.contains(p.name)) {
            const auto coerced = coerce(p, given.value(p.name));
            if (!coerced)
                return Error::badInput(Text::tr("parameter '%1': '%2' is not a valid %3")
                                           .arg(p.name, quoted(given.value(p.name).toString()), typeName(p.type)));
            value = *coerced;
        } else if (p.defaultValue.isValid()) {
            value = p.defaultValue;
        } else if (p.required) {
            return Error::badInput(Text::tr("parameter '%1' is required").arg(p.name));
        } else {
            continue;
        }
        if (p.type == Parameter::Type::Integer) {
            const qint64 n = value.toLongLong();
            if (p.minimum && n < *p.minimum)
                return Error::badInput(Text::tr("parameter '%1': %2 is below the minimum %3").arg(p.name).arg(n).arg(*p.minimum));
            if (p.maximum && n > *p.maximum)
                return Error::badInput(Text::tr("parameter '%1': %2 is above the maximum %3").arg(p.name).arg(n).arg(*p.maximum));
        }
        if (p.type == Parameter::Type::String && p.required && value.toString().trimmed().isEmpty())
            return Error::badInput(Text::tr("parameter '%1' must not be empty").arg(p.name));
        if (p.type == Parameter::Type::Choice && !p.choices.contains(value.toString()))
            return Error::badInput(Text::tr("parameter '%1': '%2' is not one of %3")
                                       .arg(p.name, quoted(value.toString()), p.choices.join(QStringLiteral(", "))));
        out.insert(p.name, value);
    }
    return out;
}

QMap<QString, QString> ParameterSchema::problems(const QVariantMap &given) const
{
    QMap<QString, QString> out;
    for (auto it = given.begin(); it != given.end(); ++it) {
        const bool known = std::any_of(m_parameters.begin(), m_parameters.end(),
                                       [&](const Parameter &p) { return p.name == it.key(); });
        if (!known)
            out.insert(it.key(), validate({{it.key(), it.value()}}).error().message);
    }
    for (const Parameter &p : m_parameters) {
        ParameterSchema single;
        single.m_parameters.append(p);
        QVariantMap one;
        if (given.contains(p.name))
            one.insert(p.name, given.value(p.name));
        if (auto checked = single.validate(one); !checked)
            out.insert(p.name, checked.error().message);
    }
    return out;
}

ParameterSchema ParameterSchema::describing(const QJsonObject &values)
{
    ParameterSchema schema;
    for (auto it = values.begin(); it != values.end(); ++it) {
        Parameter p;
        p.name = it.key();
        p.label = it.key();
        const QJsonValue v = it.value();
        if (v.isBool())
            p.type = Parameter::Type::Boolean;
        else if (v.isDouble() && v.toDouble() == static_cast<double>(v.toInteger()))
            p.type = Parameter::Type::Integer;
        else if (v.isString())
            p.type = Parameter::Type::String;
        else
            p.type = Parameter::Type::Json;
        p.defaultValue = p.type == Parameter::Type::Integer ? QVariant(v.toInteger()) : v.toVariant();
        schema.m_parameters.append(p);
    }
    return schema;
}

ParameterSchema ParameterSchema::of(QList<Parameter> parameters)
{
    ParameterSchema schema;
    schema.m_parameters = std::move(parameters);
    return schema;
}

Result<PriceCard> PriceCard::fromJson(const QJsonObject &json, const QString &where)
{
    static const QStringList keys = {QStringLiteral("currency"), QStringLiteral("flatMonthlyCents"),
                                     QStringLiteral("perVcpuMonthCents"), QStringLiteral("perGiBMonthCents")};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!keys.contains(it.key()))
            return Error::badInput(Text::tr("%1/price: unknown field '%2'").arg(where, it.key()));
    }
    PriceCard card;
    card.currency = json.value(QLatin1String("currency")).toString(QStringLiteral("EUR"));
    card.flatMonthlyCents = json.value(QLatin1String("flatMonthlyCents")).toInteger();
    card.perVcpuMonthCents = json.value(QLatin1String("perVcpuMonthCents")).toInteger();
    card.perGiBMonthCents = json.value(QLatin1String("perGiBMonthCents")).toInteger();
    if (card.flatMonthlyCents < 0 || card.perVcpuMonthCents < 0 || card.perGiBMonthCents < 0)
        return Error::badInput(Text::tr("%1/price: prices must not be negative").arg(where));
    return card;
}

QJsonObject PriceCard::toJson() const
{
    return {{QStringLiteral("currency"), currency},
            {QStringLiteral("flatMonthlyCents"), flatMonthlyCents},
            {QStringLiteral("perVcpuMonthCents"), perVcpuMonthCents},
            {QStringLiteral("perGiBMonthCents"), perGiBMonthCents}};
}

qint64 PriceCard::monthlyCents(const Footprint &unit) const
{
    return flatMonthlyCents + perVcpuMonthCents * unit.vcpus + perGiBMonthCents * unit.memoryGiB;
}

Footprint CatalogItem::unitFootprint(const QVariantMap &parameters) const
{
    const auto figure = [&](const char *key) -> qint64 {
        const QJsonValue v = resources.value(QLatin1String(key));
        if (v.isString())
            return parameters.value(v.toString()).toLongLong();
        return v.toInteger();
    };
    return {figure("vcpus"), figure("memoryGiB"), figure("vms")};
}

Result<CatalogItem> CatalogItem::fromJson(const QJsonObject &json, const QString &where)
{
    static const QStringList keys = {QStringLiteral("id"),          QStringLiteral("name"),
                                     QStringLiteral("description"), QStringLiteral("category"),
                                     QStringLiteral("icon"),        QStringLiteral("parameters"),
                                     QStringLiteral("price"),       QStringLiteral("workflow"),
                                     QStringLiteral("resources"),   QStringLiteral("components"),
                                     QStringLiteral("tenants")};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!keys.contains(it.key()))
            return Error::badInput(Text::tr("%1: unknown field '%2'").arg(where, it.key()));
    }
    CatalogItem item;
    item.id = json.value(QLatin1String("id")).toString();
    static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9][a-z0-9.-]{0,63}$"));
    if (!idPattern.match(item.id).hasMatch())
        return Error::badInput(Text::tr("%1: id '%2' must be 1-64 lower-case letters, digits, dots or dashes").arg(where, item.id));
    const QString at = where + QLatin1Char('/') + item.id;
    item.name = json.value(QLatin1String("name")).toString();
    if (item.name.isEmpty())
        return Error::badInput(Text::tr("%1: an item needs a name").arg(at));
    item.description = json.value(QLatin1String("description")).toString();
    item.category = json.value(QLatin1String("category")).toString();
    item.icon = json.value(QLatin1String("icon")).toString();
    item.workflow = json.value(QLatin1String("workflow")).toString();
    item.resources = json.value(QLatin1String("resources")).toObject();
    for (auto it = item.resources.begin(); it != item.resources.end(); ++it) {
        if (it.key() != QLatin1String("vcpus") && it.key() != QLatin1String("memoryGiB") && it.key() != QLatin1String("vms"))
            return Error::badInput(Text::tr("%1/resources: unknown resource '%2'").arg(at, it.key()));
    }
    ORDO_TRY(schema, ParameterSchema::fromJson(json.value(QLatin1String("parameters")).toArray(), at));
    item.schema = std::move(schema);
    for (auto it = item.resources.begin(); it != item.resources.end(); ++it) {
        if (!it.value().isString())
            continue;
        const auto &params = item.schema.parameters();
        const bool known = std::any_of(params.begin(), params.end(),
                                       [&](const Parameter &p) { return p.name == it.value().toString(); });
        if (!known)
            return Error::badInput(Text::tr("%1/resources/%2: no parameter named '%3'").arg(at, it.key(), it.value().toString()));
    }
    ORDO_TRY(price, PriceCard::fromJson(json.value(QLatin1String("price")).toObject(), at));
    item.price = price;
    for (const QJsonValue &c : json.value(QLatin1String("components")).toArray()) {
        const QJsonObject o = c.toObject();
        BundleComponent component{o.value(QLatin1String("item")).toString(),
                                  o.value(QLatin1String("parameters")).toObject().toVariantMap(),
                                  o.value(QLatin1String("quantity")).toInt(1)};
        if (component.itemId.isEmpty() || component.quantity < 1)
            return Error::badInput(Text::tr("%1/components: each component needs an item and a positive quantity").arg(at));
        item.components.append(component);
    }
    // Metering charges each of a bundle's VMs at its component's price, so a
    // price of the bundle's own would be charged to nothing.
    if (!item.components.isEmpty() && (price.flatMonthlyCents != 0 || price.perVcpuMonthCents != 0 || price.perGiBMonthCents != 0))
        return Error::badInput(Text::tr("%1/price: a bundle costs what its components cost, so its price gives only the currency").arg(at));
    for (const QJsonValue &t : json.value(QLatin1String("tenants")).toArray())
        item.entitledTenants.append(t.toString());
    return item;
}

QJsonObject CatalogItem::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("description"), description},
                  {QStringLiteral("category"), category},
                  {QStringLiteral("icon"), icon},
                  {QStringLiteral("parameters"), schema.toJson()},
                  {QStringLiteral("price"), price.toJson()},
                  {QStringLiteral("workflow"), workflow},
                  {QStringLiteral("resources"), resources}};
    if (!components.isEmpty()) {
        QJsonArray list;
        for (const BundleComponent &c : components)
            list.append(QJsonObject{{QStringLiteral("item"), c.itemId},
                                    {QStringLiteral("parameters"), QJsonObject::fromVariantMap(c.parameters)},
                                    {QStringLiteral("quantity"), c.quantity}});
        o.insert(QStringLiteral("components"), list);
    }
    if (!entitledTenants.isEmpty())
        o.insert(QStringLiteral("tenants"), QJsonArray::fromStringList(entitledTenants));
    return o;
}

QString formatMoney(qint64 cents, const QString &currency)
{
    const qint64 whole = cents / 100;
    const qint64 fraction = cents % 100;
    return QStringLiteral("%1.%2 %3").arg(whole).arg(fraction, 2, 10, QLatin1Char('0')).arg(currency);
}

} // namespace ordo
