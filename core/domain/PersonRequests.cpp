#include "domain/PersonRequests.h"

#include "store/Database.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QThread>

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::PersonRequests)
};

constexpr std::chrono::milliseconds kLookAgain{100};

} // namespace

Result<QString> awaitRequest(Database &db, qint64 id, std::chrono::milliseconds wait)
{
    const QDeadlineTimer deadline(wait);
    for (;;) {
        ORDO_TRY(q, db.exec(QStringLiteral("SELECT state, result, attempts FROM requests WHERE id = ?"), {id}));
        if (!q.next())
            return Error::notFound(Text::tr("no request %1").arg(id));
        const QString state = q.value(0).toString();
        if (state == QLatin1String("done"))
            return q.value(1).toString();
        // The engine's words: why the asker may not, or why it cannot be done.
        if (state == QLatin1String("refused"))
            return Error::notPermitted(q.value(1).toString());
        if (deadline.hasExpired()) {
            const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(wait).count();
            const int attempts = q.value(2).toInt();
            Error late = Error::conflict(
                attempts > 0 ? Text::tr("request %1 is still queued: an engine tried %2 times and will try again (the operator "
                                        "finds why in the engines' log)")
                                   .arg(id)
                                   .arg(attempts)
                             : Text::tr("request %1 is queued, but no engine took it within %2 s: it is done once one "
                                        "runs (ask the operator whether any does)")
                                   .arg(id)
                                   .arg(seconds));
            late.transient = true;
            return late;
        }
        // A worker thread's wait (the console's database thread, ordoctl's only one), never the GUI's.
        QThread::msleep(static_cast<unsigned long>(kLookAgain.count()));
    }
}

Result<QString> requestAndWait(Database &db, const QString &sql, const QVariantList &binds, std::chrono::milliseconds wait)
{
    ORDO_TRY(q, db.exec(sql, binds));
    if (!q.next())
        return Error::internal(Text::tr("the database queued the request but gave no id"));
    return awaitRequest(db, q.value(0).toLongLong(), wait);
}

} // namespace ordo
