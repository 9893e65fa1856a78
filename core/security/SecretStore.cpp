#include "security/SecretStore.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QThread>

#include <functional>
#include <future>
#include <mutex>
#include <shared_mutex>

#include <qt6keychain/keychain.h>

namespace ordo {

namespace {

// Names of secrets only, never their values.
Q_LOGGING_CATEGORY(lcSecrets, "ordo.secrets", QtInfoMsg)

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

// QtKeychain keeps process-wide state in the thread that first used it and
// is not safe across threads, so every job runs on one thread of its own.
class KeychainThread final : public QThread
{
public:
    static KeychainThread &instance()
    {
        static KeychainThread *thread = [] {
            auto *t = new KeychainThread;
            t->setObjectName(QStringLiteral("ordo-keychain"));
            t->m_context.moveToThread(t);
            // Stopped with the application, before static destructors run.
            qAddPostRoutine([] { thread->stop(); });
            return t;
        }();
        return *thread;
    }

    // Starts the job from the keychain thread's own event loop; its finished()
    // handler hands it to `read` there and fulfils the promise the caller
    // waits on. Callers may overlap: QtKeychain queues its jobs itself.
    template<typename MakeJob, typename Read>
    void run(MakeJob makeJob, Read read)
    {
        Q_ASSERT(QThread::currentThread() != this);
        // Held while the job runs, so that stop() waits for it.
        const std::shared_lock running(m_running);
        std::promise<void> finished;
        {
            const std::lock_guard starting(m_starting);
            if (!isRunning())
                start();
        }
        QMetaObject::invokeMethod(&m_context, [&] {
            QKeychain::Job *job = makeJob();
            job->setAutoDelete(false);
            job->setInsecureFallback(false);
            QObject::connect(job, &QKeychain::Job::finished, job, [&, job] {
                read(*job);
                job->deleteLater();
                finished.set_value();
            });
            job->start();
        });
        finished.get_future().wait();
    }

    // Waits for the jobs in progress, if any, then ends the thread; the next call starts it again.
    void stop()
    {
        const std::unique_lock running(m_running);
        quit();
        wait();
    }

private:
    QObject m_context;
    std::shared_mutex m_running;
    std::mutex m_starting;
};

// A locked keyring hides its items: the Secret Service then answers "not
// found", which would send the user looking for a secret that is there.
// One Properties.Get call, not a QDBusInterface: that one introspects the
// object first, and Qt 6.4 never frees what it introspected when the process
// opened its session bus off the main thread, as this keychain thread does.
bool defaultKeyringLocked()
{
    QDBusMessage get = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets/aliases/default"),
                                                      QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    const QDBusMessage reply = QDBusConnection::sessionBus().call(get);
    return reply.type() == QDBusMessage::ReplyMessage && reply.arguments().value(0).value<QDBusVariant>().variant().toBool();
}

void runOnKeychainThread(const std::function<QKeychain::Job *()> &makeJob, const std::function<void(QKeychain::Job &)> &read)
{
    const QCoreApplication *app = QCoreApplication::instance();
    Q_ASSERT_X(!(app && app->inherits("QGuiApplication") && QThread::currentThread() == app->thread()), "SecretStore",
               "blocking keychain call on the GUI thread");
    KeychainThread::instance().run(makeJob, read);
}

} // namespace

void SecretStore::stopKeychainThread()
{
    KeychainThread::instance().stop();
}

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
    Status status = ok();
    runOnKeychainThread(
        [&] {
            auto *job = new QKeychain::WritePasswordJob(m_service);
            job->setKey(name);
            job->setBinaryData(value);
            return job;
        },
        [&](QKeychain::Job &job) {
            if (job.error() != QKeychain::NoError)
                status = keychainError(job, name);
        });
    return status;
}

Result<QByteArray> SecretStore::read(const QString &name) const
{
    ORDO_CHECK(checkName(name));
    qCDebug(lcSecrets) << "reading" << name;
    Result<QByteArray> secret = QByteArray();
    runOnKeychainThread(
        [&] {
            auto *job = new QKeychain::ReadPasswordJob(m_service);
            job->setKey(name);
            return job;
        },
        [&](QKeychain::Job &job) {
            if (job.error() == QKeychain::EntryNotFound && defaultKeyringLocked())
                secret = Error::notPermitted(Text::tr("the keyring is locked, so '%1' cannot be read: unlock it and try again").arg(name));
            else if (job.error() != QKeychain::NoError)
                secret = keychainError(job, name);
            else
                secret = static_cast<QKeychain::ReadPasswordJob &>(job).binaryData();
        });
    return secret;
}

Status SecretStore::remove(const QString &name) const
{
    ORDO_CHECK(checkName(name));
    Status status = ok();
    runOnKeychainThread(
        [&] {
            auto *job = new QKeychain::DeletePasswordJob(m_service);
            job->setKey(name);
            return job;
        },
        [&](QKeychain::Job &job) {
            if (job.error() != QKeychain::NoError)
                status = keychainError(job, name);
        });
    return status;
}

} // namespace ordo
