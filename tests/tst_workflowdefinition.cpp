// The parser and validator: 50 malformed definitions, each with the error
// code, JSON pointer and position a user would be shown.

#include "TestSupport.h"

#include "connectors/Guest.h"
#include "connectors/HttpRequestAction.h"
#include "connectors/Script.h"
#include "engine/WorkflowDefinition.h"

#include <QTest>

using namespace ordo;
using namespace ordo::engine;

namespace {

const ActionRegistry &registry()
{
    static const ActionRegistry r = [] {
        ActionRegistry a;
        a.addBuiltinActions();
        return a;
    }();
    return r;
}

// A valid definition with one step whose JSON (fields inside the step object) is given.
QByteArray withStep(const QByteArray &stepFields)
{
    return QByteArray("{\"name\": \"w\", \"version\": 1,\n \"inputs\": {\"cpus\": {\"type\": \"integer\"}},\n \"steps\": [\n  {\"id\": \"a\", \"action\": \"test.noop\"},\n  {")
           + stepFields + "}\n]}";
}

} // namespace

class TestWorkflowDefinition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void aValidDefinitionParses()
    {
        const QByteArray json = R"({
            "name": "provision-vm", "version": 3, "description": "clone and boot",
            "inputs": {"cpus": {"type": "integer", "required": true}, "name": {"type": "string", "default": "vm"}},
            "onError": {"policy": "pause", "notify": ["support"]},
            "steps": [
              {"id": "clone", "action": "test.echo", "with": {"name": "${inputs.name}"}, "editable": ["name", "size"],
               "retry": {"maxAttempts": 4, "initialIntervalMs": 500, "backoff": 2, "maxIntervalMs": 4000, "nonRetryable": ["bad-input"]},
               "timeoutMs": 60000, "compensate": {"action": "test.echo", "with": {"vm": "${steps.clone.outputs.name}"}}},
              {"id": "boot", "action": "test.sleep", "after": ["clone"], "with": {"ms": 1}, "when": "${inputs.cpus} > 0",
               "probe": {"action": "test.noop", "intervalMs": 1000, "maxWaitMs": 60000}, "onError": "rollback"},
              {"id": "approve", "action": "human.task", "with": {"title": "ok?"}},
              {"id": "wait", "action": "timer.wait", "with": {"ms": 10}, "after": ["approve", "boot"], "editable": ["ms"]}
            ]})";
        const ParsedWorkflow parsed = parseWorkflow(json, registry());
        QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.value(0).toString()));
        const WorkflowDefinition &d = *parsed.definition;
        QCOMPARE(d.name, QStringLiteral("provision-vm"));
        QCOMPARE(d.version, 3);
        QCOMPARE(d.steps.size(), 4);
        QCOMPARE(d.onError.policy, OnError::Pause);
        QCOMPARE(d.onError.notify, QStringList{QStringLiteral("support")});
        const StepDefinition &clone = d.step(QStringLiteral("clone"));
        QCOMPARE(clone.retry.maxAttempts, 4);
        QCOMPARE(clone.editable, (QStringList{QStringLiteral("name"), QStringLiteral("size")}));
        QCOMPARE(d.step(QStringLiteral("wait")).editable, QStringList{QStringLiteral("ms")});
        QVERIFY(d.step(QStringLiteral("boot")).editable.isEmpty());
        QCOMPARE(clone.retry.maxIntervalMs, 4000);
        QVERIFY(!clone.retry.retries(ErrorKind::BadInput));
        QVERIFY(clone.retry.retries(ErrorKind::Permanent)); // the list replaces the default
        QCOMPARE(d.errorPolicyOf(d.step(QStringLiteral("boot"))).policy, OnError::Rollback);
        QCOMPARE(d.dependents.at(d.indexOf.value(QStringLiteral("clone"))), QList<int>{1});
    }

    void malformedDefinitions_data()
    {
        // needle: the text at which the error must be reported (its first occurrence, or the last with a leading '>').
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QByteArray>("needle");
        const auto row = [](const char *name, const QByteArray &json, const char *code, const char *pointer, const QByteArray &needle) {
            QTest::newRow(name) << json << QString::fromLatin1(code) << QString::fromLatin1(pointer) << needle;
        };
        // Syntax: reported where the reader stopped
        row("empty", "", "syntax", "/", "");
        row("not json", "hello", "syntax", "/", "hello");
        row("unterminated object", "{\"name\": \"w\"", "syntax", "/", ">");
        row("trailing comma", "{\"name\": \"w\",}", "syntax", "/", "}");
        row("single quotes", "{'name': 1}", "syntax", "/", "'name'");
        row("missing colon", "{\"name\" \"w\"}", "syntax", "/name", "\"w\"");
        row("bad escape", "{\"name\": \"a\\qb\"}", "syntax", "/", "b\"}");
        row("unterminated string", "{\"name\": \"abc", "syntax", "/", ">");
        row("garbage after", "{} {}", "syntax", "/", ">{}");
        row("bare word", "{\"name\": nope}", "syntax", "/", "nope");
        row("bad number", "{\"version\": 1.}", "syntax", "/", "}");
        row("control char", "{\"name\": \"a\tb\"}", "syntax", "/", "\t");
        // Keys
        row("duplicate top key", "{\"name\": \"w\",\n \"name\": \"x\"}", "duplicate-key", "/name", ">\"name\"");
        row("duplicate step key", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"id\": \"c\""), "duplicate-key", "/steps/1/id", ">\"id\"");
        row("duplicate input key", "{\"inputs\": {\"a\": {}, \"a\": {}}}", "duplicate-key", "/inputs/a", ">\"a\"");
        row("too deep", QByteArray(70, '[') + QByteArray(70, ']'), "too-deep", QByteArray("/0").repeated(64).constData(), QByteArray(6, '[') + ']');
        row("too large", "{\"name\": \"" + QByteArray(1024 * 1024, 'x') + "\"}", "too-large", "/", "{");
        // Top level
        row("not an object", "[1, 2]", "wrong-type", "/", "[");
        row("no name", "{\"version\": 1, \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "missing-field", "/name", "{");
        row("bad name", "{\"name\": \"a b\", \"version\": 1, \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "bad-value", "/name", "\"a b\"");
        row("no version", "{\"name\": \"w\", \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "missing-field", "/version", "{");
        row("version zero", "{\"name\": \"w\", \"version\": 0, \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "wrong-type", "/version", "0");
        row("version beyond a whole number", "{\"name\": \"w\", \"version\": 99999999999999999999, \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "wrong-type", "/version", "99999999999999999999");
        row("version beyond int", "{\"name\": \"w\", \"version\": 2147483648, \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "wrong-type", "/version", "2147483648");
        row("version text", "{\"name\": \"w\", \"version\": \"1\", \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "wrong-type", "/version", "\"1\"");
        row("unknown top field", "{\"name\": \"w\", \"version\": 1, \"stepz\": [], \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "unknown-field", "/stepz", "[]");
        row("no steps", "{\"name\": \"w\", \"version\": 1}", "missing-field", "/steps", "{");
        row("empty steps", "{\"name\": \"w\", \"version\": 1, \"steps\": []}", "wrong-type", "/steps", "[]");
        row("bad top onError", "{\"name\": \"w\", \"version\": 1, \"onError\": \"explode\", \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "bad-value", "/onError", "\"explode\"");
        // Inputs
        row("input not object", "{\"name\": \"w\", \"version\": 1, \"inputs\": {\"a\": 3}, \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "wrong-type", "/inputs/a", "3}");
        row("input bad type", "{\"name\": \"w\", \"version\": 1, \"inputs\": {\"a\": {\"type\": \"float\"}}, \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "bad-value", "/inputs/a/type", "\"float\"");
        row("input default mistyped", "{\"name\": \"w\", \"version\": 1, \"inputs\": {\"a\": {\"type\": \"integer\", \"default\": \"x\"}}, \"steps\": [{\"id\": \"a\", \"action\": \"test.noop\"}]}", "wrong-type", "/inputs/a/default", "\"x\"");
        // Steps
        row("step not object", "{\"name\": \"w\", \"version\": 1, \"steps\": [3]}", "wrong-type", "/steps/0", "3]");
        row("step without id", withStep("\"action\": \"test.noop\""), "missing-field", "/steps/1/id", ">{\"action\"");
        row("step bad id", withStep("\"id\": \"9lives\", \"action\": \"test.noop\""), "bad-value", "/steps/1/id", "\"9lives\"");
        row("step duplicate id", withStep("\"id\": \"a\", \"action\": \"test.noop\""), "duplicate-step", "/steps/1/id", ">\"a\"");
        row("step without action", withStep("\"id\": \"b\""), "missing-field", "/steps/1/action", "{\"id\": \"b\"");
        row("unknown action", withStep("\"id\": \"b\", \"action\": \"vmware.clone\""), "unknown-action", "/steps/1/action", "\"vmware.clone\"");
        row("unknown step field", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"retries\": 3"), "unknown-field", "/steps/1/retries", "3}");
        row("after unknown step", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"after\": [\"zz\"]"), "unknown-step", "/steps/1/after/0", "\"zz\"");
        row("after itself", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"after\": [\"b\"]"), "cycle", "/steps/1/after/0", ">\"b\"");
        row("cycle", "{\"name\": \"w\", \"version\": 1, \"steps\": [\n{\"id\": \"a\", \"action\": \"test.noop\", \"after\": [\"b\"]},\n{\"id\": \"b\", \"action\": \"test.noop\", \"after\": [\"a\"]}]}", "cycle", "/steps/0/after", "[\"b\"]");
        row("after not list", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"after\": \"a\""), "wrong-type", "/steps/1/after", ">\"a\"");
        row("missing input", withStep("\"id\": \"b\", \"action\": \"test.sleep\""), "missing-input", "/steps/1/with", "{\"id\": \"b\"");
        row("unknown input", withStep("\"id\": \"b\", \"action\": \"test.sleep\", \"with\": {\"ms\": 1, \"sec\": 2}"), "unknown-input", "/steps/1/with/sec", "2}");
        row("mistyped input", withStep("\"id\": \"b\", \"action\": \"test.sleep\", \"with\": {\"ms\": \"long\"}"), "wrong-input-type", "/steps/1/with/ms", "\"long\"");
        row("with not object", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"with\": [1]"), "wrong-type", "/steps/1/with", "[1]");
        row("template unknown root", withStep("\"id\": \"b\", \"action\": \"test.echo\", \"with\": {\"x\": \"${order.id}\"}"), "bad-template", "/steps/1/with/x", "\"${");
        row("template unclosed", withStep("\"id\": \"b\", \"action\": \"test.echo\", \"with\": {\"x\": \"${inputs.cpus\"}"), "bad-template", "/steps/1/with/x", "\"${");
        row("template undeclared input", withStep("\"id\": \"b\", \"action\": \"test.echo\", \"with\": {\"x\": \"${inputs.memory}\"}"), "bad-reference", "/steps/1/with/x", "\"${");
        row("template not an ancestor", withStep("\"id\": \"b\", \"action\": \"test.echo\", \"with\": {\"x\": \"${steps.a.outputs.y}\"}"), "bad-reference", "/steps/1/with/x", "\"${");
        row("template unknown step", withStep("\"id\": \"b\", \"action\": \"test.echo\", \"with\": {\"x\": \"${steps.q.outputs.y}\"}"), "bad-reference", "/steps/1/with/x", "\"${");
        row("bad condition", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"when\": \"${inputs.cpus} >\""), "bad-condition", "/steps/1/when", "\"${");
        // Once these overflowed the stack of whoever checked or ran the condition.
        row("condition nested too deep", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"when\": \"" + QByteArray(9000, '(') + "true"
                                                   + QByteArray(9000, ')') + "\""),
            "bad-condition", "/steps/1/when", "\"((");
        row("condition negated too often", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"when\": \"" + QByteArray(40000, '!') + "true\""),
            "bad-condition", "/steps/1/when", "\"!!");
        row("condition not string", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"when\": true"), "wrong-type", "/steps/1/when", "true");
        row("retry zero attempts", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"retry\": {\"maxAttempts\": 0}"), "bad-value", "/steps/1/retry/maxAttempts", "0}");
        row("retry negative interval", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"retry\": {\"initialIntervalMs\": -5}"), "wrong-type", "/steps/1/retry/initialIntervalMs", "-5");
        row("retry small backoff", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"retry\": {\"backoff\": 0.5}"), "bad-value", "/steps/1/retry/backoff", "0.5");
        row("retry unknown kind", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"retry\": {\"nonRetryable\": [\"fatal\"]}"), "bad-value", "/steps/1/retry/nonRetryable/0", "\"fatal\"");
        row("retry unknown field", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"retry\": {\"tries\": 3}"), "unknown-field", "/steps/1/retry/tries", "3}");
        row("timeout text", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"timeoutMs\": \"1s\""), "wrong-type", "/steps/1/timeoutMs", "\"1s\"");
        row("bad step onError", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"onError\": {\"policy\": \"retry\"}"), "bad-value", "/steps/1/onError/policy", "\"retry\"");
        row("compensate without action", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"compensate\": {\"with\": {}}"), "missing-field", "/steps/1/compensate/action", "{\"with\"");
        row("compensate unknown action", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"compensate\": {\"action\": \"undo\"}"), "unknown-action", "/steps/1/compensate/action", "\"undo\"");
        row("probe zero interval", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"probe\": {\"action\": \"test.noop\", \"intervalMs\": 0}"), "bad-value", "/steps/1/probe/intervalMs", "0}");
        row("probe unknown field", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"probe\": {\"action\": \"test.noop\", \"every\": 5}"), "unknown-field", "/steps/1/probe/every", "5}");
        row("timer without ms", withStep("\"id\": \"b\", \"action\": \"timer.wait\""), "missing-input", "/steps/1/with", "{\"id\": \"b\"");
        row("timer ms as text", withStep("\"id\": \"b\", \"action\": \"timer.wait\", \"with\": {\"ms\": \"soon\"}"), "wrong-input-type", "/steps/1/with/ms", "\"soon\"");
        row("timer ms negative", withStep("\"id\": \"b\", \"action\": \"timer.wait\", \"with\": {\"ms\": -1}"), "bad-value", "/steps/1/with/ms", "-1");
        row("timer ms over a year and a day", withStep("\"id\": \"b\", \"action\": \"timer.wait\", \"with\": {\"ms\": 31622400001}"), "bad-value", "/steps/1/with/ms", "31622400001");
        row("timeout beyond a whole number", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"timeoutMs\": 1e20"), "wrong-type", "/steps/1/timeoutMs", "1e20");
        row("nonRetryable not a list", withStep("\"id\": \"b\", \"action\": \"test.noop\", \"retry\": {\"nonRetryable\": \"permanent\"}"), "wrong-type", "/steps/1/retry/nonRetryable", "\"permanent\"");
        row("editable not a list", withStep("\"id\": \"b\", \"action\": \"test.sleep\", \"with\": {\"ms\": 1}, \"editable\": \"ms\""), "wrong-type", "/steps/1/editable", ">\"ms\"");
        row("editable not a name", withStep("\"id\": \"b\", \"action\": \"test.sleep\", \"with\": {\"ms\": 1}, \"editable\": [1]"), "wrong-type", "/steps/1/editable/0", "1]");
        row("editable unknown input", withStep("\"id\": \"b\", \"action\": \"test.sleep\", \"with\": {\"ms\": 1}, \"editable\": [\"sec\"]"), "unknown-input", "/steps/1/editable/0", "\"sec\"");
        row("editable listed twice", withStep("\"id\": \"b\", \"action\": \"test.sleep\", \"with\": {\"ms\": 1}, \"editable\": [\"ms\", \"ms\"]"), "duplicate-input", "/steps/1/editable/1", ">\"ms\"");
        row("editable timer input", withStep("\"id\": \"b\", \"action\": \"timer.wait\", \"with\": {\"ms\": 1}, \"editable\": [\"until\"]"), "unknown-input", "/steps/1/editable/0", "\"until\"");
        QByteArray many = "{\"name\": \"w\", \"version\": 1, \"steps\": [";
        for (int i = 0; i < 501; ++i)
            many += (i ? "," : "") + QByteArray("{\"id\": \"s") + QByteArray::number(i) + "\", \"action\": \"test.noop\"}";
        many += "]}";
        row("too many steps", many, "too-many-steps", "/steps", "[");
    }

    void malformedDefinitions()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, code);
        QFETCH(QString, pointer);
        QFETCH(QByteArray, needle);
        // Where the needle stands, counted here independently of the reader.
        qsizetype offset = 0;
        if (needle == ">")
            offset = json.size();
        else if (needle.startsWith('>'))
            offset = json.lastIndexOf(needle.mid(1));
        else
            offset = json.indexOf(needle);
        QVERIFY2(offset >= 0, "the needle is not in the text");
        const qsizetype lineStart = json.lastIndexOf('\n', offset - 1) + 1;
        const int line = static_cast<int>(json.left(offset).count('\n')) + 1;
        const int column = static_cast<int>(QString::fromUtf8(json.mid(lineStart, offset - lineStart)).size()) + 1;

        const ParsedWorkflow parsed = parseWorkflow(json, registry());
        QVERIFY(!parsed.definition);
        QVERIFY(!parsed.errors.isEmpty());
        const DefinitionError &e = parsed.errors.first();
        QCOMPARE(e.code, code);
        QCOMPARE(e.pointer, pointer);
        QVERIFY2(!e.message.isEmpty(), "an error must say what is wrong");
        QCOMPARE(e.line, line);
        QCOMPARE(e.column, column);
    }

    void neverEditableInputs_data()
    {
        QTest::addColumn<QByteArray>("step");
        QTest::addColumn<QString>("input");
        const auto row = [](const char *action, const char *with, const char *input) {
            QTest::addRow("%s %s", action, input) << QByteArray("{\"id\": \"s\", \"action\": \"") + action + "\", \"with\": " + with
                                                          + ", \"editable\": [\"timeoutMs\", \"" + input + "\"]}"
                                                   << QString::fromLatin1(input);
        };
        const char *script = R"({"program": "/bin/true"})";
        for (const char *input : {"program", "args", "env", "workingDirectory"})
            row("script.run", script, input);
        const char *guest = R"({"host": "10.0.0.5", "keySecret": "k", "command": "true"})";
        for (const char *input : {"host", "port", "user", "keySecret", "vm", "command"})
            row("guest.exec", guest, input);
        for (const char *input : {"url", "user", "passwordSecret", "caFile"})
            row("http.request", "{\"url\": \"https://example.org/\"}", input);
    }

    void neverEditableInputs()
    {
        QFETCH(QByteArray, step);
        QFETCH(QString, input);
        ActionRegistry actions;
        connectors::registerScriptAction(actions);
        connectors::registerGuestActions(actions, QString());
        connectors::registerHttpRequestAction(actions);
        const QByteArray json = "{\"name\": \"w\", \"version\": 1, \"steps\": [\n" + step + "]}";
        const ParsedWorkflow parsed = parseWorkflow(json, actions);
        QVERIFY(!parsed.definition);
        QCOMPARE(parsed.errors.size(), 1);
        const DefinitionError &e = parsed.errors.first();
        QCOMPARE(e.code, QStringLiteral("not-editable"));
        QCOMPARE(e.pointer, QStringLiteral("/steps/0/editable/1"));
        QCOMPARE(e.line, 2);
        const QByteArray quoted = "\"" + input.toLatin1() + "\"";
        QCOMPARE(e.column, static_cast<int>(json.indexOf(QByteArray(quoted + ']')) - json.indexOf('\n')));
        QVERIFY2(e.message.contains(input), qPrintable(e.message));
        // timeoutMs alone is what these definitions may hand to support.
        QByteArray allowed = json;
        allowed.replace(QByteArray(", " + quoted + ']'), "]");
        QVERIFY2(parseWorkflow(allowed, actions).definition, qPrintable(parseWorkflow(allowed, actions).errors.value(0).toString()));
    }

    void conditions_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<bool>("expected");
        QTest::newRow("number compare") << QStringLiteral("${inputs.cpus} >= 4") << true;
        QTest::newRow("string equals") << QStringLiteral("${inputs.os} == 'debian-12'") << true;
        QTest::newRow("not equal") << QStringLiteral("${inputs.os} != \"debian-12\"") << false;
        QTest::newRow("and or") << QStringLiteral("${inputs.cpus} > 8 || (${inputs.updates} && !${inputs.dry})") << true;
        QTest::newRow("output") << QStringLiteral("${steps.a.outputs.ip} == '10.0.0.5'") << true;
        QTest::newRow("missing is false") << QStringLiteral("${steps.a.outputs.nothing}") << false;
        QTest::newRow("literal") << QStringLiteral("false") << false;
        // As deep as a condition may nest.
        QTest::newRow("deepest parentheses") << QString(kMaxConditionDepth, QLatin1Char('(')) + QStringLiteral("true") + QString(kMaxConditionDepth, QLatin1Char(')')) << true;
        QTest::newRow("most negations") << QString(kMaxConditionDepth, QLatin1Char('!')) + QStringLiteral("true") << true;
    }

    void conditions()
    {
        QFETCH(QString, condition);
        QFETCH(bool, expected);
        TemplateScope scope;
        scope.inputs = {{QStringLiteral("cpus"), 4}, {QStringLiteral("os"), QStringLiteral("debian-12")},
                        {QStringLiteral("updates"), true}, {QStringLiteral("dry"), false}};
        scope.steps = {{QStringLiteral("a"), QJsonObject{{QStringLiteral("outputs"), QJsonObject{{QStringLiteral("ip"), QStringLiteral("10.0.0.5")}}}}}};
        QList<Reference> refs;
        QVERIFY(!Condition::check(condition, refs));
        QCOMPARE(Condition::evaluate(condition, scope), expected);
    }

    // A stored definition is checked again when it runs; the evaluator is held to the same depth.
    void aConditionTooDeepIsFalseWhenRun()
    {
        const TemplateScope scope;
        QVERIFY(!Condition::evaluate(QString(9000, QLatin1Char('(')) + QStringLiteral("true") + QString(9000, QLatin1Char(')')), scope));
        QVERIFY(!Condition::evaluate(QString(40000, QLatin1Char('!')) + QStringLiteral("true"), scope));
    }

    void limitsAreInclusive()
    {
        const ParsedWorkflow parsed = parseWorkflow(R"({"name": "w", "version": 2147483647,
            "steps": [{"id": "a", "action": "timer.wait", "with": {"ms": 31622400000}}, {"id": "b", "action": "timer.wait", "with": {"ms": 0}}]})",
                                                    registry());
        QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.value(0).toString()));
        QCOMPARE(parsed.definition->version, 2147483647);
        QCOMPARE(kMaxTimerMs, 31622400000);
    }

    void errorsQuoteLongInputShortly()
    {
        // A pasted file in the wrong place: the error names it, it does not repeat it.
        const QByteArray id(120 * 1024, 'x');
        const QByteArray step = "\"id\": \"" + id + "\", \"action\": \"test.noop\"";
        const ParsedWorkflow parsed = parseWorkflow(withStep(step.constData()), registry());
        QVERIFY(!parsed.errors.isEmpty());
        for (const DefinitionError &e : parsed.errors) {
            QVERIFY2(e.message.size() < 1024, qPrintable(QString::number(e.message.size())));
            QVERIFY2(e.message.contains(QStringLiteral("xxx… (122880 characters)")), qPrintable(e.message.left(1024)));
        }
        const ParsedWorkflow w = parseWorkflow(R"({"name": "w", "version": 1, "steps": [{"id": "a", "action": "test.noop"}]})", registry());
        QVERIFY(w.definition);
        QJsonObject bound;
        const auto unknown = bindInputs(*w.definition, {{QString(120 * 1024, QLatin1Char('g')), 1}}, bound);
        QVERIFY(unknown);
        QVERIFY2(unknown->size() < 1024, qPrintable(QString::number(unknown->size())));
    }

    void inputsAreBound()
    {
        const ParsedWorkflow parsed = parseWorkflow(R"({"name": "w", "version": 1,
            "inputs": {"cpus": {"type": "integer", "required": true}, "os": {"type": "string", "default": "debian-12"}, "dry": {"type": "boolean"}},
            "steps": [{"id": "a", "action": "test.noop"}]})", registry());
        QVERIFY(parsed.definition);
        QJsonObject bound;
        QVERIFY(!bindInputs(*parsed.definition, {{QStringLiteral("cpus"), QStringLiteral("4")}, {QStringLiteral("dry"), QStringLiteral("true")}}, bound));
        QCOMPARE(bound.value(QStringLiteral("cpus")).toInt(), 4);
        QCOMPARE(bound.value(QStringLiteral("os")).toString(), QStringLiteral("debian-12"));
        QCOMPARE(bound.value(QStringLiteral("dry")).toBool(), true);
        QVERIFY(bindInputs(*parsed.definition, {}, bound)->contains(QStringLiteral("needs the input 'cpus'")));
        QVERIFY(bindInputs(*parsed.definition, {{QStringLiteral("cpus"), QStringLiteral("many")}}, bound)->contains(QStringLiteral("type integer")));
        QVERIFY(bindInputs(*parsed.definition, {{QStringLiteral("cpus"), 1}, {QStringLiteral("gpu"), 1}}, bound)->contains(QStringLiteral("no input 'gpu'")));
    }

    // `workflows validate` needs no login: a hostile condition once crashed it with a stack overflow.
    void ordoctlRefusesADeeplyNestedCondition()
    {
        ordo::test::TestEnvironment env;
        QCOMPARE(ordo::test::ordoctl(env.databasePath(), {}, {QStringLiteral("init")}).exitCode, 0);
        const QString path = env.path(QStringLiteral("deep.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(withStep("\"id\": \"b\", \"action\": \"test.noop\", \"when\": \"" + QByteArray(9000, '(') + "true" + QByteArray(9000, ')') + "\""));
        file.close();
        const ordo::test::CommandResult r = ordo::test::ordoctl(env.databasePath(), {}, {QStringLiteral("workflows"), QStringLiteral("validate"), path});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("ordoctl: ")) && r.err.contains(QStringLiteral("bad-condition at /steps/1/when"))
                     && r.err.contains(QStringLiteral("nested deeper than 64 levels")),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowDefinition)
#include "tst_workflowdefinition.moc"
