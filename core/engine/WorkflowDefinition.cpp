#include "engine/WorkflowDefinition.h"

#include "util/Quote.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <limits>

namespace ordo::engine {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::engine::WorkflowDefinition)
};

const QStringList kTopKeys = {QStringLiteral("name"), QStringLiteral("version"), QStringLiteral("description"),
                              QStringLiteral("inputs"), QStringLiteral("steps"), QStringLiteral("onError")};
const QStringList kStepKeys = {QStringLiteral("id"),      QStringLiteral("action"),    QStringLiteral("with"),
                               QStringLiteral("after"),   QStringLiteral("when"),      QStringLiteral("retry"),
                               QStringLiteral("timeoutMs"), QStringLiteral("overallTimeoutMs"), QStringLiteral("onError"),
                               QStringLiteral("compensate"), QStringLiteral("probe"), QStringLiteral("description"),
                               QStringLiteral("editable"), QStringLiteral("skipReason")};
const QStringList kRetryKeys = {QStringLiteral("maxAttempts"), QStringLiteral("initialIntervalMs"), QStringLiteral("backoff"),
                                QStringLiteral("maxIntervalMs"), QStringLiteral("nonRetryable")};
const QStringList kInputKeys = {QStringLiteral("type"), QStringLiteral("required"), QStringLiteral("default"),
                                QStringLiteral("description")};

std::optional<InputType> inputTypeFromName(const QString &name)
{
    static const QHash<QString, InputType> types = {
        {QStringLiteral("any"), InputType::Any},         {QStringLiteral("string"), InputType::String},
        {QStringLiteral("integer"), InputType::Integer}, {QStringLiteral("number"), InputType::Number},
        {QStringLiteral("boolean"), InputType::Boolean}, {QStringLiteral("object"), InputType::Object},
        {QStringLiteral("array"), InputType::Array}};
    const auto it = types.constFind(name);
    return it == types.constEnd() ? std::nullopt : std::optional<InputType>(*it);
}

bool isTemplate(const QJsonValue &v)
{
    return v.isString() && v.toString().contains(QLatin1String("${"));
}

class Validator
{
public:
    Validator(const JsonReader &reader, const ActionRegistry &actions) : m_reader(reader), m_actions(actions) {}

    QList<DefinitionError> errors;

    void error(const QString &code, const QString &pointer, const QString &message)
    {
        const SourcePosition at = m_reader.position(pointer);
        errors.append({code, pointer.isEmpty() ? QStringLiteral("/") : pointer, at.line, at.column, message});
    }

