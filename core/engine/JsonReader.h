#pragma once

#include <QHash>
#include <QJsonValue>
#include <QString>

namespace ordo::engine {

struct SourcePosition
{
    int line = 0;   // 1-based
    int column = 0; // 1-based, in characters of the line
};

// A strict JSON reader that, unlike QJsonDocument, refuses duplicate keys
// (Qt silently keeps the last one) and remembers where every value starts,
// so that validation errors can name a line and column.
class JsonReader
{
public:
    struct Failure
    {
        QString code; // "syntax", "duplicate-key", "too-deep"
        QString pointer;
        SourcePosition position;
        QString message;
    };

    static constexpr int kMaxDepth = 64;

    // Returns false and fills failure() when the text is not acceptable JSON.
    // Without `rememberPositions`, position() knows only the document's start.
    bool read(const QByteArray &utf8, bool rememberPositions = true);

    const QJsonValue &value() const { return m_value; }
    const Failure &failure() const { return m_failure; }
    // Where the value at a JSON pointer starts; the nearest parent's if unknown.
    SourcePosition position(const QString &pointer) const;

private:
    bool parseValue(QJsonValue &out, const QString &pointer, int depth);
    bool parseObject(QJsonValue &out, const QString &pointer, int depth);
    bool parseArray(QJsonValue &out, const QString &pointer, int depth);
    bool parseString(QString &out);
    bool parseNumber(QJsonValue &out);
    bool parseLiteral(const char *word, QJsonValue value, QJsonValue &out);
    void skipWhitespace();
    SourcePosition here() const;
    bool fail(const QString &code, const QString &pointer, const QString &message);

    QByteArray m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    // Column bookkeeping that only moves forward, so one-line documents stay linear.
    mutable qsizetype m_columnPos = 0;
    mutable int m_columnChars = 0;
    QJsonValue m_value;
    Failure m_failure;
    QHash<QString, SourcePosition> m_positions;
    bool m_rememberPositions = true;
};

QString jsonPointerEscape(const QString &key);

} // namespace ordo::engine
