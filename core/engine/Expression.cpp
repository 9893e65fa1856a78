#include "engine/Expression.h"

#include "engine/States.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace ordo::engine {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::engine::Expression)
};

const QStringList kRoots = {QStringLiteral("inputs"), QStringLiteral("steps"), QStringLiteral("secrets"),
                            QStringLiteral("workflow")};

std::optional<QString> parseReference(const QString &inner, Reference &out)
{
    static const QRegularExpression segment(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]*$"));
    const QStringList parts = inner.trimmed().split(QLatin1Char('.'));
    if (parts.isEmpty() || !kRoots.contains(parts.first()))
        return Text::tr("'${%1}' must start with inputs., steps., secrets. or workflow.").arg(inner);
    for (const QString &p : parts) {
        if (!segment.match(p).hasMatch())
            return Text::tr("'${%1}' has an empty or invalid name part '%2'").arg(inner, p);
    }
    if (parts.first() == QLatin1String("steps") && (parts.size() < 3 || (parts.at(2) != QLatin1String("outputs") && parts.at(2) != QLatin1String("state"))))
        return Text::tr("'${%1}': write steps.ID.outputs.NAME or steps.ID.state").arg(inner);
    if (parts.size() < 2)
        return Text::tr("'${%1}' names no value").arg(inner);
    out = {parts.first(), parts.mid(1)};
    return std::nullopt;
}

QJsonValue lookup(const Reference &r, const TemplateScope &scope)
{
    QJsonValue v;
    if (r.root == QLatin1String("secrets"))
        return QJsonObject{{QStringLiteral("$secret"), r.path.join(QLatin1Char('.'))}};
    if (r.root == QLatin1String("inputs"))
        v = scope.inputs;
    else if (r.root == QLatin1String("steps"))
        v = scope.steps;
    else
        v = scope.workflow;
    for (const QString &p : r.path) {
        if (!v.isObject())
            return QJsonValue(QJsonValue::Undefined);
        v = v.toObject().value(p);
    }
    return v;
}

QString asText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == static_cast<double>(static_cast<qint64>(d)) ? QString::number(static_cast<qint64>(d)) : QString::number(d);
    }
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    default:
        return QString::fromUtf8(QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
                                     .toJson(QJsonDocument::Compact));
    }
}

// The value a template stands for. Where nothing is there, an optional input
// that was not given and the outputs of a step that did not succeed (skipped,
// or failed under `continue`) read as null; anything else is a mistake of the
// definition's, named so that support can see which reference to mend.
Result<QJsonValue> resolveReference(const Reference &r, const TemplateScope &scope)
{
    const QJsonValue v = lookup(r, scope);
    if (!v.isUndefined())
        return v;
    if (r.root == QLatin1String("inputs") && r.path.size() == 1)
        return QJsonValue(QJsonValue::Null);
    if (r.root == QLatin1String("steps")
        && scope.steps.value(r.path.first()).toObject().value(QLatin1String("state")).toString() != stepStateName(StepState::Succeeded))
        return QJsonValue(QJsonValue::Null);
    return Error::badInput(Text::tr("'${%1}' refers to a value that does not exist").arg(r.root + QLatin1Char('.') + r.path.join(QLatin1Char('.'))));
}

// The length of a string as JSON text: quotes and escapes included.
qsizetype quotedSize(const QString &s)
{
    qsizetype size = s.size() + 2;
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (u == u'"' || u == u'\\' || u == u'\b' || u == u'\f' || u == u'\n' || u == u'\r' || u == u'\t')
            size += 1;
        else if (u < 0x20)
            size += 5; // \u00XX
    }
    return size;
}

// Adds the length of v as compact JSON text to size, counting no further once
// size is past kMaxStepDataSize: a value that holds one shared value many
// times over is never written out just to be measured.
void addTextSize(const QJsonValue &v, qsizetype &size)
{
    if (size > kMaxStepDataSize)
        return;
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        size += o.isEmpty() ? 2 : 1 + o.size(); // braces and commas
        for (auto it = o.begin(); it != o.end() && size <= kMaxStepDataSize; ++it) {
            size += quotedSize(it.key()) + 1;
            addTextSize(it.value(), size);
        }
        return;
    }
    case QJsonValue::Array: {
        const QJsonArray a = v.toArray();
        size += a.isEmpty() ? 2 : 1 + a.size();
        for (qsizetype i = 0; i < a.size() && size <= kMaxStepDataSize; ++i)
            addTextSize(a.at(i), size);
        return;
    }
    case QJsonValue::String:
        size += quotedSize(v.toString());
        return;
    case QJsonValue::Double: {
        // As QJsonDocument writes it: whole numbers in full, others as short as they read back.
        const double d = v.toDouble();
        if (!std::isfinite(d))
            size += 4; // null
        else if (d == std::trunc(d) && std::abs(d) < 1e18)
            size += QByteArray::number(static_cast<qint64>(d)).size();
        else
            size += QByteArray::number(d, 'g', QLocale::FloatingPointShortest).size();
        return;
    }
    case QJsonValue::Bool:
        size += v.toBool() ? 4 : 5;
        return;
    default:
        size += 4; // null
        return;
    }
}