    void unknownFields(const QJsonObject &o, const QStringList &allowed, const QString &pointer)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!allowed.contains(it.key()))
                error(QStringLiteral("unknown-field"), pointer + QLatin1Char('/') + jsonPointerEscape(it.key()),
                      Text::tr("unknown field '%1' (allowed: %2)").arg(quoted(it.key()), allowed.join(QStringLiteral(", "))));
        }
    }

    std::optional<qint64> nonNegative(const QJsonObject &o, const char *key, const QString &pointer, qint64 fallback)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return fallback;
        if (!hasType(v, InputType::Integer) || v.toDouble() < 0) {
            error(QStringLiteral("wrong-type"), pointer + QLatin1Char('/') + QLatin1String(key),
                  Text::tr("'%1' must be a whole number of at least 0").arg(QLatin1String(key)));
            return std::nullopt;
        }
        return v.toInteger();
    }

    std::optional<ErrorPolicy> errorPolicy(const QJsonValue &v, const QString &pointer)
    {
        static const QHash<QString, OnError> names = {{QStringLiteral("pause"), OnError::Pause},
                                                      {QStringLiteral("fail"), OnError::Fail},
                                                      {QStringLiteral("continue"), OnError::Continue},
                                                      {QStringLiteral("rollback"), OnError::Rollback}};
        ErrorPolicy p;
        QJsonValue policy = v;
        if (v.isObject()) {
            unknownFields(v.toObject(), {QStringLiteral("policy"), QStringLiteral("notify")}, pointer);
            policy = v.toObject().value(QLatin1String("policy"));
            const QJsonValue notify = v.toObject().value(QLatin1String("notify"));
            if (notify.isString())
                p.notify = {notify.toString()};
            else if (notify.isArray())
                for (const QJsonValue &n : notify.toArray())
                    p.notify.append(n.toString());
            else if (!notify.isUndefined())
                error(QStringLiteral("wrong-type"), pointer + QStringLiteral("/notify"), Text::tr("'notify' must be a name or a list of names"));
        }
        const auto it = names.constFind(policy.toString());
        if (!policy.isString() || it == names.constEnd()) {
            error(QStringLiteral("bad-value"), v.isObject() ? pointer + QStringLiteral("/policy") : pointer,
                  Text::tr("the error policy must be one of pause, fail, continue, rollback"));
            return std::nullopt;
        }
        p.policy = *it;
        return p;
    }

    void checkInputs(const QString &actionName, const QJsonObject &with, const QString &pointer)
    {
        const auto action = m_actions.find(actionName);
        if (!action)
            return;
        const QHash<QString, InputSpec> spec = action->inputs();
        for (auto it = spec.begin(); it != spec.end(); ++it) {
            if (it->required && !with.contains(it.key()))
                error(QStringLiteral("missing-input"), pointer, Text::tr("action %1 needs the input '%2'").arg(actionName, quoted(it.key())));
        }
        for (auto it = with.begin(); it != with.end(); ++it) {
            const QString at = pointer + QLatin1Char('/') + jsonPointerEscape(it.key());
            const auto s = spec.constFind(it.key());
            if (s == spec.constEnd()) {
                if (!action->acceptsAnyInput())
                    error(QStringLiteral("unknown-input"), at, Text::tr("action %1 takes no input '%2'").arg(actionName, quoted(it.key())));
                continue;
            }
            if (!isTemplate(it.value()) && !hasType(it.value(), s->type))
                error(QStringLiteral("wrong-input-type"), at,
                      Text::tr("input '%1' of %2 must be of type %3").arg(quoted(it.key()), actionName, inputTypeName(s->type)));
        }
    }

    // The inputs support may change on a retry: ones the action takes, never
    // one that decides what runs, where or with which credentials.
    QStringList editableInputs(const QString &actionName, const QJsonValue &v, const QString &pointer)
    {
        QStringList names;
        if (v.isUndefined())
            return names;
        if (!v.isArray()) {
            error(QStringLiteral("wrong-type"), pointer, Text::tr("'editable' is a list of input names"));
            return names;
        }
        const auto action = m_actions.find(actionName);
        const QJsonArray list = v.toArray();
        for (qsizetype k = 0; k < list.size(); ++k) {
            const QString at = pointer + QLatin1Char('/') + QString::number(k);
            const QString name = list.at(k).toString();
            if (!list.at(k).isString()) {
                error(QStringLiteral("wrong-type"), at, Text::tr("'editable' is a list of input names"));
                continue;
            }
            if (names.contains(name)) {
                error(QStringLiteral("duplicate-input"), at, Text::tr("'%1' is listed twice").arg(name));
                continue;
            }
            names.append(name);
            const bool known = actionName == kHumanTaskAction || (actionName == kTimerAction && name == QLatin1String("ms"))
                               || (action && (action->inputs().contains(name) || action->acceptsAnyInput()));
            if (!known && (action || actionName == kTimerAction || isOrderStep(actionName)))
                error(QStringLiteral("unknown-input"), at, Text::tr("action %1 takes no input '%2'").arg(actionName, name));
            else if (action && action->inputs().value(name).neverEditable)
                error(QStringLiteral("not-editable"), at,
                      Text::tr("input '%1' of %2 is never editable: it decides what runs, where or with which credentials").arg(name, actionName));
        }
        return names;
    }

    void checkTemplates(const QJsonValue &v, const QString &pointer, QList<QPair<Reference, QString>> &refs)
    {
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                checkTemplates(it.value(), pointer + QLatin1Char('/') + jsonPointerEscape(it.key()), refs);
        } else if (v.isArray()) {
            const QJsonArray a = v.toArray();
            for (qsizetype i = 0; i < a.size(); ++i)
                checkTemplates(a.at(i), pointer + QLatin1Char('/') + QString::number(i), refs);
        } else if (v.isString()) {
            QList<Reference> found;
            if (auto problem = templateReferences(v.toString(), found))
                error(QStringLiteral("bad-template"), pointer, *problem);
            for (const Reference &r : std::as_const(found))
                refs.append({r, pointer});
        }
    }

private:
    const JsonReader &m_reader;
    const ActionRegistry &m_actions;
};

} // namespace

