#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

#include <type_traits>

// Rows sent to PostgreSQL as one array literal per column, bound as text and
// unnested into rows again by the server: one statement, planned once, for any
// number of rows, whose values the server reads without parsing them as SQL or
// JSON (array_in, not the parser). A column holds texts or whole numbers.
namespace ordo::sqlarrays {

// A whole number as an element of an array literal.
void appendNumber(QString &array, qlonglong n);
// A text as an element of an array literal: quoted, its quotes and backslashes escaped.
void appendText(QString &array, QStringView text);

// "{e0,e1,...}" for `count` elements, each appended by appendElement(array, i)
// (with appendNumber, appendText or "NULL"); elementSize is a guess of an
// element's length, for the one allocation.
template<typename AppendElement>
QString literal(qsizetype count, qsizetype elementSize, AppendElement appendElement)
{
    QString array;
    array.reserve(2 + count * elementSize);
    array += QLatin1Char('{');
    for (qsizetype i = 0; i < count; ++i) {
        if (i)
            array += QLatin1Char(',');
        appendElement(array, i);
    }
    array += QLatin1Char('}');
    return array;
}

// A list of whole numbers as an array literal.
template<typename Number>
QString numbers(const QList<Number> &values)
{
    static_assert(std::is_integral_v<Number> && (std::is_signed_v<Number> || sizeof(Number) < sizeof(qint64)),
                  "whole numbers that fit a bigint");
    return literal(values.size(), 8, [&values](QString &array, qsizetype i) { appendNumber(array, qlonglong(values.at(i))); });
}

// A list of texts as an array literal.
QString texts(const QStringList &values);

// The `column`th value of each row as an array literal; a null value is NULL.
QString column(const QList<QVariantList> &rows, qsizetype column);

// Each column of the rows as an array literal, in order: the binds of unnestOf.
QVariantList columns(const QList<QVariantList> &rows, qsizetype columnCount);

// "unnest(CAST(? AS bigint[]), CAST(? AS text[]), ...)" for rows like `row`:
// a column of texts as text, of numbers as bigint (a null keeps its type).
QString unnestOf(const QVariantList &row);

} // namespace ordo::sqlarrays
