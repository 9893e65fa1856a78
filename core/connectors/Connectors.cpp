#include "connectors/Connectors.h"

#include "connectors/Guest.h"
#include "connectors/Hypervisor.h"
#include "connectors/MailAction.h"
#include "connectors/Metering.h"
#include "connectors/HttpRequestAction.h"
#include "connectors/Rest.h"
#include "connectors/Script.h"
#include "connectors/Smtp.h"
#include "connectors/ServiceDesk.h"
#include "domain/AuditLog.h"
#include "store/Database.h"
#include "store/Settings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>
#include <QJsonDocument>

namespace ordo::connectors {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Connectors)
};

const QString kHypervisor = QStringLiteral("hypervisor");
const QString kMail = Settings::kMailTransport;
const QString kCmdb = QStringLiteral("cmdb");
const QString kTickets = QStringLiteral("tickets");
const QString kHttp = QStringLiteral("http");

} // namespace

QString dataFolderOf(const QString &databasePath)
{
    if (!Database::isPostgresLocation(databasePath))
        return QFileInfo(databasePath).absolutePath();
    const QUrl url(databasePath);
    const QString name = QStringLiteral("%1_%2_%3").arg(url.host()).arg(url.port(5432)).arg(url.path().mid(1));
    const QString folder = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(name);
    QDir().mkpath(folder);
    return folder;
}

QStringList connectorNames()
{
    return {kHypervisor, kMail, kCmdb, kTickets, kHttp};
}

Result<std::optional<QJsonObject>> ConnectorSettings::get(const QString &name)
{
    if (!connectorNames().contains(name))
        return Error::notFound(Text::tr("no connector '%1' (connectors: %2)").arg(name, connectorNames().join(QStringLiteral(", "))));
    return Settings(m_db).get(name);
}

Status ConnectorSettings::set(const QString &name, const QJsonObject &settings, const QString &actor, qint64 actorTenantId)
{
    if (!connectorNames().contains(name))
        return Error::notFound(Text::tr("no connector '%1' (connectors: %2)").arg(name, connectorNames().join(QStringLiteral(", "))));
    if (name == kHypervisor)
        ORDO_CHECK(HypervisorFarm::fromSettings(settings));
    if (name == kMail)
        ORDO_CHECK(SmtpSettings::fromJson(settings));
    if (name == kCmdb || name == kTickets)
        ORDO_CHECK(checkServiceDeskSettings(name, settings));
    if (name == kHttp)
        ORDO_CHECK(checkHttpSettings(settings));
    return m_db.write([&]() -> Status {
        ORDO_CHECK(Settings(m_db).put(name, settings, actor, m_audit.clock().now()));
        return m_audit.record({actor, actorTenantId, QStringLiteral("connector"), name, QStringLiteral("configure"), {}, {}, {}, settings});
    });
}

Result<QStringList> ConnectorSettings::configured()
{
    return Settings(m_db).names();
}

Result<std::shared_ptr<engine::ActionRegistry>> buildActionRegistry(ConnectorSettings &settings, const QString &databasePath,
                                                                    ConnectorUse use)
{
    const QString dataFolder = dataFolderOf(databasePath);
    auto registry = std::make_shared<engine::ActionRegistry>();
    registry->addBuiltinActions();
    registerScriptAction(*registry);
    registerEmbeddedServiceDesk(*registry, databasePath);
    registerMeteringActions(*registry, databasePath);
    registerMailAction(*registry, databasePath);
    registerGuestActions(*registry, databasePath);
    ORDO_TRY(httpSettings, settings.get(kHttp));
    registerHttpRequestAction(*registry, httpSettings.value_or(QJsonObject()));
    // A configured CMDB or ticketing system takes the place of the embedded store.
    ORDO_TRY(cmdbSettings, settings.get(kCmdb));
    if (cmdbSettings)
        ORDO_CHECK(registerRestCmdb(*registry, *cmdbSettings));
    ORDO_TRY(ticketSettings, settings.get(kTickets));
    if (ticketSettings)
        ORDO_CHECK(registerRestTickets(*registry, *ticketSettings));
    ORDO_TRY(hypervisorSettings, settings.get(kHypervisor));
    const auto farmFor = [&]() -> Result<std::shared_ptr<HypervisorFarm>> {
        if (hypervisorSettings)
            return HypervisorFarm::fromSettings(*hypervisorSettings);
        if (use == ConnectorUse::Describe)
            return HypervisorFarm::fromSettings(HypervisorFarm::testFarmSettings(dataFolder));
        return HypervisorFarm::testFarm(dataFolder);
    };
    ORDO_TRY(farm, farmFor());
    HypervisorFarm::registerActions(*registry, farm);
    return registry;
}

Status readTransportSettings(const QString &connector, const QJsonObject &settings, QString &caFile, int &timeoutMs)
{
    caFile = settings.value(QLatin1String("caFile")).toString();
    if (!caFile.isEmpty() && !QFileInfo(caFile).isReadable())
        return Error::badInput(Text::tr("%1 settings: cannot read the CA file %2").arg(connector, caFile));
    const QJsonValue timeout = settings.value(QLatin1String("timeoutMs"));
    if (!timeout.isUndefined()) {
        if (!timeout.isDouble() || timeout.toDouble() < 100 || timeout.toDouble() > 600000)
            return Error::badInput(Text::tr("%1 settings: 'timeoutMs' must be from 100 to 600000").arg(connector));
        timeoutMs = timeout.toInt();
    }
    return ok();
}

} // namespace ordo::connectors