QString inputTypeName(InputType t)
{
    switch (t) {
    case InputType::Any: return QStringLiteral("any");
    case InputType::String: return QStringLiteral("string");
    case InputType::Integer: return QStringLiteral("integer");
    case InputType::Number: return QStringLiteral("number");
    case InputType::Boolean: return QStringLiteral("boolean");
    case InputType::Object: return QStringLiteral("object");
    case InputType::Array: return QStringLiteral("array");
    }
    return {};
}

bool hasType(const QJsonValue &v, InputType t)
{
    switch (t) {
    case InputType::Any: return !v.isUndefined();
    case InputType::String: return v.isString();
    // Beyond 2^53 a JSON number is no longer an exact whole number, and toInteger() reads it as 0.
    case InputType::Integer: return v.isDouble() && v.toDouble() == std::floor(v.toDouble()) && std::abs(v.toDouble()) <= 9007199254740992.0;
    case InputType::Number: return v.isDouble();
    case InputType::Boolean: return v.isBool();
    case InputType::Object: return v.isObject();
    case InputType::Array: return v.isArray();
    }
    return false;
}

bool timerDelayInRange(const QJsonValue &ms)
{
    return hasType(ms, InputType::Integer) && ms.toDouble() >= 0 && ms.toDouble() <= static_cast<double>(kMaxTimerMs);
}

QString timerDelayOutOfRange()
{
    return Text::tr("input 'ms' of %1 is a whole number of milliseconds from 0 to %2 (366 days)").arg(kTimerAction).arg(kMaxTimerMs);
}

bool comesAfter(const WorkflowDefinition &d, int step, int ancestor)
{
    // Walks the 'after' edges back from step; only asked for steps that use another's outputs.
    QList<bool> seen(d.steps.size(), false);
    QList<int> stack{step};
    while (!stack.isEmpty()) {
        const int current = stack.takeLast();
        for (const QString &dep : d.steps.at(current).after) {
            const int index = d.indexOf.value(dep, -1);
            if (index < 0 || seen[index])
                continue;
            if (index == ancestor)
                return true;
            seen[index] = true;
            stack.append(index);
        }
    }
    return false;
}

qint64 RetryPolicy::delayBefore(int next) const
{
    const double factor = std::pow(backoff, std::max(0, next - 2));
    const double delay = static_cast<double>(initialIntervalMs) * factor;
    return std::min<qint64>(maxIntervalMs, static_cast<qint64>(std::min(delay, 9.0e15)));
}

QString onErrorName(OnError policy)
{
    switch (policy) {
    case OnError::Pause: return QStringLiteral("pause");
    case OnError::Fail: return QStringLiteral("fail");
    case OnError::Continue: return QStringLiteral("continue");
    case OnError::Rollback: return QStringLiteral("rollback");
    }
    return {};
}

QString DefinitionError::toString() const
{
    return QStringLiteral("%1:%2: %3 at %4: %5").arg(line).arg(column).arg(code, pointer, message);
}

