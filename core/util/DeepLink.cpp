#include "util/DeepLink.h"

#include <QCoreApplication>

#include <algorithm>


namespace ordo {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::DeepLink)
};

constexpr qsizetype kMaxLength = 64;
const QString kScheme = QStringLiteral("ordo://");
const QString kOrderQuery = QStringLiteral("?order=");

} // namespace

Result<DeepLink> parseDeepLink(const QString &text)
{
    if (text.size() > kMaxLength)
        return Error::badInput(Text::tr("the link is longer than %n character(s)", nullptr, int(kMaxLength)));
    if (!text.startsWith(kScheme))
        return Error::badInput(Text::tr("not an Ordo link: it must start with %1").arg(kScheme));
    const QString rest = text.mid(kScheme.size());
    const qsizetype query = rest.indexOf(u'?');
    const QString target = rest.left(query);
    DeepLink link;
    if (target == QLatin1String("approvals"))
        link.target = DeepLink::Target::Approval;
    else if (target == QLatin1String("orders"))
        link.target = DeepLink::Target::Order;
    else
        return Error::badInput(Text::tr("an Ordo link opens approvals or orders, not \"%1\"").arg(target));
    if (query < 0 || rest.mid(query, kOrderQuery.size()) != kOrderQuery)
        return Error::badInput(Text::tr("the link names no order: it must end in %1 and the order's number").arg(kOrderQuery));
    const QString digits = rest.mid(query + kOrderQuery.size());
    // Checked by hand: toLongLong would take signs, spaces and other scripts' digits.
    const bool ascii = !digits.isEmpty() && std::all_of(digits.cbegin(), digits.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (!ascii || digits.startsWith(u'0'))
        return Error::badInput(Text::tr("the order in the link must be a number from 1 without leading zeros, not \"%1\"").arg(digits));
    bool fits = false;
    link.orderId = digits.toLongLong(&fits);
    if (!fits)
        return Error::badInput(Text::tr("the order number in the link is too large"));
    return link;
}

QString deepLinkText(const DeepLink &link)
{
    const QString target = link.target == DeepLink::Target::Approval ? QStringLiteral("approvals") : QStringLiteral("orders");
    return kScheme + target + kOrderQuery + QString::number(link.orderId);
}

} // namespace ordo
