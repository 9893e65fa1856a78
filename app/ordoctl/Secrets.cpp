#include "Commands.h"
#include "Output.h"
#include "security/SecretStore.h"

#include <QFile>

#include <cstdio>

namespace ordo::cli {

Noun secretsNoun()
{
    return {QStringLiteral("secrets"), Text::tr("secrets in the OS keychain"),
            {{QStringLiteral("set"), Text::tr("NAME"), Text::tr("stores a secret; the value comes on standard input"), {}, 1,
              &Ordoctl::secretsSet},
             {QStringLiteral("delete"), Text::tr("NAME"), Text::tr("deletes a secret"), {}, 1, &Ordoctl::secretsDelete}},
            Text::tr("secrets takes 'set NAME' (the value comes on standard input) or 'delete NAME'")};
}

Status Ordoctl::secretsSet()
{
    const QString name = m_cl.positional.at(2);
    ORDO_CHECK(SecretStore::checkName(name));
    ORDO_TRY(s, session());
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return Error::badInput(Text::tr("cannot read the secret from standard input"));
    QByteArray value = in.readAll();
    if (value.endsWith('\n'))
        value.chop(1);
    if (value.endsWith('\r'))
        value.chop(1);
    ORDO_CHECK(m_ordo->secrets().set(s, name, value));
    if (!m_json)
        out() << Text::tr("secret %1 stored in the keychain").arg(name) << Qt::endl;
    return ok();
}

Status Ordoctl::secretsDelete()
{
    const QString name = m_cl.positional.at(2);
    ORDO_CHECK(SecretStore::checkName(name));
    ORDO_TRY(s, session());
    ORDO_CHECK(m_ordo->secrets().remove(s, name));
    if (!m_json)
        out() << Text::tr("secret %1 deleted").arg(name) << Qt::endl;
    return ok();
}

} // namespace ordo::cli