Error tooLarge()
{
    return Error::badInput(Text::tr("the inputs come to more than %1 characters of JSON text, the most a step may take").arg(kMaxStepDataSize));
}

// resolveTemplates, adding the size of what it makes to size as it goes, and
// giving up as soon as that is over the bound.
Result<QJsonValue> resolveWithin(const QJsonValue &value, const TemplateScope &scope, qsizetype &size)
{
    if (value.isObject()) {
        QJsonObject o = value.toObject();
        size += o.isEmpty() ? 2 : 1 + o.size();
        // Keys first: assigning through an iterator while walking could remove a key under it.
        for (const QString &key : o.keys()) {
            size += quotedSize(key) + 1;
            ORDO_TRY(resolved, resolveWithin(o.value(key), scope, size));
            o.insert(key, resolved);
        }
        return QJsonValue(o);
    }
    if (value.isArray()) {
        QJsonArray a = value.toArray();
        size += a.isEmpty() ? 2 : 1 + a.size();
        for (qsizetype i = 0; i < a.size(); ++i) {
            ORDO_TRY(resolved, resolveWithin(a.at(i), scope, size));
            a.replace(i, resolved);
        }
        return QJsonValue(a);
    }
    const auto counted = [&size](const QJsonValue &v) -> Result<QJsonValue> {
        addTextSize(v, size);
        if (size > kMaxStepDataSize)
            return tooLarge();
        return v;
    };
    if (!value.isString())
        return counted(value);
    const QString text = value.toString();
    QList<Reference> refs;
    if (text.indexOf(QLatin1String("${")) < 0 || templateReferences(text, refs))
        return counted(value);
    // One whole template keeps the value's type: "${inputs.cpus}" stays a number.
    if (refs.size() == 1 && text.startsWith(QLatin1String("${")) && text.endsWith(QLatin1Char('}'))
        && text.indexOf(QLatin1String("${"), 2) < 0) {
        ORDO_TRY(resolved, resolveReference(refs.first(), scope));
        return counted(resolved);
    }
    QString out;
    qsizetype from = 0;
    for (const Reference &r : std::as_const(refs)) {
        const qsizetype start = text.indexOf(QLatin1String("${"), from);
        const qsizetype end = text.indexOf(QLatin1Char('}'), start);
        out += text.mid(from, start - from);
        // A secret is never spliced into text: only whole-value references may carry one.
        if (r.root == QLatin1String("secrets")) {
            out += QStringLiteral("${") + text.mid(start + 2, end - start - 2) + QLatin1Char('}');
        } else {
            ORDO_TRY(resolved, resolveReference(r, scope));
            out += asText(resolved);
        }
        if (size + out.size() > kMaxStepDataSize)
            return tooLarge();
        from = end + 1;
    }
    out += text.mid(from);
    return counted(QJsonValue(out));
}

// Recursive descent over the condition text. Checking and evaluating share
// it, so the depth limit keeps both off the end of the stack.
class ConditionParser
{
public:
    ConditionParser(const QString &text, const TemplateScope *scope) : m_text(text), m_scope(scope) {}

    std::optional<QString> error;
    QList<Reference> references;

