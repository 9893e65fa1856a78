#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QPromise>

#include <memory>
#include <type_traits>

namespace ordo::ui {

// Runs fn with the future's result on context's thread once the future
// finishes, unless context is gone first or the future was cancelled. The
// future returned finishes after that, on context's thread.
//
// Not QFuture::then(context, ...): before Qt 6.7.3 (QTBUG-127880) a
// continuation attached while another thread finishes the future may run
// twice, the second time with a promise already moved away, and crash. A
// watcher hears of the end once.
template<typename T, typename F>
QFuture<void> whenDone(QObject *context, const QFuture<T> &future, F &&fn)
{
    auto done = std::make_shared<QPromise<void>>(); // dropped unfinished (context gone): cancelled
    QFuture<void> doneFuture = done->future();
    done->start();
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done, fn = std::forward<F>(fn)]() mutable {
        watcher->deleteLater();
        const QFuture<T> finished = watcher->future();
        if constexpr (std::is_void_v<T>) {
            if (!finished.isCanceled())
                fn();
        } else {
            if (!finished.isCanceled() && finished.resultCount() > 0)
                fn(finished.result());
        }
        done->finish();
    });
    watcher->setFuture(future);
    return doneFuture;
}

} // namespace ordo::ui
