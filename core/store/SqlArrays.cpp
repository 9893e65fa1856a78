#include "store/SqlArrays.h"

namespace ordo::sqlarrays {

namespace {
// Quoted, its quotes and backslashes escaped. PostgreSQL text holds no NUL
// (say, in a script's error output).
QString element(QString text)
{
    return QLatin1Char('"') + text.remove(QChar(u'\0')).replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""))
           + QLatin1Char('"');
}
} // namespace

QString texts(const QStringList &values)
{
    QStringList parts;
    parts.reserve(values.size());
    for (const QString &t : values)
        parts.append(element(t));
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

QString column(const QList<QVariantList> &rows, qsizetype column)
{
    QString array = QStringLiteral("{");
    for (qsizetype r = 0; r < rows.size(); ++r) {
        const QVariant &v = rows.at(r).at(column);
        if (r)
            array += QLatin1Char(',');
        if (v.isNull())
            array += QStringLiteral("NULL");
        else if (v.typeId() == QMetaType::QString)
            array += element(v.toString());
        else
            array += QString::number(v.toLongLong());
    }
    return array + QLatin1Char('}');
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