    QJsonValue parse()
    {
        QJsonValue v = parseOr();
        skip();
        if (!error && m_pos < m_text.size())
            fail(Text::tr("unexpected '%1'").arg(m_text.mid(m_pos, 10)));
        return v;
    }

private:
    void skip()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }
    bool take(const char *token)
    {
        skip();
        const QLatin1String t(token);
        if (m_text.mid(m_pos, t.size()) == t) {
            m_pos += t.size();
            return true;
        }
        return false;
    }
    void fail(const QString &message)
    {
        if (!error)
            error = Text::tr("at character %1: %2").arg(m_pos + 1).arg(message);
    }
    // One more level of '(' or '!'; false, with the error set, beyond the limit.
    bool enter()
    {
        if (++m_depth <= kMaxConditionDepth)
            return true;
        fail(Text::tr("nested deeper than %1 levels").arg(kMaxConditionDepth));
        return false;
    }

    QJsonValue parseOr()
    {
        QJsonValue left = parseAnd();
        while (!error && take("||")) {
            const QJsonValue right = parseAnd();
            left = isTruthy(left) || isTruthy(right);
        }
        return left;
    }
    QJsonValue parseAnd()
    {
        QJsonValue left = parseNot();
        while (!error && take("&&")) {
            const QJsonValue right = parseNot();
            left = isTruthy(left) && isTruthy(right);
        }
        return left;
    }
    QJsonValue parseNot()
    {
        skip();
        if (m_pos < m_text.size() && m_text.at(m_pos) == QLatin1Char('!') && m_text.mid(m_pos, 2) != QLatin1String("!=")) {
            ++m_pos;
            if (!enter())
                return {};
            const bool negated = !isTruthy(parseNot());
            --m_depth;
            return negated;
        }
        return parseComparison();
    }
    QJsonValue parseComparison()
    {
        const QJsonValue left = parsePrimary();
        for (const char *op : {"==", "!=", "<=", ">=", "<", ">"}) {
            if (error || !take(op))
                continue;
            const QJsonValue right = parsePrimary();
            const QLatin1String o(op);
            if (o == QLatin1String("=="))
                return left == right;
            if (o == QLatin1String("!="))
                return left != right;
            if (left.isDouble() && right.isDouble()) {
                const double a = left.toDouble();
                const double b = right.toDouble();
                return o == QLatin1String("<") ? a < b : o == QLatin1String("<=") ? a <= b : o == QLatin1String(">") ? a > b : a >= b;
            }
            const int c = asText(left).compare(asText(right));
            return o == QLatin1String("<") ? c < 0 : o == QLatin1String("<=") ? c <= 0 : o == QLatin1String(">") ? c > 0 : c >= 0;
        }
        return left;
    }
    QJsonValue parsePrimary()
    {
        skip();
        if (m_pos >= m_text.size()) {
            fail(Text::tr("expected a value"));
            return {};
        }
        const QChar c = m_text.at(m_pos);
        if (c == QLatin1Char('(')) {
            ++m_pos;
            if (!enter())
                return {};
            const QJsonValue v = parseOr();
            --m_depth;
            if (!take(")"))
                fail(Text::tr("expected ')'"));
            return v;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            const qsizetype end = m_text.indexOf(c, m_pos + 1);
            if (end < 0) {
                fail(Text::tr("unterminated string"));
                return {};
            }
            const QString s = m_text.mid(m_pos + 1, end - m_pos - 1);
            m_pos = end + 1;
            return s;
        }
        if (m_text.mid(m_pos, 2) == QLatin1String("${")) {
            const qsizetype end = m_text.indexOf(QLatin1Char('}'), m_pos);
            if (end < 0) {
                fail(Text::tr("unterminated ${"));
                return {};
            }
            Reference r;
            if (auto problem = parseReference(m_text.mid(m_pos + 2, end - m_pos - 2), r)) {
                fail(*problem);
                return {};
            }
            m_pos = end + 1;
            references.append(r);
            return m_scope ? lookup(r, *m_scope) : QJsonValue();
        }
        static const QRegularExpression number(QStringLiteral("^-?[0-9]+(\\.[0-9]+)?"));
        const auto m = number.match(m_text.mid(m_pos));
        if (m.hasMatch()) {
            m_pos += m.capturedLength();
            return m.captured().toDouble();
        }
        for (const auto &[word, value] : {std::pair{"true", QJsonValue(true)}, std::pair{"false", QJsonValue(false)},
                                          std::pair{"null", QJsonValue(QJsonValue::Null)}}) {
            if (take(word))
                return value;
        }
        fail(Text::tr("expected a value"));
        return {};
    }

    QString m_text;
    const TemplateScope *m_scope;
    qsizetype m_pos = 0;
    int m_depth = 0;
};

} // namespace

bool isTruthy(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool();
    case QJsonValue::Double:
        return v.toDouble() != 0;
    case QJsonValue::String:
        return !v.toString().isEmpty() && v.toString() != QLatin1String("false");
    case QJsonValue::Array:
        return !v.toArray().isEmpty();
    case QJsonValue::Object:
        return true;
    default:
        return false;
    }
}

std::optional<QString> templateReferences(const QString &text, QList<Reference> &out)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype start = text.indexOf(QLatin1String("${"), from);
        if (start < 0)
            return std::nullopt;
        const qsizetype end = text.indexOf(QLatin1Char('}'), start);
        if (end < 0)
            return Text::tr("'${' without a closing '}'");
        Reference r;
        if (auto problem = parseReference(text.mid(start + 2, end - start - 2), r))
            return problem;
        out.append(r);
        from = end + 1;
    }
}

Result<QJsonValue> resolveTemplates(const QJsonValue &value, const TemplateScope &scope)
{
    qsizetype size = 0;
    ORDO_TRY(resolved, resolveWithin(value, scope, size));
    if (size > kMaxStepDataSize) // made of containers only
        return tooLarge();
    return resolved;
}

std::optional<QString> Condition::check(const QString &text, QList<Reference> &references)
{
    ConditionParser parser(text, nullptr);
    parser.parse();
    references = parser.references;
    return parser.error;
}

bool Condition::evaluate(const QString &text, const TemplateScope &scope)
{
    ConditionParser parser(text, &scope);
    const QJsonValue v = parser.parse();
    return !parser.error && isTruthy(v);
}

} // namespace ordo::engine
