#include "domain/TicketRequests.h"

#include "store/Database.h"
#include "store/DbTime.h"

#include <QCoreApplication>
#include <QUuid>

namespace ordo {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::TicketRequests)
};

QVariant nullableId(qint64 id)
{
    return id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
}

const QString kColumns = QStringLiteral(
    "r.id, r.correlation, r.kind, COALESCE(r.opens_id, 0), r.workflow_id, r.step_key, r.title, r.body, r.state, r.attempts,"
    " r.last_error, COALESCE(r.ticket, o.ticket, ''), COALESCE(r.tenant_id, 0)"
    " FROM ticket_requests r LEFT JOIN ticket_requests o ON o.id = r.opens_id");

TicketRequest readRequest(const QSqlQuery &q)
{
    TicketRequest r;
    r.id = q.value(0).toLongLong();
    r.correlation = q.value(1).toString();
    r.kind = q.value(2).toString() == QLatin1String("open") ? TicketRequest::Kind::Open : TicketRequest::Kind::Comment;
    r.opensId = q.value(3).toLongLong();
    r.workflowId = q.value(4).toLongLong();
    r.stepKey = q.value(5).toString();
    r.title = q.value(6).toString();
    r.body = q.value(7).toString();
    r.state = q.value(8).toString();
    r.attempts = q.value(9).toInt();
    r.lastError = q.value(10).toString();
    r.ticket = q.value(11).toString();
    r.tenantId = q.value(12).toLongLong();
    return r;
}

} // namespace

Result<TicketRequests::Queued> TicketRequests::requestOpen(const QString &correlation, qint64 workflowId, const QString &stepKey,
                                                           const QString &title, const QString &description, qint64 tenantId)
{
    return m_db.write([&]() -> Result<Queued> {
        ORDO_TRY(found, m_db.exec(QStringLiteral("SELECT id FROM ticket_requests WHERE correlation = ?"), {correlation}));
        if (found.next())
            return Queued{found.value(0).toLongLong(), false};
        ORDO_TRY(inserted, m_db.insert(QStringLiteral("INSERT INTO ticket_requests(correlation, kind, workflow_id, step_key, title, body, state,"
                                                    " created_at, tenant_id) VALUES (?, 'open', ?, ?, ?, ?, 'queued', ?, ?)"),
                                     {correlation, workflowId, stepKey, title, description, toDbTime(m_clock.now()),
                                      nullableId(tenantId)}));
        return Queued{inserted, true};
    });
}

Result<qint64> TicketRequests::requestComment(qint64 opensId, const QString &comment)
{
    return m_db.write([&]() -> Result<qint64> {
        ORDO_TRY(opener, m_db.exec(QStringLiteral("SELECT correlation, workflow_id, step_key, title, tenant_id FROM ticket_requests"
                                                  " WHERE id = ? AND kind = 'open'"),
                                   {opensId}));
        if (!opener.next())
            return Error::notFound(Text::tr("no ticket request %1").arg(opensId));
        // Random, not counted: two comments written at once never share one.
        const QString correlation = opener.value(0).toString() + QStringLiteral("/comment/")
                                    + QUuid::createUuid().toString(QUuid::WithoutBraces);
        return m_db.insert(QStringLiteral("INSERT INTO ticket_requests(correlation, kind, opens_id, workflow_id, step_key, title, body,"
                                                    " state, created_at, tenant_id) VALUES (?, 'comment', ?, ?, ?, ?, ?, 'queued', ?, ?)"),
                                     {correlation, opensId, opener.value(1), opener.value(2), opener.value(3), comment,
                                      toDbTime(m_clock.now()), opener.value(4)});
    });
}

Result<QList<qint64>> TicketRequests::openRequestsOf(qint64 workflowId, const QString &stepKey)
{
    ORDO_TRY(q, stepKey.isEmpty()
                    ? m_db.exec(QStringLiteral("SELECT id FROM ticket_requests WHERE workflow_id = ? AND kind = 'open' ORDER BY id"), {workflowId})
                    : m_db.exec(QStringLiteral("SELECT id FROM ticket_requests WHERE workflow_id = ? AND kind = 'open' AND step_key = ? ORDER BY id"),
                                {workflowId, stepKey}));
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

Result<QList<TicketRequest>> TicketRequests::entries(std::optional<qint64> workflowId)
{
    ORDO_TRY(q, workflowId ? m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" WHERE r.workflow_id = ? ORDER BY r.id"), {*workflowId})
                           : m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" ORDER BY r.id")));
    QList<TicketRequest> list;
    while (q.next())
        list.append(readRequest(q));
    return list;
}

Result<QList<qint64>> TicketRequests::due(int max)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT r.id FROM ticket_requests r LEFT JOIN ticket_requests o ON o.id = r.opens_id"
                                         " WHERE r.state = 'queued' AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= ?)"
                                         " AND (r.kind = 'open' OR o.state IN ('done', 'failed')) ORDER BY r.id LIMIT ?"),
                          {toDbTime(m_clock.now()), max}));
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

Result<std::optional<TicketRequest>> TicketRequests::claim(qint64 id, const QDateTime &until)
{
    return m_db.write([&]() -> Result<std::optional<TicketRequest>> {
        // Only one sender moves next_attempt_at forward, and it delivers.
        const QVariant now = toDbTime(m_clock.now());
        ORDO_TRY(claimed, m_db.exec(QStringLiteral("UPDATE ticket_requests SET attempts = attempts + 1, next_attempt_at = ?"
                                                   " WHERE id = ? AND state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"),
                                    {toDbTime(until), id, now}));
        if (claimed.numRowsAffected() != 1)
            return std::optional<TicketRequest>();
        ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" WHERE r.id = ?"), {id}));
        if (!q.next())
            return std::optional<TicketRequest>();
        return std::optional<TicketRequest>(readRequest(q));
    });
}

Status TicketRequests::markDone(const TicketRequest &claimed, const QString &ticket)
{
    return m_db.write([&]() -> Status {
        ORDO_CHECK(m_db.exec(QStringLiteral("UPDATE ticket_requests SET state = 'done', ticket = ?, done_at = ?, next_attempt_at = NULL,"
                                            " last_error = '' WHERE id = ? AND attempts = ?"),
                             {ticket, toDbTime(m_clock.now()), claimed.id, claimed.attempts}));
        return ok();
    });
}

Status TicketRequests::markFailed(const TicketRequest &claimed, const QString &error)
{
    return m_db.write([&]() -> Status {
        ORDO_CHECK(m_db.exec(QStringLiteral("UPDATE ticket_requests SET state = 'failed', next_attempt_at = NULL, last_error = ?"
                                            " WHERE id = ? AND attempts = ? AND state = 'queued'"),
                             {error, claimed.id, claimed.attempts}));
        return ok();
    });
}

Status TicketRequests::retryAt(const TicketRequest &claimed, const QDateTime &at, const QString &error)
{
    return m_db.write([&]() -> Status {
        ORDO_CHECK(m_db.exec(QStringLiteral("UPDATE ticket_requests SET next_attempt_at = ?, last_error = ? WHERE id = ? AND attempts = ? AND state = 'queued'"),
                             {toDbTime(at), error, claimed.id, claimed.attempts}));
        return ok();
    });
}

} // namespace ordo
