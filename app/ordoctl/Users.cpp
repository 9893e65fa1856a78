#include "Commands.h"
#include "Output.h"

#include "util/Quote.h"

namespace ordo::cli {

Noun usersNoun()
{
    return {QStringLiteral("users"), Text::tr("the people of your tenant: an admin adds or disables them"),
            {{QStringLiteral("add"), Text::tr("NAME --role ROLE [--role ROLE] [--group GROUP] [--display-name TEXT] [--email ADDRESS]"),
              Text::tr("adds a person to your tenant with these roles (customer, approver, support, admin) and approver groups; "
                       "their password comes from ORDO_NEW_PASSWORD or is asked for on the terminal; on a shared database "
                       "they also get a login role of their own"),
              {QStringLiteral("role"), QStringLiteral("group"), QStringLiteral("display-name"), QStringLiteral("email")}, 1,
              &Ordoctl::usersAdd, Text::tr("add needs the new person's NAME")},
             {QStringLiteral("disable"), Text::tr("NAME"),
              Text::tr("disables a person: they no longer log in, and on a shared database their open sessions end"), {}, 1,
              &Ordoctl::usersDisable, Text::tr("disable needs the person's NAME")},
             {QStringLiteral("password"), Text::tr("NAME"),
              Text::tr("gives a person (yourself, or as an admin someone of your tenant) a new password from ORDO_NEW_PASSWORD or "
                       "the terminal; on a shared database their login role gets it too, and one is made for people who came "
                       "with an import"),
              {}, 1, &Ordoctl::usersPassword, Text::tr("password needs the person's NAME")}},
            Text::tr("users takes 'add NAME --role ROLE', 'disable NAME' or 'password NAME'")};
}

Status Ordoctl::usersAdd()
{
    Accounts::NewPerson person;
    person.name = m_cl.positional.at(2);
    person.displayName = m_cl.option(QStringLiteral("display-name"));
    person.email = m_cl.option(QStringLiteral("email"));
    person.approverGroups = m_cl.options.value(QStringLiteral("group"));
    for (const QString &name : m_cl.options.value(QStringLiteral("role"))) {
        const auto role = roleFromName(name);
        if (!role)
            return Error::badInput(Text::tr("--role '%1': write customer, approver, support or admin").arg(quoted(name)));
        person.roles.append(*role);
    }
    ORDO_TRY(s, session());
    person.password = readSecret("ORDO_NEW_PASSWORD", "New person's password: ");
    if (person.password.isEmpty())
        return Error::badInput(Text::tr("no password for %1: set ORDO_NEW_PASSWORD or run ordoctl on a terminal").arg(person.name));
    ORDO_TRY(id, m_ordo->accounts().addPerson(s, person));
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("user"), person.name}, {QStringLiteral("id"), id}, {QStringLiteral("tenant"), s.tenant.slug}});
    else
        out() << Text::tr("%1 added to %2").arg(person.name, s.tenant.slug) << Qt::endl;
    return ok();
}

Status Ordoctl::usersDisable()
{
    const QString name = m_cl.positional.at(2);
    ORDO_TRY(s, session());
    ORDO_CHECK(m_ordo->accounts().disable(s, name));
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("user"), name}, {QStringLiteral("disabled"), true}});
    else
        out() << Text::tr("%1 is disabled").arg(name) << Qt::endl;
    return ok();
}

Status Ordoctl::usersPassword()
{
    const QString name = m_cl.positional.at(2);
    ORDO_TRY(s, session());
    const QString password = readSecret("ORDO_NEW_PASSWORD", "New password: ");
    if (password.isEmpty())
        return Error::badInput(Text::tr("no password for %1: set ORDO_NEW_PASSWORD or run ordoctl on a terminal").arg(name));
    ORDO_CHECK(m_ordo->accounts().setPassword(s, name, password));
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("user"), name}, {QStringLiteral("passwordSet"), true}});
    else
        out() << Text::tr("%1 has a new password").arg(name) << Qt::endl;
    return ok();
}

} // namespace ordo::cli
