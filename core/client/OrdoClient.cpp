#include "client/OrdoClient.h"

#include "client/ChangeFeed.h"
#include "store/SharedAccess.h"

#include <atomic>

namespace ordo {

class OrdoClient::Worker final : public QObject
{
public:
    void open(const QString &path, OrdoClient *client)
    {
        // People connect with their own login roles there: once they sign in.
        if (Ordo::signsInWithOwnRole(path)) {
            ownLoginPath = path;
            openError = Error::notPermitted(OrdoClient::tr("sign in first: on this shared database you connect as yourself"));
            return;
        }
        auto opened = Ordo::open(path, nullptr, Database::OpenMode::MustExist);
        if (!opened) {
            openError = opened.error();
            return;
        }
        auto feed = ChangeFeed::open(path);
        if (!feed) {
            openError = feed.error();
            return;
        }
        use(std::move(*opened), std::move(*feed), client);
    }

    // Signs in on a shared database whose URL names no role: the database
    // checks the password of the person's own login role.
    Result<Session> openAs(const QString &user, const QString &password, const QString &tenant, OrdoClient *client)
    {
        ORDO_TRY(opened, Ordo::openFor(ownLoginPath, user, password));
        ORDO_TRY(session, opened->login(user, password, tenant));
        ORDO_TRY(role, shared::signInRole(user));
        ORDO_TRY(feed, ChangeFeed::openAs(ownLoginPath, role, password));
        use(std::move(opened), std::move(feed), client);
        return session;
    }

    void use(std::unique_ptr<Ordo> opened, std::unique_ptr<ChangeFeed> feed, OrdoClient *client)
    {
        ordo = std::move(opened);
        changes = std::move(feed);
        // Queued: the client lives on its caller's thread and reports there.
        connect(changes.get(), &ChangeFeed::changed, client, &OrdoClient::changed);
        connect(changes.get(), &ChangeFeed::stopped, client, &OrdoClient::feedStopped);
        connect(changes.get(), &ChangeFeed::resumed, client, &OrdoClient::feedResumed);
    }

    QString ownLoginPath; // a shared database opened anew, as them, whenever someone signs in
    std::unique_ptr<Ordo> ordo;
    std::unique_ptr<ChangeFeed> changes;
    Error openError{ErrorCode::Internal, QStringLiteral("the database is not open yet")};
    std::atomic_bool closing = false;
};

OrdoClient::OrdoClient(const QString &databasePath, QObject *parent) : QObject(parent), m_worker(new Worker)
{
    m_thread.setObjectName(QStringLiteral("ordo-database"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, databasePath, this] { worker->open(databasePath, this); });
}

OrdoClient::~OrdoClient()
{
    m_worker->closing = true;
    // The Ordo belongs to the database thread, so it goes there.
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] {
        delete worker;
        QThread::currentThread()->quit();
    });
    m_thread.wait();
}

void OrdoClient::post(Job job)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, job = std::move(job)] {
        if (!worker->closing)
            job(worker->ordo.get(), worker->openError);
    });
}

template<typename T>
QFuture<T> OrdoClient::answer(std::function<T(Worker &)> job)
{
    // As call(): a promise dropped unfinished (the client went first) cancels its future.
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, promise, job = std::move(job)] {
        if (worker->closing)
            return;
        promise->addResult(job(*worker));
        promise->finish();
    });
    return future;
}

QFuture<Status> OrdoClient::opened()
{
    return answer<Status>([](Worker &worker) -> Status {
        // Where people connect as themselves there is nothing to open before they sign in.
        return worker.ordo || !worker.ownLoginPath.isEmpty() ? ok() : Status(worker.openError);
    });
}

QFuture<Result<Session>> OrdoClient::login(const QString &user, const QString &password, const QString &tenant)
{
    return answer<Result<Session>>([user, password, tenant, this](Worker &worker) -> Result<Session> {
        // Every sign-in there is the server's to check: a new connection each time.
        if (!worker.ownLoginPath.isEmpty())
            return worker.openAs(user, password, tenant, this);
        return worker.ordo ? worker.ordo->login(user, password, tenant) : Result<Session>(worker.openError);
    });
}

QFuture<Result<QList<CatalogItem>>> OrdoClient::catalogItems(const Session &session)
{
    return call<QList<CatalogItem>>([session](Ordo &ordo) { return ordo.catalog().items(session); });
}

QFuture<Result<QList<OutboxEntry>>> OrdoClient::outbox(const Session &session)
{
    return call<QList<OutboxEntry>>([session](Ordo &ordo) { return ordo.mail().outbox(session); });
}

QFuture<Result<QList<Order>>> OrdoClient::orders(const Session &session)
{
    return call<QList<Order>>([session](Ordo &ordo) { return ordo.orders().orders(session); });
}

} // namespace ordo
