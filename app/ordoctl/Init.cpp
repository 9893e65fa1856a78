#include "Commands.h"
#include "Output.h"

#include "connectors/Hypervisor.h"
#include "store/Database.h"
#include "store/SharedAccess.h"
#include "util/Quote.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>

namespace ordo::cli {

Noun initNoun()
{
    return {QStringLiteral("init"), Text::tr("creates or migrates the database"),
            {{{}, Text::tr("[--shared URL [--role-prefix P]] [--demo] [--demo-password P] [--real-vms IMAGE]"),
              Text::tr("creates or migrates the database; --demo fills a new one with the demo; --real-vms makes the demo "
                       "provision real QEMU VMs (qemu:///system) from the guest image in IMAGE (scripts/make-guest-image); "
                       "--shared URL makes a PostgreSQL database shared: a group role P+person (P is ordo_ unless "
                       "--role-prefix says otherwise) that reads through row-level security, and with --demo a login "
                       "role P+NAME for every person of the demo, with the demo password; engines log in as P+engine, with the "
                       "password in ORDO_ENGINE_PASSWORD (the demo's password with --demo)"),
              {QStringLiteral("demo"), QStringLiteral("demo-password"), QStringLiteral("real-vms"), QStringLiteral("shared"),
               QStringLiteral("role-prefix")},
              0, &Ordoctl::init}}};
}

namespace {

// The demo's template, as the catalog offers it, and the secret its guests let root log on with.
const QString kRealVmTemplate = QStringLiteral("debian-12");
const QString kRealVmHost = QStringLiteral("qemu:///system");

// The demo on real QEMU VMs: the tiny guest image as the template debian-12
// on qemu:///system, the hypervisor connector pointed there, and the image's
// root key as the engine's guest-key.
Status useRealVms(Ordo &ordo, const QString &imageDir, const QString &password)
{
    const QDir image(imageDir);
    QFile xmlFile(image.filePath(QStringLiteral("template.xml")));
    QFile keyFile(image.filePath(QStringLiteral("guest_key")));
    if (!xmlFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return Error::badInput(Text::tr("%1 holds no guest image (template.xml and guest_key): make one with scripts/make-guest-image %1")
                                   .arg(imageDir));
    QByteArray xml = xmlFile.readAll();
    xml.replace("@NAME@", kRealVmTemplate.toUtf8());
    const QJsonObject settings{{QStringLiteral("hosts"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("qemu")},
                                                                                {QStringLiteral("uri"), kRealVmHost}}}},
                               {QStringLiteral("templates"), QJsonArray{kRealVmTemplate}}};
    ORDO_TRY(farm, connectors::HypervisorFarm::fromSettings(settings));
    ORDO_CHECK(farm->defineTemplate(xml));
    ORDO_TRY(admin, ordo.login(QStringLiteral("admin"), password));
    ORDO_CHECK(ordo.connectors().set(admin, QStringLiteral("hypervisor"), settings));
    return ordo.secrets().set(admin, QStringLiteral("guest-key"), keyFile.readAll());
}

// The shared database's roles and rules; the engines' login when there is a
// password for it; with the demo, a login for each of its people. Returns
// whether engines may log in.
Result<bool> shareDatabase(const QString &url, const QString &prefix, const QString &demoPassword, const QString &enginePassword)
{
    ORDO_TRY(db, Database::open(url));
    ORDO_CHECK(shared::applyAccessRules(*db, prefix));
    if (!enginePassword.isEmpty())
        ORDO_CHECK(shared::setEngineLogin(*db, prefix, enginePassword));
    if (!demoPassword.isEmpty())
        ORDO_CHECK(shared::setEveryonesLogin(*db, prefix, demoPassword));
    return shared::engineMayLogIn(*db, prefix);
}

} // namespace

Status Ordoctl::init()
{
    const bool sharing = m_cl.has(QStringLiteral("shared"));
    if (sharing && !Database::isPostgresLocation(m_cl.option(QStringLiteral("shared"))))
        return Error::badInput(Text::tr("--shared '%1': a shared database is a PostgreSQL URL (postgresql://host/ordo)")
                                   .arg(quoted(m_cl.option(QStringLiteral("shared")))));
    if (m_cl.has(QStringLiteral("role-prefix")) && !sharing)
        return Error::badInput(Text::tr("--role-prefix goes with --shared"));
    const QString prefix = m_cl.has(QStringLiteral("role-prefix")) ? m_cl.option(QStringLiteral("role-prefix"))
                                                                   : QString::fromLatin1(shared::kDefaultRolePrefix);
    if (sharing)
        ORDO_CHECK(shared::checkRolePrefix(prefix));
    QString demoPassword;
    if (m_cl.has(QStringLiteral("demo"))) {
        demoPassword = m_cl.has(QStringLiteral("demo-password")) ? m_cl.option(QStringLiteral("demo-password"))
                                                                 : QStringLiteral("demo");
        ORDO_CHECK(m_ordo->createDemo(demoPassword));
        if (m_cl.has(QStringLiteral("real-vms")))
            ORDO_CHECK(useRealVms(*m_ordo, m_cl.option(QStringLiteral("real-vms")), demoPassword));
    } else if (m_cl.has(QStringLiteral("demo-password")) || m_cl.has(QStringLiteral("real-vms"))) {
        return Error::badInput(Text::tr("--demo-password and --real-vms go with --demo"));
    }
    bool enginesLogIn = false;
    if (sharing) {
        // The demo's engines log in like its people; a real deployment's get a password of their own.
        QString enginePassword = qEnvironmentVariable("ORDO_ENGINE_PASSWORD");
        if (enginePassword.isEmpty())
            enginePassword = demoPassword.isEmpty() ? readSecret("ORDO_ENGINE_PASSWORD", "Password of the engines' role (empty: leave it as it is): ") : demoPassword;
        ORDO_TRY(login, shareDatabase(m_cl.option(QStringLiteral("shared")), prefix, demoPassword, enginePassword));
        enginesLogIn = login;
        ORDO_CHECK(m_ordo->installOrderWorkflows());
    }
    if (m_json) {
        QJsonObject done{{QStringLiteral("database"), m_ordo->databasePath()}, {QStringLiteral("schemaVersion"), m_ordo->schemaVersion()}};
        if (sharing)
            done.insert(QStringLiteral("engineRole"), QJsonObject{{QStringLiteral("name"), shared::engineRole(prefix)},
                                                                  {QStringLiteral("login"), enginesLogIn}});
        printJson(done);
        return ok();
    }
    out() << Text::tr("database %1 ready (schema version %2)").arg(m_ordo->databasePath()).arg(m_ordo->schemaVersion()) << Qt::endl;
    if (sharing && !enginesLogIn)
        out() << Text::tr("the engines' role %1 has no login yet: run init --shared again with ORDO_ENGINE_PASSWORD set")
                     .arg(shared::engineRole(prefix))
              << Qt::endl;
    else if (sharing)
        out() << Text::tr("engines log in as %1").arg(shared::engineRole(prefix)) << Qt::endl;
    return ok();
}

} // namespace ordo::cli
