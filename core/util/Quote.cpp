#include "util/Quote.h"

#include <QCoreApplication>

#include <algorithm>
#include <climits>

namespace ordo {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::Quote)
};

} // namespace

QString quoted(const QString &text)
{
    if (text.size() <= kMaxQuotedChars)
        return text;
    // Never cut a character in two.
    const qsizetype keep = text.at(kMaxQuotedChars - 1).isHighSurrogate() ? kMaxQuotedChars - 1 : kMaxQuotedChars;
    return Text::tr("%1… (%n characters)", nullptr, static_cast<int>(std::min<qsizetype>(text.size(), INT_MAX)))
        .arg(text.left(keep));
}

} // namespace ordo
