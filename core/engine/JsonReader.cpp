#include "engine/JsonReader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace ordo::engine {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::engine::JsonReader)
};

} // namespace

QString jsonPointerEscape(const QString &key)
{
    QString escaped = key;
    escaped.replace(QLatin1Char('~'), QStringLiteral("~0"));
    escaped.replace(QLatin1Char('/'), QStringLiteral("~1"));
    return escaped;
}

bool JsonReader::read(const QByteArray &utf8, bool rememberPositions)
{
    m_rememberPositions = rememberPositions;
    m_text = utf8;
    m_pos = 0;
    m_line = 1;
    m_lineStart = 0;
    m_columnPos = 0;
    m_columnChars = 0;
    m_positions.clear();
    m_failure = {};
    m_value = QJsonValue();
    skipWhitespace();
    if (!parseValue(m_value, QString(), 1))
        return false;
    skipWhitespace();
    if (m_pos != m_text.size())
        return fail(QStringLiteral("syntax"), QString(), Text::tr("unexpected text after the end of the document"));
    return true;
}

SourcePosition JsonReader::position(const QString &pointer) const
{
    QString p = pointer;
    while (true) {
        const auto it = m_positions.constFind(p);
        if (it != m_positions.constEnd())
            return *it;
        if (p.isEmpty())
            return {1, 1};
        p.truncate(p.lastIndexOf(QLatin1Char('/')));
    }
}

SourcePosition JsonReader::here() const
{
    // Columns count characters (UTF-16 units, as editors do), not bytes.
    if (m_columnPos < m_lineStart || m_columnPos > m_pos) {
        m_columnPos = m_lineStart;
        m_columnChars = 0;
    }
    for (; m_columnPos < m_pos; ++m_columnPos) {
        const auto byte = static_cast<unsigned char>(m_text.at(m_columnPos));
        if ((byte & 0xC0) != 0x80)
            m_columnChars += byte >= 0xF0 ? 2 : 1; // a 4-byte sequence is a surrogate pair
    }
    return {m_line, m_columnChars + 1};
}

bool JsonReader::fail(const QString &code, const QString &pointer, const QString &message)
{
    m_failure = {code, pointer, here(), message};
    return false;
}

void JsonReader::skipWhitespace()
{
    while (m_pos < m_text.size()) {
        const char c = m_text.at(m_pos);
        if (c == '\n') {
            ++m_line;
            m_lineStart = m_pos + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        ++m_pos;
    }
}

bool JsonReader::parseValue(QJsonValue &out, const QString &pointer, int depth)
{
    if (depth > kMaxDepth)
        return fail(QStringLiteral("too-deep"), pointer, Text::tr("nested deeper than %1 levels").arg(kMaxDepth));
    if (m_rememberPositions)
        m_positions.insert(pointer, here());
    if (m_pos >= m_text.size())
        return fail(QStringLiteral("syntax"), pointer, Text::tr("unexpected end of the document"));
    switch (m_text.at(m_pos)) {
    case '{':
        return parseObject(out, pointer, depth);
    case '[':
        return parseArray(out, pointer, depth);
    case '"': {
        QString s;
        if (!parseString(s))
            return false;
        out = s;
        return true;
    }
    case 't':
        return parseLiteral("true", QJsonValue(true), out);
    case 'f':
        return parseLiteral("false", QJsonValue(false), out);
    case 'n':
        return parseLiteral("null", QJsonValue(QJsonValue::Null), out);
    default:
        return parseNumber(out);
    }
}

bool JsonReader::parseObject(QJsonValue &out, const QString &pointer, int depth)
{
    QJsonObject object;
    ++m_pos; // {
    skipWhitespace();
    if (m_pos < m_text.size() && m_text.at(m_pos) == '}') {
        ++m_pos;
        out = object;
        return true;
    }
    while (true) {
        skipWhitespace();
        if (m_pos >= m_text.size() || m_text.at(m_pos) != '"')
            return fail(QStringLiteral("syntax"), pointer, Text::tr("expected a key in double quotes"));
        const SourcePosition keyAt = here();
        QString key;
        if (!parseString(key))
            return false;
        const QString child = pointer + QLatin1Char('/') + jsonPointerEscape(key);
        if (object.contains(key)) {
            m_failure = {QStringLiteral("duplicate-key"), child, keyAt, Text::tr("the key '%1' appears twice").arg(key)};
            return false;
        }
        skipWhitespace();
        if (m_pos >= m_text.size() || m_text.at(m_pos) != ':')
            return fail(QStringLiteral("syntax"), child, Text::tr("expected ':' after the key"));
        ++m_pos;
        skipWhitespace();
        QJsonValue value;
        if (!parseValue(value, child, depth + 1))
            return false;
        object.insert(key, value);
        skipWhitespace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == ',') {
            ++m_pos;
            continue;
        }
        if (m_pos < m_text.size() && m_text.at(m_pos) == '}') {
            ++m_pos;
            out = object;
            return true;
        }
        return fail(QStringLiteral("syntax"), pointer, Text::tr("expected ',' or '}'"));
    }
}

