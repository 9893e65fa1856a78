#include "Commands.h"
#include "Output.h"
#include "util/Quote.h"

#include <QJsonArray>

namespace ordo::cli {

Noun cartNoun()
{
    return {QStringLiteral("cart"), Text::tr("your cart, which survives restarts"),
            {{QStringLiteral("add"), Text::tr("ITEM [--set KEY=VALUE]... [--quantity N]"),
              Text::tr("adds an item, checked against its parameters"), {QStringLiteral("set"), QStringLiteral("quantity")}, 1,
              &Ordoctl::cartAdd},
             {QStringLiteral("list"), {}, Text::tr("lists the lines of the cart"), {}, 0, &Ordoctl::cartList},
             {QStringLiteral("quantity"), Text::tr("LINE N"), Text::tr("sets the quantity of a line"), {}, 2, &Ordoctl::cartQuantity},
             {QStringLiteral("remove"), Text::tr("LINE"), Text::tr("removes a line"), {}, 1, &Ordoctl::cartRemove},
             {QStringLiteral("clear"), {}, Text::tr("empties the cart"), {}, 0, &Ordoctl::cartClear}},
            Text::tr("cart takes 'add', 'list', 'quantity', 'remove' or 'clear'")};
}

Status Ordoctl::cartAdd()
{
    QVariantMap parameters;
    for (const QString &assignment : m_cl.options.value(QStringLiteral("set"))) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return Error::badInput(Text::tr("--set '%1': write KEY=VALUE").arg(quoted(assignment)));
        const QString key = assignment.left(eq);
        if (parameters.contains(key))
            return Error::badInput(Text::tr("--set: parameter '%1' is given twice").arg(quoted(key)));
        parameters.insert(key, assignment.mid(eq + 1));
    }
    int quantity = 1;
    if (m_cl.has(QStringLiteral("quantity"))) {
        bool isNumber = false;
        quantity = m_cl.option(QStringLiteral("quantity")).toInt(&isNumber);
        if (!isNumber)
            return Error::badInput(Text::tr("--quantity '%1' is not a number").arg(quoted(m_cl.option(QStringLiteral("quantity")))));
    }
    ORDO_TRY(s, session());
    ORDO_TRY(line, m_ordo->cart().add(s, m_cl.positional.at(2), parameters, quantity));
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("line"), line.id},
                              {QStringLiteral("item"), line.itemId},
                              {QStringLiteral("parameters"), QJsonObject::fromVariantMap(line.parameters)},
                              {QStringLiteral("quantity"), line.quantity}});
    else
        out() << Text::tr("added line %1: %2 x%3 %4").arg(line.id).arg(line.itemId).arg(line.quantity).arg(parametersText(line.parameters))
              << Qt::endl;
    return ok();
}

Status Ordoctl::cartList()
{
    ORDO_TRY(s, session());
    ORDO_TRY(lines, m_ordo->cart().lines(s));
    if (m_json) {
        QJsonArray list;
        for (const CartLine &l : std::as_const(lines))
            list.append(QJsonObject{{QStringLiteral("line"), l.id},
                                    {QStringLiteral("item"), l.itemId},
                                    {QStringLiteral("parameters"), QJsonObject::fromVariantMap(l.parameters)},
                                    {QStringLiteral("quantity"), l.quantity}});
        printJson(list);
    } else if (lines.isEmpty()) {
        out() << Text::tr("the cart is empty") << Qt::endl;
    } else {
        for (const CartLine &l : std::as_const(lines))
            out() << QStringLiteral("%1. %2 x%3 %4").arg(l.id).arg(l.itemId).arg(l.quantity).arg(parametersText(l.parameters))
                  << Qt::endl;
    }
    return ok();
}

Status Ordoctl::cartRemove()
{
    ORDO_TRY(line, number(m_cl.positional.at(2), Text::tr("cart line")));
    ORDO_TRY(s, session());
    ORDO_CHECK(m_ordo->cart().remove(s, line));
    if (!m_json)
        out() << Text::tr("removed line %1").arg(line) << Qt::endl;
    return ok();
}

Status Ordoctl::cartQuantity()
{
    ORDO_TRY(line, number(m_cl.positional.at(2), Text::tr("cart line")));
    bool isNumber = false;
    const int quantity = m_cl.positional.at(3).toInt(&isNumber);
    if (!isNumber)
        return Error::badInput(Text::tr("quantity '%1' is not a number").arg(quoted(m_cl.positional.at(3))));
    ORDO_TRY(s, session());
    ORDO_CHECK(m_ordo->cart().setQuantity(s, line, quantity));
    if (!m_json)
        out() << Text::tr("line %1 now has quantity %2").arg(line).arg(quantity) << Qt::endl;
    return ok();
}

Status Ordoctl::cartClear()
{
    ORDO_TRY(s, session());
    ORDO_CHECK(m_ordo->cart().clear(s));
    if (!m_json)
        out() << Text::tr("the cart is empty") << Qt::endl;
    return ok();
}

} // namespace ordo::cli