namespace {

// An order's approval step may wait for one level of the order's policy: its
// number (from 1) and, to show, its name. Without them it waits for the whole decision.
bool approvalLevelInputsValid(const QJsonObject &with)
{
    for (auto it = with.begin(); it != with.end(); ++it) {
        if (it.key() == QLatin1String("level")) {
            if (!hasType(it.value(), InputType::Integer) || it.value().toInteger() < 1)
                return false;
        } else if (it.key() == QLatin1String("final")) {
            if (!it.value().isBool())
                return false;
        } else if (it.key() != QLatin1String("name") || !it.value().isString()) {
            return false;
        }
    }
    return with.isEmpty() || with.contains(QLatin1String("level"));
}

ParsedWorkflow parse(const QByteArray &json, const ActionRegistry &actions, int maxSteps, bool withPositions)
{
    ParsedWorkflow result;
    const qsizetype maxBytes = maxSteps > kMaxSteps ? kMaxDefinitionBytes * (maxSteps / kMaxSteps + 1) : kMaxDefinitionBytes;
    if (json.size() > maxBytes) {
        result.errors.append({QStringLiteral("too-large"), QStringLiteral("/"), 1, 1,
                              Text::tr("the definition has %1 bytes, more than the limit of %2").arg(json.size()).arg(maxBytes)});
        return result;
    }
    JsonReader reader;
    if (!reader.read(json, withPositions)) {
        const auto &f = reader.failure();
        result.errors.append({f.code, f.pointer.isEmpty() ? QStringLiteral("/") : f.pointer, f.position.line, f.position.column, f.message});
        return result;
    }
    Validator v(reader, actions);
    if (!reader.value().isObject()) {
        v.error(QStringLiteral("wrong-type"), QString(), Text::tr("a workflow definition is a JSON object"));
        result.errors = v.errors;
        return result;
    }
    const QJsonObject top = reader.value().toObject();
    v.unknownFields(top, kTopKeys, QString());

    WorkflowDefinition d;
    d.source = top;
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"));
    d.name = top.value(QLatin1String("name")).toString();
    if (!top.value(QLatin1String("name")).isString())
        v.error(QStringLiteral("missing-field"), QStringLiteral("/name"), Text::tr("a workflow needs a name"));
    else if (!namePattern.match(d.name).hasMatch())
        v.error(QStringLiteral("bad-value"), QStringLiteral("/name"), Text::tr("a name is 1-100 letters, digits, dots, dashes or underscores"));
    const QJsonValue version = top.value(QLatin1String("version"));
    if (version.isUndefined())
        v.error(QStringLiteral("missing-field"), QStringLiteral("/version"), Text::tr("a workflow needs a version"));
    else if (!hasType(version, InputType::Integer) || version.toDouble() < 1 || version.toDouble() > std::numeric_limits<int>::max())
        v.error(QStringLiteral("wrong-type"), QStringLiteral("/version"),
                Text::tr("the version is a whole number from 1 to %1").arg(std::numeric_limits<int>::max()));
    else
        d.version = version.toInt();

    // Inputs
    const QJsonValue inputs = top.value(QLatin1String("inputs"));
    if (!inputs.isUndefined() && !inputs.isObject())
        v.error(QStringLiteral("wrong-type"), QStringLiteral("/inputs"), Text::tr("'inputs' maps each input's name to its description"));
    const QJsonObject inputObject = inputs.toObject();
    for (auto it = inputObject.begin(); it != inputObject.end(); ++it) {
        const QString at = QStringLiteral("/inputs/") + jsonPointerEscape(it.key());
        if (!it.value().isObject()) {
            v.error(QStringLiteral("wrong-type"), at, Text::tr("input '%1' must be an object like {\"type\": \"integer\"}").arg(quoted(it.key())));
            continue;
        }
        const QJsonObject o = it.value().toObject();
        v.unknownFields(o, kInputKeys, at);
        InputDefinition in{it.key(), InputType::Any, o.value(QLatin1String("required")).toBool(false),
                           o.value(QLatin1String("default"))};
        if (o.contains(QLatin1String("type"))) {
            const auto type = inputTypeFromName(o.value(QLatin1String("type")).toString());
            if (!type)
                v.error(QStringLiteral("bad-value"), at + QStringLiteral("/type"),
                        Text::tr("unknown type '%1'").arg(quoted(o.value(QLatin1String("type")).toString())));
            else
                in.type = *type;
        }
        if (!in.defaultValue.isUndefined() && !hasType(in.defaultValue, in.type))
            v.error(QStringLiteral("wrong-type"), at + QStringLiteral("/default"), Text::tr("the default is not of type %1").arg(inputTypeName(in.type)));
        d.inputs.append(in);
    }

    if (top.contains(QLatin1String("onError"))) {
        if (auto p = v.errorPolicy(top.value(QLatin1String("onError")), QStringLiteral("/onError")))
            d.onError = *p;
    }

    // Steps
    const QJsonValue stepsValue = top.value(QLatin1String("steps"));
    if (!stepsValue.isArray() || stepsValue.toArray().isEmpty()) {
        v.error(stepsValue.isUndefined() ? QStringLiteral("missing-field") : QStringLiteral("wrong-type"), QStringLiteral("/steps"),
                Text::tr("a workflow needs a non-empty list of steps"));
        result.errors = v.errors;
        return result;
    }
    const QJsonArray steps = stepsValue.toArray();
    if (steps.size() > maxSteps) {
        v.error(QStringLiteral("too-many-steps"), QStringLiteral("/steps"),
                Text::tr("%1 steps, more than the limit of %2").arg(steps.size()).arg(maxSteps));
        result.errors = v.errors;
        return result;
    }
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]{0,63}$"));
    QHash<QString, QString> stepPointer;
    bool stepsMalformed = false; // then step indices no longer match: stop before the checks across steps
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QString at = QStringLiteral("/steps/") + QString::number(i);
        if (!steps.at(i).isObject()) {
            v.error(QStringLiteral("wrong-type"), at, Text::tr("a step is a JSON object"));
            stepsMalformed = true;
            continue;
        }
        const QJsonObject o = steps.at(i).toObject();
        v.unknownFields(o, kStepKeys, at);
        StepDefinition s;
        s.id = o.value(QLatin1String("id")).toString();
        if (!o.value(QLatin1String("id")).isString()) {
            v.error(QStringLiteral("missing-field"), at + QStringLiteral("/id"), Text::tr("a step needs an id"));
            stepsMalformed = true;
            continue;
        }
        if (!idPattern.match(s.id).hasMatch())
            v.error(QStringLiteral("bad-value"), at + QStringLiteral("/id"),
                    Text::tr("step id '%1': 1-64 letters, digits, dashes or underscores, not starting with a digit or dash").arg(quoted(s.id)));
        if (stepPointer.contains(s.id))
            v.error(QStringLiteral("duplicate-step"), at + QStringLiteral("/id"),
                    Text::tr("step id '%1' is already used at %2").arg(quoted(s.id), stepPointer.value(s.id)));
        stepPointer.insert(s.id, at);
        s.action = o.value(QLatin1String("action")).toString();
        if (!o.value(QLatin1String("action")).isString())
            v.error(QStringLiteral("missing-field"), at + QStringLiteral("/action"), Text::tr("step '%1' needs an action").arg(quoted(s.id)));
        else if (!isEngineStep(s.action) && !actions.find(s.action))
            v.error(QStringLiteral("unknown-action"), at + QStringLiteral("/action"),
                    Text::tr("unknown action '%1' (known: %2)")
                        .arg(quoted(s.action), (actions.names() + QStringList{kHumanTaskAction, kTimerAction, kOrderApprovalAction,
                                                                             kOrderProvisionAction})
                                                   .join(QStringLiteral(", "))));
        const QJsonValue with = o.value(QLatin1String("with"));
        if (!with.isUndefined() && !with.isObject())
            v.error(QStringLiteral("wrong-type"), at + QStringLiteral("/with"), Text::tr("'with' is an object of inputs"));
        s.with = with.toObject();
        if (s.action == kTimerAction && !s.with.contains(QLatin1String("ms")))
            v.error(QStringLiteral("missing-input"), at + QStringLiteral("/with"), Text::tr("action %1 needs the input 'ms'").arg(kTimerAction));
        else if (s.action == kTimerAction && !isTemplate(s.with.value(QLatin1String("ms"))) && !hasType(s.with.value(QLatin1String("ms")), InputType::Integer))
            v.error(QStringLiteral("wrong-input-type"), at + QStringLiteral("/with/ms"),
                    Text::tr("input 'ms' of %1 must be of type integer").arg(kTimerAction));
        else if (s.action == kTimerAction && !isTemplate(s.with.value(QLatin1String("ms"))) && !timerDelayInRange(s.with.value(QLatin1String("ms"))))
            v.error(QStringLiteral("bad-value"), at + QStringLiteral("/with/ms"), timerDelayOutOfRange());
        else if (s.action == kOrderApprovalAction && !approvalLevelInputsValid(s.with))
            v.error(QStringLiteral("unknown-input"), at + QStringLiteral("/with"),
                    Text::tr("%1 takes only 'level' (a whole number from 1), 'name' (the level's name) and 'final' (true: the "
                             "step waits for the whole decision): it works on the workflow's order").arg(s.action));
        else if (isOrderStep(s.action) && s.action != kOrderApprovalAction && !s.with.isEmpty())
            v.error(QStringLiteral("unknown-input"), at + QStringLiteral("/with"),
                    Text::tr("%1 takes no inputs: it works on the workflow's order").arg(s.action));
        else
            v.checkInputs(s.action, s.with, at + QStringLiteral("/with"));
        s.editable = v.editableInputs(s.action, o.value(QLatin1String("editable")), at + QStringLiteral("/editable"));
        const QJsonValue after = o.value(QLatin1String("after"));
        if (!after.isUndefined() && !after.isArray())
            v.error(QStringLiteral("wrong-type"), at + QStringLiteral("/after"), Text::tr("'after' is a list of step ids"));
        const QJsonArray afterList = after.toArray();
        for (qsizetype k = 0; k < afterList.size(); ++k) {
            if (!afterList.at(k).isString())
                v.error(QStringLiteral("wrong-type"), at + QStringLiteral("/after/") + QString::number(k), Text::tr("'after' is a list of step ids"));
            else if (s.after.contains(afterList.at(k).toString()))
                v.error(QStringLiteral("duplicate-step"), at + QStringLiteral("/after/") + QString::number(k),
                        Text::tr("'%1' is listed twice").arg(quoted(afterList.at(k).toString())));
            else
                s.after.append(afterList.at(k).toString());
        }
        const QJsonValue when = o.value(QLatin1String("when"));
        if (!when.isUndefined()) {
            if (!when.isString())
                v.error(QStringLiteral("wrong-type"), at + QStringLiteral("/when"), Text::tr("'when' is a condition in a string"));
            else
                s.when = when.toString();
        }
        const QJsonValue skipReason = o.value(QLatin1String("skipReason"));
        if (!skipReason.isUndefined()) {
            if (!skipReason.isString() || skipReason.toString().size() > 500)
                v.error(QStringLiteral("wrong-type"), at + QStringLiteral("/skipReason"),
                        Text::tr("'skipReason' is a text of at most 500 characters"));
            else if (s.when.isEmpty())
                v.error(QStringLiteral("missing-field"), at + QStringLiteral("/skipReason"),
                        Text::tr("'skipReason' says why 'when' skips the step, and the step has no 'when'"));
            else
                s.skipReason = skipReason.toString();
        }
        const QJsonValue retry = o.value(QLatin1String("retry"));
        if (!retry.isUndefined()) {
            const QString rat = at + QStringLiteral("/retry");
            if (!retry.isObject()) {
                v.error(QStringLiteral("wrong-type"), rat, Text::tr("'retry' is an object"));
            } else {
                const QJsonObject r = retry.toObject();
                v.unknownFields(r, kRetryKeys, rat);
                s.retry.maxAttempts = static_cast<int>(v.nonNegative(r, "maxAttempts", rat, 3).value_or(1));
                if (s.retry.maxAttempts < 1 || s.retry.maxAttempts > 1000)
                    v.error(QStringLiteral("bad-value"), rat + QStringLiteral("/maxAttempts"), Text::tr("maxAttempts must be between 1 and 1000"));
                s.retry.initialIntervalMs = v.nonNegative(r, "initialIntervalMs", rat, 1000).value_or(0);
                s.retry.maxIntervalMs = v.nonNegative(r, "maxIntervalMs", rat, std::max<qint64>(60000, s.retry.initialIntervalMs)).value_or(0);
                const QJsonValue backoff = r.value(QLatin1String("backoff"));
                if (!backoff.isUndefined() && (!backoff.isDouble() || backoff.toDouble() < 1.0 || backoff.toDouble() > 100.0))
                    v.error(QStringLiteral("bad-value"), rat + QStringLiteral("/backoff"), Text::tr("backoff is a number from 1 to 100"));
                else if (!backoff.isUndefined())
                    s.retry.backoff = backoff.toDouble();
                if (r.contains(QLatin1String("nonRetryable")) && !r.value(QLatin1String("nonRetryable")).isArray())
                    v.error(QStringLiteral("wrong-type"), rat + QStringLiteral("/nonRetryable"), Text::tr("'nonRetryable' is a list of error kinds"));
                if (r.contains(QLatin1String("nonRetryable"))) {
                    s.retry.nonRetryable.clear();
                    const QJsonArray kinds = r.value(QLatin1String("nonRetryable")).toArray();
                    for (qsizetype k = 0; k < kinds.size(); ++k) {
                        const auto kind = errorKindFromName(kinds.at(k).toString());
                        if (!kind)
                            v.error(QStringLiteral("bad-value"), rat + QStringLiteral("/nonRetryable/") + QString::number(k),
                                    Text::tr("unknown error kind '%1' (transient, permanent, authentication, bad-input, timeout, cancelled)")
                                        .arg(quoted(kinds.at(k).toString())));
                        else
                            s.retry.nonRetryable.append(*kind);
                    }
                    // A cancelled attempt is never retried, whatever the list says.
                    if (!s.retry.nonRetryable.contains(ErrorKind::Cancelled))
                        s.retry.nonRetryable.append(ErrorKind::Cancelled);
                }
            }
        }
        s.timeoutMs = v.nonNegative(o, "timeoutMs", at, 0).value_or(0);
        s.overallTimeoutMs = v.nonNegative(o, "overallTimeoutMs", at, 0).value_or(0);
        if (o.contains(QLatin1String("onError")))
            s.onError = v.errorPolicy(o.value(QLatin1String("onError")), at + QStringLiteral("/onError"));
        for (const char *part : {"compensate", "probe"}) {
            const QJsonValue pv = o.value(QLatin1String(part));
            if (pv.isUndefined())
                continue;
            const QString pat = at + QLatin1Char('/') + QLatin1String(part);
            if (!pv.isObject()) {
                v.error(QStringLiteral("wrong-type"), pat, Text::tr("'%1' is an object with an action").arg(QLatin1String(part)));
                continue;
            }
            const QJsonObject po = pv.toObject();
            const bool isProbe = QLatin1String(part) == QLatin1String("probe");
            v.unknownFields(po, isProbe ? QStringList{QStringLiteral("action"), QStringLiteral("with"), QStringLiteral("intervalMs"), QStringLiteral("maxWaitMs")}
                                        : QStringList{QStringLiteral("action"), QStringLiteral("with")},
                            pat);
            const QString a = po.value(QLatin1String("action")).toString();
            if (a.isEmpty())
                v.error(QStringLiteral("missing-field"), pat + QStringLiteral("/action"), Text::tr("'%1' needs an action").arg(QLatin1String(part)));
            else if (!actions.find(a))
                v.error(QStringLiteral("unknown-action"), pat + QStringLiteral("/action"), Text::tr("unknown action '%1'").arg(quoted(a)));
            else
                v.checkInputs(a, po.value(QLatin1String("with")).toObject(), pat + QStringLiteral("/with"));
            if (isProbe) {
                Probe p{a, po.value(QLatin1String("with")).toObject(), v.nonNegative(po, "intervalMs", pat, 5000).value_or(5000),
                        v.nonNegative(po, "maxWaitMs", pat, 600000).value_or(600000)};
                if (p.intervalMs < 1)
                    v.error(QStringLiteral("bad-value"), pat + QStringLiteral("/intervalMs"), Text::tr("intervalMs must be at least 1"));
                s.probe = p;
            } else {
                s.compensate = Compensation{a, po.value(QLatin1String("with")).toObject()};
            }
        }
        d.steps.append(s);
    }

    if (stepsMalformed) {
        result.errors = v.errors;
        return result;
    }

    // References between steps, then cycles.
    for (int i = 0; i < d.steps.size(); ++i)
        d.indexOf.insert(d.steps.at(i).id, i);
    d.dependents = QList<QList<int>>(d.steps.size());
    for (int i = 0; i < d.steps.size(); ++i) {
        const StepDefinition &s = d.steps.at(i);
        for (qsizetype k = 0; k < s.after.size(); ++k) {
            const auto dep = d.indexOf.constFind(s.after.at(k));
            if (dep == d.indexOf.constEnd())
                v.error(QStringLiteral("unknown-step"), QStringLiteral("/steps/%1/after/%2").arg(i).arg(k),
                        Text::tr("step '%1' comes after '%2', which does not exist").arg(quoted(s.id), quoted(s.after.at(k))));
            else if (*dep == i)
                v.error(QStringLiteral("cycle"), QStringLiteral("/steps/%1/after/%2").arg(i).arg(k), Text::tr("step '%1' comes after itself").arg(quoted(s.id)));
            else
                d.dependents[*dep].append(i);
        }
    }
    // Kahn's algorithm: whatever cannot be ordered lies on a cycle.
    QList<int> indegree(d.steps.size(), 0);
    for (const auto &list : std::as_const(d.dependents))
        for (int dep : list)
            ++indegree[dep];
    QList<int> queue;
    for (int i = 0; i < d.steps.size(); ++i)
        if (indegree[i] == 0)
            queue.append(i);
    for (qsizetype head = 0; head < queue.size(); ++head) {
        for (int dep : d.dependents.at(queue.at(head))) {
            if (--indegree[dep] == 0)
                queue.append(dep);
        }
    }
    const bool acyclic = queue.size() == d.steps.size();
    if (!acyclic) {
        for (int i = 0; i < d.steps.size(); ++i) {
            if (indegree[i] > 0) {
                v.error(QStringLiteral("cycle"), QStringLiteral("/steps/%1/after").arg(i),
                        Text::tr("step '%1' is part of a cycle of 'after' references").arg(quoted(d.steps.at(i).id)));
                break;
            }
        }
    }

    // Templates and conditions may only use declared inputs and earlier steps.
    QSet<QString> inputNames;
    for (const InputDefinition &in : std::as_const(d.inputs))
        inputNames.insert(in.name);
    for (int i = 0; i < d.steps.size(); ++i) {
        const StepDefinition &s = d.steps.at(i);
        const QString at = QStringLiteral("/steps/%1").arg(i);
        QList<QPair<Reference, QString>> refs;
        v.checkTemplates(s.with, at + QStringLiteral("/with"), refs);
        if (s.compensate)
            v.checkTemplates(s.compensate->with, at + QStringLiteral("/compensate/with"), refs);
        if (s.probe)
            v.checkTemplates(s.probe->with, at + QStringLiteral("/probe/with"), refs);
        if (!s.when.isEmpty()) {
            QList<Reference> found;
            if (auto problem = Condition::check(s.when, found))
                v.error(QStringLiteral("bad-condition"), at + QStringLiteral("/when"), *problem);
            for (const Reference &r : std::as_const(found))
                refs.append({r, at + QStringLiteral("/when")});
        }
        for (const auto &[r, where] : std::as_const(refs)) {
            if (r.root == QLatin1String("inputs") && !inputNames.contains(r.path.first()))
                v.error(QStringLiteral("bad-reference"), where, Text::tr("no input '%1' is declared").arg(quoted(r.path.first())));
            if (r.root == QLatin1String("steps")) {
                const auto target = d.indexOf.constFind(r.path.first());
                if (target == d.indexOf.constEnd())
                    v.error(QStringLiteral("bad-reference"), where, Text::tr("no step '%1'").arg(quoted(r.path.first())));
                else if (acyclic && *target != i && !comesAfter(d, i, *target))
                    v.error(QStringLiteral("bad-reference"), where,
                            Text::tr("step '%1' uses step '%2', which it does not come after").arg(quoted(s.id), quoted(r.path.first())));
            }
        }
    }
    result.errors = v.errors;
    if (result.errors.isEmpty())
        result.definition = d;
    return result;
}

} // namespace

