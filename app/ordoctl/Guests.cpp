#include "Commands.h"
#include "Output.h"

#include <QJsonArray>

namespace ordo::cli {

Noun guestsNoun()
{
    return {QStringLiteral("guests"), Text::tr("SSH host keys of guests, recorded at first contact"),
            {{QStringLiteral("keys"), {}, Text::tr("lists the recorded host keys"), {}, 0, &Ordoctl::guestsKeys},
             {QStringLiteral("forget"), Text::tr("GUEST"), Text::tr("forgets a guest's key, so that the next contact records its new one"),
              {}, 1, &Ordoctl::guestsForget}},
            Text::tr("guests takes 'keys' or 'forget GUEST'")};
}

Status Ordoctl::guestsKeys()
{
    ORDO_TRY(s, session());
    ORDO_TRY(keys, m_ordo->guests().keys(s));
    QJsonArray array;
    for (const connectors::GuestHostKey &k : std::as_const(keys)) {
        array.append(QJsonObject{{QStringLiteral("guest"), k.guest},
                                 {QStringLiteral("keyType"), k.keyType},
                                 {QStringLiteral("fingerprint"), k.fingerprint},
                                 {QStringLiteral("firstSeenAt"), k.firstSeenAt},
                                 {QStringLiteral("address"), k.address}});
        if (!m_json)
            out() << QStringLiteral("%1  %2  %3  %4").arg(k.guest, k.keyType, k.fingerprint, k.address) << Qt::endl;
    }
    if (m_json)
        printJson(array);
    return ok();
}

Status Ordoctl::guestsForget()
{
    ORDO_TRY(s, session());
    return m_ordo->guests().forget(s, m_cl.positional.at(2));
}

} // namespace ordo::cli
