#pragma once

#include "engine/Action.h"
#include "util/Clock.h"
#include "util/Result.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace ordo {
class Database;
}

namespace ordo::connectors {

struct TicketReport
{
    int done = 0;
    int retrying = 0;
    int failed = 0;
};

// Delivers the ticket requests whose time has come through the registry's
// ticket.open and ticket.comment: the embedded ticket store, or ServiceNow or
// Jira when the "tickets" connector names one. Each request is claimed by a
// conditional update first; a sender killed while delivering leaves a claim
// that runs out, and the request is delivered again. The request's
// correlation goes along as the correlation id, so the ticketing system finds
// what the first delivery made instead of making it twice (at least once,
// and once in effect).
class TicketDelivery final
{
public:
    TicketDelivery(Database &db, const Clock &clock, const engine::ActionRegistry &actions)
        : m_db(db), m_clock(clock), m_actions(actions)
    {
    }

    Result<TicketReport> deliverDue();

    // Once the flag is set, the round ends after the request in flight.
    void setStopFlag(std::shared_ptr<std::atomic_bool> stop) { m_stop = std::move(stop); }

private:
    Database &m_db;
    const Clock &m_clock;
    const engine::ActionRegistry &m_actions;
    std::shared_ptr<std::atomic_bool> m_stop;
};

class TicketSenderWorker;

// Delivers ticket requests in the background on a thread of its own, with its
// own database connection: hosted with the engine.
class TicketSender final : public QObject
{
    Q_OBJECT

public:
    TicketSender(QString databasePath, std::shared_ptr<const engine::ActionRegistry> actions, int intervalMs,
                 QObject *parent = nullptr);
    ~TicketSender() override;

    void start();
    void stop();
    // Delivers now instead of at the next interval: a failure has just asked for a ticket.
    void wake();

Q_SIGNALS:
    void delivered(int done, int retrying, int failed);
    void failed(const QString &message);

private:
    friend class TicketSenderWorker;

    QString m_databasePath;
    std::shared_ptr<const engine::ActionRegistry> m_actions;
    int m_intervalMs;
    QThread m_thread;
    TicketSenderWorker *m_worker = nullptr;
    std::shared_ptr<std::atomic_bool> m_stopping = std::make_shared<std::atomic_bool>(false);
};

} // namespace ordo::connectors
