#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace ordo {

// Lookups in tables of enum values and their names (as stored, and as typed
// on the command line): constexpr std::pair<E, const char *> table[] = {...}.
template<typename E, std::size_t N>
QString nameOf(const std::pair<E, const char *> (&table)[N], E value)
{
    for (const auto &[v, name] : table)
        if (v == value)
            return QString::fromLatin1(name);
    return {};
}

template<typename E, std::size_t N>
std::optional<E> valueOf(const std::pair<E, const char *> (&table)[N], const QString &name)
{
    for (const auto &[v, n] : table)
        if (name == QLatin1String(n))
            return v;
    return std::nullopt;
}

} // namespace ordo
