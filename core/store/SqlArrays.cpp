#include "store/SqlArrays.h"

#include <charconv>

namespace ordo::sqlarrays {

void appendNumber(QString &array, qlonglong n)
{
    char digits[24];
    const auto written = std::to_chars(digits, digits + sizeof digits, n);
    array += QLatin1StringView(digits, written.ptr - digits);
}

// Quoted, its quotes and backslashes escaped; written straight into the literal,
// since every step a pump writes passes here. PostgreSQL text holds no NUL (say,
// in a script's error output): it is left out.
void appendText(QString &array, QStringView text)
{
    array += QLatin1Char('"');
    qsizetype from = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c != u'"' && c != u'\\' && c != u'\0')
            continue;
        array += text.sliced(from, i - from);
        if (c != u'\0') {
            array += QLatin1Char('\\');
            array += QChar(c);
        }
        from = i + 1;
    }
    array += text.sliced(from);
    array += QLatin1Char('"');
}

QString texts(const QStringList &values)
{
    return literal(values.size(), 16, [&values](QString &array, qsizetype i) { appendText(array, values.at(i)); });
}

QString column(const QList<QVariantList> &rows, qsizetype column)
{
    return literal(rows.size(), 12, [&rows, column](QString &array, qsizetype r) {
        const QVariant &v = rows.at(r).at(column);
        if (v.isNull())
            array += QLatin1StringView("NULL");
        else if (v.typeId() == QMetaType::QString)
            appendText(array, *static_cast<const QString *>(v.constData()));
        else
            appendNumber(array, v.toLongLong());
    });
}

QVariantList columns(const QList<QVariantList> &rows, qsizetype columnCount)
{
    QVariantList arrays;
    arrays.reserve(columnCount);
    for (qsizetype c = 0; c < columnCount; ++c)
        arrays.append(column(rows, c));
    return arrays;
}

QString unnestOf(const QVariantList &row)
{
    QStringList casts;
    for (const QVariant &v : row)
        casts.append(v.typeId() == QMetaType::QString ? QStringLiteral("CAST(? AS text[])") : QStringLiteral("CAST(? AS bigint[])"));
    return QStringLiteral("unnest(") + casts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

} // namespace ordo::sqlarrays
