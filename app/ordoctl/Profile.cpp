#include "Commands.h"
#include "Output.h"

#include <QFile>

#include <cstdio>

namespace ordo::cli {

Noun profileNoun()
{
    return {QStringLiteral("profile"), Text::tr("your own settings: the SSH key installed in the VMs you order"),
            {{QStringLiteral("show"), {}, Text::tr("shows your name, mail address and SSH public key"), {}, 0, &Ordoctl::profileShow},
             {QStringLiteral("set-ssh-key"), Text::tr("FILE|- [--for USER]"),
              Text::tr("sets your SSH public key from FILE (- reads standard input); an admin may set a user's of their tenant with --for"),
              {QStringLiteral("for")}, 1, &Ordoctl::profileSetSshKey, Text::tr("set-ssh-key needs a FILE (or - for standard input)")},
             {QStringLiteral("remove-ssh-key"), Text::tr("[--for USER]"), Text::tr("removes your SSH public key"), {QStringLiteral("for")}, 0,
              &Ordoctl::profileRemoveSshKey}},
            Text::tr("profile takes 'show', 'set-ssh-key FILE|-' or 'remove-ssh-key'")};
}

Status Ordoctl::profileShow()
{
    ORDO_TRY(s, session());
    QString fingerprint;
    if (!s.user.sshPublicKey.isEmpty()) {
        ORDO_TRY(key, parseSshPublicKey(s.user.sshPublicKey));
        fingerprint = key.fingerprint;
    }
    if (m_json) {
        printJson(QJsonObject{{QStringLiteral("user"), s.user.name},
                              {QStringLiteral("displayName"), s.user.displayName},
                              {QStringLiteral("email"), s.user.email},
                              {QStringLiteral("sshKey"), s.user.sshPublicKey},
                              {QStringLiteral("sshKeyFingerprint"), fingerprint}});
        return ok();
    }
    out() << Text::tr("user:    %1 (%2)").arg(s.user.name, s.user.displayName) << Qt::endl
          << Text::tr("mail:    %1").arg(s.user.email) << Qt::endl;
    if (s.user.sshPublicKey.isEmpty())
        out() << Text::tr("SSH key: none (set one with 'ordoctl profile set-ssh-key FILE')") << Qt::endl;
    else
        out() << Text::tr("SSH key: %1").arg(s.user.sshPublicKey) << Qt::endl << Text::tr("         %1").arg(fingerprint) << Qt::endl;
    return ok();
}

Status Ordoctl::profileSetSshKey()
{
    const QString source = m_cl.positional.at(2);
    QFile in;
    const bool opened = source == QLatin1String("-") ? in.open(stdin, QIODevice::ReadOnly)
                                                     : (in.setFileName(source), in.open(QIODevice::ReadOnly));
    if (!opened)
        return Error::badInput(Text::tr("cannot read %1: %2").arg(source, in.errorString()));
    // A public key is one short line; anything much longer is not one.
    const QString text = QString::fromUtf8(in.read(64 * 1024));
    ORDO_TRY(key, parseSshPublicKey(text));
    ORDO_TRY(s, session());
    ORDO_CHECK(m_ordo->accounts().setSshPublicKey(s, key.line, m_cl.option(QStringLiteral("for"))));
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("type"), key.type}, {QStringLiteral("fingerprint"), key.fingerprint}});
    else
        out() << Text::tr("SSH key %1 %2 set").arg(key.type, key.fingerprint) << Qt::endl;
    return ok();
}

Status Ordoctl::profileRemoveSshKey()
{
    ORDO_TRY(s, session());
    ORDO_CHECK(m_ordo->accounts().setSshPublicKey(s, {}, m_cl.option(QStringLiteral("for"))));
    if (!m_json)
        out() << Text::tr("SSH key removed") << Qt::endl;
    return ok();
}

} // namespace ordo::cli
