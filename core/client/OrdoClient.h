#pragma once

#include "Ordo.h"
#include "store/ChangeLog.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QThread>

#include <functional>
#include <memory>

namespace ordo {

// The GUI's door into the core. Owns one Ordo on a database thread of its
// own and answers every call as a QFuture of a Result; the caller continues
// on its own thread once it finishes (ui::whenDone) and never waits on disk.
// Beside it, a change feed reports through changed() which orders,
// approvals, workflows, steps, tickets and CMDB items changed, committed by
// this process or any other (ChangeFeed); feedStopped() and feedResumed() tell
// when those reports stop and start again. Calls run one at a time, in the
// order they were made.
class OrdoClient final : public QObject
{
    Q_OBJECT

public:
    // Opens the database (which must exist) on the database thread; opened() tells how that went.
    explicit OrdoClient(const QString &databasePath, QObject *parent = nullptr);
    // Drops the calls not yet started; waits only for the one running, if any.
    ~OrdoClient() override;

    // Runs fn on the database thread. Every call after a failed open yields that failure.
    template<typename R>
    QFuture<Result<R>> call(std::function<Result<R>(Ordo &)> fn);

    QFuture<Status> opened();
    QFuture<Result<Session>> login(const QString &user, const QString &password, const QString &tenant = {});
    // The session's tenant's catalog: only the items it is entitled to.
    QFuture<Result<QList<CatalogItem>>> catalogItems(const Session &session);
    // The mails of the tenants the session's staff role covers.
    QFuture<Result<QList<OutboxEntry>>> outbox(const Session &session);
    QFuture<Result<QList<Order>>> orders(const Session &session);

Q_SIGNALS:
    void changed(const QList<ordo::Change> &changes);
    // The change feed stopped (ChangeFeed::stopped): changed() is silent until feedResumed().
    void feedStopped(const QString &why);
    void feedResumed();

private:
    class Worker;
    // Runs job on the database thread with the opened Ordo, or nullptr and why it is not open.
    using Job = std::function<void(Ordo *ordo, const Error &openError)>;
    void post(Job job);
    // Runs job on the database thread with the worker itself; the future has its answer.
    template<typename T>
    QFuture<T> answer(std::function<T(Worker &)> job);

    QThread m_thread;
    Worker *m_worker; // lives on m_thread, deleted there
};

template<typename R>
QFuture<Result<R>> OrdoClient::call(std::function<Result<R>(Ordo &)> fn)
{
    // Shared because a std::function must be copyable; a promise dropped
    // unfinished (the client went first) cancels its future.
    auto promise = std::make_shared<QPromise<Result<R>>>();
    QFuture<Result<R>> future = promise->future();
    promise->start();
    post([promise, fn = std::move(fn)](Ordo *ordo, const Error &openError) {
        promise->addResult(ordo ? fn(*ordo) : Result<R>(openError));
        promise->finish();
    });
    return future;
}

} // namespace ordo
