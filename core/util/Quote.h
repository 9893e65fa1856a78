#pragma once

#include <QString>

namespace ordo {

// How much of a user's input an error message repeats: enough to recognise it,
// never the whole of a pasted file.
constexpr qsizetype kMaxQuotedChars = 200;

// The text as an error message may quote it: unchanged when short, otherwise
// its start, "…" and its length.
QString quoted(const QString &text);

} // namespace ordo
