#pragma once

#include <QDateTime>
#include <QVariant>

namespace ordo {

// The one way a time is stored: epoch milliseconds, UTC, in an INTEGER
// column. An invalid time is stored as NULL and reads back invalid.
inline QVariant toDbTime(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

inline QDateTime fromDbTime(const QVariant &v)
{
    if (v.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

} // namespace ordo
