#include "client/OrdoClient.h"

#include "client/ChangeFeed.h"

#include <atomic>

namespace ordo {

class OrdoClient::Worker final : public QObject
{
public:
    void open(const QString &path, OrdoClient *client)
    {
        auto opened = Ordo::open(path, nullptr, Database::OpenMode::MustExist);
        if (!opened) {
            openError = opened.error();
            return;
        }
        ordo = std::move(*opened);
        auto feed = ChangeFeed::open(path);
        if (!feed) {
            openError = feed.error();
            ordo.reset();
            return;
        }
        changes = std::move(*feed);
        // Queued: the client lives on its caller's thread and reports there.
        connect(changes.get(), &ChangeFeed::changed, client, &OrdoClient::changed);
        connect(changes.get(), &ChangeFeed::stopped, client, &OrdoClient::feedStopped);
        connect(changes.get(), &ChangeFeed::resumed, client, &OrdoClient::feedResumed);
    }

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

QFuture<Status> OrdoClient::opened()
{
    return call<Ok>([](Ordo &) -> Status { return ok(); });
}

QFuture<Result<Session>> OrdoClient::login(const QString &user, const QString &password, const QString &tenant)
{
    return call<Session>([=](Ordo &ordo) { return ordo.login(user, password, tenant); });
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