ParsedWorkflow parseWorkflow(const QByteArray &json, const ActionRegistry &actions, int maxSteps)
{
    // Where each value starts is only needed to report errors: a definition
    // that validates (as every stored one does) is read without that bookkeeping.
    ParsedWorkflow result = parse(json, actions, maxSteps, false);
    if (!result.errors.isEmpty())
        result = parse(json, actions, maxSteps, true);
    return result;
}

std::optional<QString> bindInputs(const WorkflowDefinition &definition, const QJsonObject &given, QJsonObject &bound)
{
    bound = {};
    for (auto it = given.begin(); it != given.end(); ++it) {
        const bool known = std::any_of(definition.inputs.begin(), definition.inputs.end(),
                                       [&](const InputDefinition &in) { return in.name == it.key(); });
        if (!known)
            return Text::tr("the workflow %1 has no input '%2'").arg(quoted(definition.name), quoted(it.key()));
    }
    for (const InputDefinition &in : definition.inputs) {
        QJsonValue value = given.value(in.name);
        // Text from the command line is read as the declared type.
        if (value.isString() && in.type != InputType::String && in.type != InputType::Any) {
            const QString text = value.toString();
            if (in.type == InputType::Boolean && (text == QLatin1String("true") || text == QLatin1String("false")))
                value = text == QLatin1String("true");
            else if ((in.type == InputType::Integer || in.type == InputType::Number) && !text.isEmpty()) {
                bool isNumber = false;
                const double d = text.toDouble(&isNumber);
                if (isNumber)
                    value = d;
            } else if (in.type == InputType::Object || in.type == InputType::Array) {
                const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
                if (doc.isObject())
                    value = doc.object();
                else if (doc.isArray())
                    value = doc.array();
            }
        }
        if (value.isUndefined())
            value = in.defaultValue;
        if (value.isUndefined()) {
            if (in.required)
                return Text::tr("the workflow %1 needs the input '%2'").arg(quoted(definition.name), quoted(in.name));
            continue;
        }
        if (!hasType(value, in.type))
            return Text::tr("input '%1' must be of type %2").arg(quoted(in.name), inputTypeName(in.type));
        bound.insert(in.name, value);
    }
    return std::nullopt;
}

} // namespace ordo::engine
