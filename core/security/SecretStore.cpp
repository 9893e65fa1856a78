#include "security/SecretStore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QRegularExpression>
#include <QThread>

#include <qt6keychain/keychain.h>

namespace ordo {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::SecretStore)
};

Error keychainError(const QKeychain::Job &job, const QString &name)
{
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return Error::notFound(Text::tr("no secret '%1' in the keychain").arg(name));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error::notPermitted(Text::tr("the keychain refused access to '%1' (is the keyring locked?): %2").arg(name, job.errorString()));
    default:
        return Error::internal(Text::tr("no usable keychain for '%1': %2 (Ordo keeps secrets only in the OS keyring; "
                                        "start and unlock one, e.g. gnome-keyring)")
                                   .arg(name, job.errorString()));
    }
}

// Runs a keychain job to its end. The job answers through the event loop of
// the calling thread, so the wait spins that loop: only off the GUI thread.
void runToEnd(QKeychain::Job &job)
{
    const QCoreApplication *app = QCoreApplication::instance();
    Q_ASSERT_X(!(app && app->inherits("QGuiApplication") && QThread::currentThread() == app->thread()), "SecretStore",
               "blocking keychain call on the GUI thread");
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    loop.exec();
}

} // namespace

Status SecretStore::checkName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!pattern.match(name).hasMatch())
        return Error::badInput(Text::tr("'%1' is not a secret name: 1-64 letters, digits, dots, dashes or underscores").arg(name));
    return ok();
}

Status SecretStore::write(const QString &name, const QByteArray &value) const
{
    ORDO_CHECK(checkName(name));
    if (value.isEmpty())
        return Error::badInput(Text::tr("the secret '%1' is empty").arg(name));
    QKeychain::WritePasswordJob job(m_service);
    job.setInsecureFallback(false);
    job.setKey(name);
    job.setBinaryData(value);
    runToEnd(job);
    if (job.error() != QKeychain::NoError)
        return keychainError(job, name);
    return ok();
}

Result<QByteArray> SecretStore::read(const QString &name) const
{
    ORDO_CHECK(checkName(name));
    QKeychain::ReadPasswordJob job(m_service);
    job.setInsecureFallback(false);
    job.setKey(name);
    runToEnd(job);
    if (job.error() != QKeychain::NoError)
        return keychainError(job, name);
    return job.binaryData();
}

Status SecretStore::remove(const QString &name) const
{
    ORDO_CHECK(checkName(name));
    QKeychain::DeletePasswordJob job(m_service);
    job.setInsecureFallback(false);
    job.setKey(name);
    runToEnd(job);
    if (job.error() != QKeychain::NoError)
        return keychainError(job, name);
    return ok();
}

} // namespace ordo
