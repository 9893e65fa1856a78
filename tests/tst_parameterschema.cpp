#include "domain/Catalog.h"

#include <QJsonDocument>
#include <QTest>

using namespace ordo;

namespace {

QJsonArray vmParameters()
{
    return QJsonDocument::fromJson(R"([
        {"name": "cpus", "type": "integer", "min": 1, "max": 16, "default": 2},
        {"name": "memoryGiB", "type": "integer", "min": 1, "max": 64, "default": 4},
        {"name": "template", "type": "choice", "choices": ["debian-12", "ubuntu-24.04"], "default": "debian-12"},
        {"name": "applyUpdates", "type": "boolean", "default": true},
        {"name": "hostname", "type": "string", "required": true}
    ])").array();
}

} // namespace

class TestParameterSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fillsDefaultsAndConvertsText()
    {
        auto schema = ParameterSchema::fromJson(vmParameters(), QStringLiteral("test"));
        QVERIFY(schema);
        auto values = schema->validate({{QStringLiteral("cpus"), QStringLiteral("4")},
                                        {QStringLiteral("applyUpdates"), QStringLiteral("no")},
                                        {QStringLiteral("hostname"), QStringLiteral("web1")}});
        QVERIFY2(values, values ? "" : qPrintable(values.error().message));
        QCOMPARE(values->value(QStringLiteral("cpus")).toLongLong(), 4);
        QCOMPARE(values->value(QStringLiteral("memoryGiB")).toLongLong(), 4);
        QCOMPARE(values->value(QStringLiteral("template")).toString(), QStringLiteral("debian-12"));
        QCOMPARE(values->value(QStringLiteral("applyUpdates")).toBool(), false);
        QCOMPARE(values->value(QStringLiteral("hostname")).toString(), QStringLiteral("web1"));
    }

    void rejectsBadValues_data()
    {
        QTest::addColumn<QVariantMap>("given");
        QTest::addColumn<QString>("messagePart");
        const QVariantMap base{{QStringLiteral("hostname"), QStringLiteral("web1")}};
        const auto with = [&](const char *key, const QVariant &v) {
            QVariantMap m = base;
            m.insert(QString::fromLatin1(key), v);
            return m;
        };
        QTest::newRow("above maximum") << with("cpus", 17) << QStringLiteral("'cpus': 17 is above the maximum 16");
        QTest::newRow("below minimum") << with("memoryGiB", 0) << QStringLiteral("'memoryGiB': 0 is below the minimum 1");
        QTest::newRow("not a number") << with("cpus", QStringLiteral("four")) << QStringLiteral("'cpus': 'four' is not a valid integer");
        QTest::newRow("fraction") << with("cpus", 2.5) << QStringLiteral("'cpus': '2.5' is not a valid integer");
        QTest::newRow("not a choice") << with("template", QStringLiteral("windows")) << QStringLiteral("'template': 'windows' is not one of");
        QTest::newRow("not a boolean") << with("applyUpdates", QStringLiteral("maybe")) << QStringLiteral("'applyUpdates': 'maybe' is not a valid boolean");
        QTest::newRow("unknown") << with("disk", 10) << QStringLiteral("parameter 'disk' is unknown");
        QTest::newRow("missing required") << QVariantMap{} << QStringLiteral("parameter 'hostname' is required");
        QTest::newRow("empty required") << QVariantMap{{QStringLiteral("hostname"), QStringLiteral(" ")}}
                                        << QStringLiteral("parameter 'hostname' must not be empty");
    }

    void rejectsBadValues()
    {
        QFETCH(QVariantMap, given);
        QFETCH(QString, messagePart);
        auto schema = ParameterSchema::fromJson(vmParameters(), QStringLiteral("test"));
        QVERIFY(schema);
        auto values = schema->validate(given);
        QVERIFY(!values);
        QCOMPARE(values.error().code, ErrorCode::BadInput);
        QVERIFY2(values.error().message.contains(messagePart), qPrintable(values.error().message));
    }

    void rejectsBadSchemas_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("unknown field") << QByteArray(R"([{"name": "a", "type": "integer", "maxx": 3}])") << QStringLiteral("unknown field 'maxx'");
        QTest::newRow("unknown type") << QByteArray(R"([{"name": "a", "type": "float"}])") << QStringLiteral("unknown type 'float'");
        QTest::newRow("no name") << QByteArray(R"([{"type": "integer"}])") << QStringLiteral("needs a name");
        QTest::newRow("twice") << QByteArray(R"([{"name": "a", "type": "integer"}, {"name": "a", "type": "string"}])") << QStringLiteral("declared twice");
        QTest::newRow("choice without choices") << QByteArray(R"([{"name": "a", "type": "choice"}])") << QStringLiteral("has no choices");
        QTest::newRow("default out of range") << QByteArray(R"([{"name": "a", "type": "integer", "max": 3, "default": 5}])") << QStringLiteral("above the maximum");
    }

    void rejectsBadSchemas()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, messagePart);
        auto schema = ParameterSchema::fromJson(QJsonDocument::fromJson(json).array(), QStringLiteral("items/0"));
        QVERIFY(!schema);
        QVERIFY2(schema.error().message.contains(messagePart), qPrintable(schema.error().message));
        QVERIFY2(schema.error().message.startsWith(QStringLiteral("items/0")), qPrintable(schema.error().message));
    }

    void pricesPerUnit()
    {
        auto item = CatalogItem::fromJson(QJsonDocument::fromJson(R"({
            "id": "vm", "name": "VM", "parameters": [
                {"name": "cpus", "type": "integer", "default": 1},
                {"name": "mem", "type": "integer", "default": 1}],
            "resources": {"vcpus": "cpus", "memoryGiB": "mem", "vms": 1},
            "price": {"flatMonthlyCents": 500, "perVcpuMonthCents": 1200, "perGiBMonthCents": 350}
        })").object(), QStringLiteral("test"));
        QVERIFY2(item, item ? "" : qPrintable(item.error().message));
        const QVariantMap params{{QStringLiteral("cpus"), 4}, {QStringLiteral("mem"), 16}};
        const Footprint unit = item->unitFootprint(params);
        QCOMPARE(unit, (Footprint{4, 16, 1}));
        // 5.00 + 4 x 12.00 + 16 x 3.50 = 109.00
        QCOMPARE(item->price.monthlyCents(unit), 10900);
        QCOMPARE(formatMoney(10900, QStringLiteral("EUR")), QStringLiteral("109.00 EUR"));
        QCOMPARE(formatMoney(1005, QStringLiteral("EUR")), QStringLiteral("10.05 EUR"));
    }

    void itemResourcesMustNameParameters()
    {
        auto item = CatalogItem::fromJson(QJsonDocument::fromJson(R"({
            "id": "vm", "name": "VM", "parameters": [], "resources": {"vcpus": "cpus"}
        })").object(), QStringLiteral("catalog"));
        QVERIFY(!item);
        QVERIFY2(item.error().message.contains(QStringLiteral("catalog/vm/resources/vcpus: no parameter named 'cpus'")),
                 qPrintable(item.error().message));
    }

    // Every field's own message at once, worded as validate() words it; the
    // fields that are fine have none.
    void reportsEachFieldsProblem()
    {
        auto schema = ParameterSchema::fromJson(vmParameters(), QStringLiteral("test"));
        QVERIFY(schema);
        const auto problems = schema->problems({{QStringLiteral("cpus"), QStringLiteral("0")},
                                                {QStringLiteral("memoryGiB"), QStringLiteral("8")},
                                                {QStringLiteral("template"), QStringLiteral("windows")},
                                                {QStringLiteral("colour"), QStringLiteral("red")}});
        QCOMPARE(problems.keys(), (QStringList{QStringLiteral("colour"), QStringLiteral("cpus"),
                                               QStringLiteral("hostname"), QStringLiteral("template")}));
        QVERIFY(problems.value(QStringLiteral("cpus")).contains(QStringLiteral("below the minimum 1")));
        QVERIFY(problems.value(QStringLiteral("template")).contains(QStringLiteral("not one of")));
        QVERIFY(problems.value(QStringLiteral("hostname")).contains(QStringLiteral("required")));
        QVERIFY(problems.value(QStringLiteral("colour")).contains(QStringLiteral("unknown")));

        QVERIFY(schema->problems({{QStringLiteral("hostname"), QStringLiteral("web1")}}).isEmpty());
    }

    // Inputs without a schema (a workflow step's) get one from their values;
    // JSON parameters take JSON text and refuse what does not parse.
    void describesArbitraryValues()
    {
        const QJsonObject inputs = QJsonDocument::fromJson(
            R"({"count": 3, "ratio": 0.5, "name": "web", "force": false, "tags": ["a", "b"]})").object();
        const ParameterSchema schema = ParameterSchema::describing(inputs);
        QCOMPARE(schema.parameters().size(), 5);
        QHash<QString, Parameter::Type> types;
        for (const Parameter &p : schema.parameters())
            types.insert(p.name, p.type);
        QCOMPARE(types.value(QStringLiteral("count")), Parameter::Type::Integer);
        QCOMPARE(types.value(QStringLiteral("ratio")), Parameter::Type::Json);
        QCOMPARE(types.value(QStringLiteral("name")), Parameter::Type::String);
        QCOMPARE(types.value(QStringLiteral("force")), Parameter::Type::Boolean);
        QCOMPARE(types.value(QStringLiteral("tags")), Parameter::Type::Json);

        auto unchanged = schema.validate({});
        QVERIFY(unchanged);
        QCOMPARE(QJsonObject::fromVariantMap(*unchanged), inputs);

        auto edited = schema.validate({{QStringLiteral("tags"), QStringLiteral(R"(["c"])")},
                                       {QStringLiteral("count"), QStringLiteral("4")}});
        QVERIFY(edited);
        QCOMPARE(edited->value(QStringLiteral("tags")).toList(), QVariantList{QStringLiteral("c")});
        QCOMPARE(edited->value(QStringLiteral("count")).toLongLong(), 4);
        QVERIFY(schema.problems({{QStringLiteral("tags"), QStringLiteral("[\"c\"")}}).contains(QStringLiteral("tags")));
    }
};

QTEST_GUILESS_MAIN(TestParameterSchema)
#include "tst_parameterschema.moc"
