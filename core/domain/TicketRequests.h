#pragma once

#include "util/Clock.h"
#include "util/Result.h"

#include <QString>

#include <optional>

namespace ordo {

class Database;

// A ticket to open, or a comment to add to one, in whichever ticketing
// system the "tickets" connector names. Written in the transaction of the
// failure or support action that causes it, so that none is lost or made for
// a change that did not happen; delivered by the host's ticket sender.
struct TicketRequest
{
    enum class Kind { Open, Comment };

    qint64 id = 0;
    // Unique, stable over every delivery: the ticketing system files the
    // ticket or comment under it and finds it again instead of a second one.
    QString correlation;
    Kind kind = Kind::Open;
    qint64 opensId = 0; // a comment: the request that opens its ticket
    qint64 workflowId = 0;
    QString stepKey;
    QString title;
    QString body; // the ticket's description, or the comment
    QString state; // "queued", "done" or "failed"
    int attempts = 0;
    QString lastError;
    QString ticket; // the ticketing system's id: of the ticket opened, or commented on
    qint64 tenantId = 0;
};

class TicketRequests final
{
public:
    TicketRequests(Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

    // Idempotent by correlation; says whether it was written now.
    struct Queued
    {
        qint64 id = 0;
        bool created = false;
    };
    Result<Queued> requestOpen(const QString &correlation, qint64 workflowId, const QString &stepKey, const QString &title,
                               const QString &description, qint64 tenantId);
    // A comment on the ticket that `opensId` opens (or opened).
    Result<qint64> requestComment(qint64 opensId, const QString &comment);
    // The requests opening a ticket for a workflow, of one step or of every step.
    Result<QList<qint64>> openRequestsOf(qint64 workflowId, const QString &stepKey = {});
    Result<QList<TicketRequest>> entries(std::optional<qint64> workflowId = std::nullopt);

    // For the sender. The requests due now, oldest first; a comment only once
    // its ticket is open.
    Result<QList<qint64>> due(int max);
    // Counts an attempt and holds the request until `until`; none when another
    // sender holds it. The claim's attempt count is its token for the outcome.
    Result<std::optional<TicketRequest>> claim(qint64 id, const QDateTime &until);
    Status markDone(const TicketRequest &claimed, const QString &ticket);
    Status markFailed(const TicketRequest &claimed, const QString &error);
    Status retryAt(const TicketRequest &claimed, const QDateTime &at, const QString &error);

private:
    Database &m_db;
    const Clock &m_clock;
};

} // namespace ordo