bool JsonReader::parseArray(QJsonValue &out, const QString &pointer, int depth)
{
    QJsonArray array;
    ++m_pos; // [
    skipWhitespace();
    if (m_pos < m_text.size() && m_text.at(m_pos) == ']') {
        ++m_pos;
        out = array;
        return true;
    }
    while (true) {
        skipWhitespace();
        QJsonValue value;
        if (!parseValue(value, pointer + QLatin1Char('/') + QString::number(array.size()), depth + 1))
            return false;
        array.append(value);
        skipWhitespace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == ',') {
            ++m_pos;
            continue;
        }
        if (m_pos < m_text.size() && m_text.at(m_pos) == ']') {
            ++m_pos;
            out = array;
            return true;
        }
        return fail(QStringLiteral("syntax"), pointer, Text::tr("expected ',' or ']'"));
    }
}

bool JsonReader::parseString(QString &out)
{
    ++m_pos; // opening quote
    QByteArray raw;
    while (m_pos < m_text.size()) {
        const char c = m_text.at(m_pos);
        if (c == '"') {
            ++m_pos;
            out = QString::fromUtf8(raw);
            return true;
        }
        if (static_cast<unsigned char>(c) < 0x20)
            return fail(QStringLiteral("syntax"), QString(), Text::tr("control character inside a string"));
        if (c != '\\') {
            raw.append(c);
            ++m_pos;
            continue;
        }
        if (m_pos + 1 >= m_text.size())
            break;
        const char e = m_text.at(m_pos + 1);
        m_pos += 2;
        switch (e) {
        case '"': raw.append('"'); break;
        case '\\': raw.append('\\'); break;
        case '/': raw.append('/'); break;
        case 'b': raw.append('\b'); break;
        case 'f': raw.append('\f'); break;
        case 'n': raw.append('\n'); break;
        case 'r': raw.append('\r'); break;
        case 't': raw.append('\t'); break;
        case 'u': {
            const auto hex4 = [&](char32_t &unit) {
                if (m_pos + 4 > m_text.size())
                    return false;
                bool ok = false;
                unit = m_text.mid(m_pos, 4).toUInt(&ok, 16);
                m_pos += 4;
                return ok;
            };
            char32_t unit = 0;
            if (!hex4(unit))
                return fail(QStringLiteral("syntax"), QString(), Text::tr("bad \\u escape"));
            if (unit >= 0xD800 && unit <= 0xDBFF && m_pos + 6 <= m_text.size() && m_text.at(m_pos) == '\\'
                && m_text.at(m_pos + 1) == 'u') {
                m_pos += 2;
                char32_t low = 0;
                if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
                    return fail(QStringLiteral("syntax"), QString(), Text::tr("bad surrogate pair"));
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }
            raw.append(QString::fromUcs4(&unit, 1).toUtf8());
            break;
        }
        default:
            return fail(QStringLiteral("syntax"), QString(), Text::tr("unknown escape '\\%1'").arg(QLatin1Char(e)));
        }
    }
    return fail(QStringLiteral("syntax"), QString(), Text::tr("unterminated string"));
}

bool JsonReader::parseNumber(QJsonValue &out)
{
    const qsizetype start = m_pos;
    const auto digits = [&] {
        const qsizetype from = m_pos;
        while (m_pos < m_text.size() && m_text.at(m_pos) >= '0' && m_text.at(m_pos) <= '9')
            ++m_pos;
        return m_pos > from;
    };
    if (m_pos < m_text.size() && m_text.at(m_pos) == '-')
        ++m_pos;
    if (!digits())
        return fail(QStringLiteral("syntax"), QString(), Text::tr("expected a value"));
    if (m_pos < m_text.size() && m_text.at(m_pos) == '.') {
        ++m_pos;
        if (!digits())
            return fail(QStringLiteral("syntax"), QString(), Text::tr("expected digits after '.'"));
    }
    if (m_pos < m_text.size() && (m_text.at(m_pos) == 'e' || m_text.at(m_pos) == 'E')) {
        ++m_pos;
        if (m_pos < m_text.size() && (m_text.at(m_pos) == '+' || m_text.at(m_pos) == '-'))
            ++m_pos;
        if (!digits())
            return fail(QStringLiteral("syntax"), QString(), Text::tr("expected digits in the exponent"));
    }
    bool ok = false;
    const double d = m_text.mid(start, m_pos - start).toDouble(&ok);
    if (!ok)
        return fail(QStringLiteral("syntax"), QString(), Text::tr("number out of range"));
    out = d;
    return true;
}

bool JsonReader::parseLiteral(const char *word, QJsonValue value, QJsonValue &out)
{
    const QByteArray w(word);
    if (m_text.mid(m_pos, w.size()) != w)
        return fail(QStringLiteral("syntax"), QString(), Text::tr("expected a value"));
    m_pos += w.size();
    out = value;
    return true;
}

} // namespace ordo::engine
