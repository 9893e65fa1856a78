#include "connectors/TicketSender.h"

#include "connectors/Smtp.h"
#include "domain/TicketRequests.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcTickets, "ordo.connectors.tickets", QtInfoMsg)

namespace ordo::connectors {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::TicketSender)
};

constexpr int kBatch = 50;
// Longer than the longest exchange a ticketing connector may be set to (10 minutes).
constexpr qint64 kClaimMs = 15 * 60 * 1000;

bool retried(engine::ErrorKind kind)
{
    return kind == engine::ErrorKind::Transient || kind == engine::ErrorKind::Timeout || kind == engine::ErrorKind::Authentication
           || kind == engine::ErrorKind::Cancelled;
}

// The embedded store numbers its tickets, ServiceNow and Jira name them.
QString ticketId(const QJsonValue &value)
{
    return value.isString() ? value.toString() : QString::number(value.toInteger());
}

} // namespace

Result<TicketReport> TicketDelivery::deliverDue()
{
    TicketReport report;
    TicketRequests requests(m_db, m_clock);
    // Comments on a ticket opened in this round are due at once: one more pass for them.
    for (bool opened = true; opened;) {
        opened = false;
        ORDO_TRY(ids, requests.due(kBatch));
        for (const qint64 id : std::as_const(ids)) {
            if (m_stop && m_stop->load())
                break;
            ORDO_TRY(claimed, requests.claim(id, m_clock.now().addMSecs(kClaimMs)));
            if (!claimed)
                continue;
            const bool opening = claimed->kind == TicketRequest::Kind::Open;
            if (!opening && claimed->ticket.isEmpty()) {
                ++report.failed;
                ORDO_CHECK(requests.markFailed(*claimed, Text::tr("the ticket to comment on was never opened")));
                continue;
            }
            const QString actionName = opening ? QStringLiteral("ticket.open") : QStringLiteral("ticket.comment");
            const auto action = m_actions.find(actionName);
            if (!action)
                return Error::internal(QStringLiteral("no action %1").arg(actionName));
            QJsonObject inputs{{QStringLiteral("correlationId"), claimed->correlation}};
            if (opening) {
                inputs.insert(QStringLiteral("title"), claimed->title);
                inputs.insert(QStringLiteral("description"), claimed->body);
            } else {
                const bool numbered = action->inputs().value(QStringLiteral("ticket")).type == engine::InputType::Integer;
                inputs.insert(QStringLiteral("ticket"), numbered ? QJsonValue(claimed->ticket.toLongLong()) : QJsonValue(claimed->ticket));
                inputs.insert(QStringLiteral("comment"), claimed->body);
            }
            engine::ActionContext ctx{inputs, claimed->correlation, claimed->workflowId, claimed->stepKey, claimed->attempts,
                                      m_stop ? m_stop : std::make_shared<std::atomic_bool>(false),
                                      [id](const QString &line) { qCInfo(lcTickets) << "ticket request" << id << line; }, &m_clock};
            const engine::ActionOutcome outcome = action->run(ctx);
            if (const auto *outputs = std::get_if<QJsonObject>(&outcome)) {
                ++report.done;
                const QString ticket = opening ? ticketId(outputs->value(QLatin1String("ticket"))) : claimed->ticket;
                qCInfo(lcTickets) << "ticket request" << id << (opening ? "opened ticket" : "commented on ticket") << ticket;
                ORDO_CHECK(requests.markDone(*claimed, ticket));
                opened = opened || opening;
                continue;
            }
            const auto &error = std::get<engine::ActionError>(outcome);
            const QString message = QStringLiteral("%1: %2").arg(engine::errorKindName(error.kind), error.message);
            qCWarning(lcTickets) << "ticket request" << id << message;
            if (retried(error.kind)) {
                ++report.retrying;
                ORDO_CHECK(requests.retryAt(*claimed, m_clock.now().addMSecs(MailDelivery::retryDelayMs(claimed->attempts)), message));
            } else {
                ++report.failed;
                ORDO_CHECK(requests.markFailed(*claimed, message));
            }
        }
    }
    return report;
}

class TicketSenderWorker final : public QObject
{
    Q_OBJECT

public:
    TicketSenderWorker(TicketSender *owner, QString databasePath, int intervalMs)
        : m_owner(owner), m_databasePath(std::move(databasePath)), m_timer(this)
    {
        m_timer.setInterval(intervalMs);
        connect(&m_timer, &QTimer::timeout, this, &TicketSenderWorker::deliver);
    }

    void begin()
    {
        auto db = Database::open(m_databasePath);
        if (!db) {
            Q_EMIT m_owner->failed(db.error().message);
            return;
        }
        m_db = std::move(*db);
        m_delivery.emplace(*m_db, m_clock, *m_owner->m_actions);
        m_delivery->setStopFlag(m_owner->m_stopping);
        deliver();
        m_timer.start();
    }

    void end()
    {
        m_timer.stop();
        m_delivery.reset();
        m_db.reset();
    }

    void deliver()
    {
        if (!m_delivery)
            return;
        auto report = m_delivery->deliverDue();
        if (!report)
            qCWarning(lcTickets) << "ticket delivery:" << report.error().message;
        else if (report->done + report->retrying + report->failed > 0)
            Q_EMIT m_owner->delivered(report->done, report->retrying, report->failed);
    }

private:
    TicketSender *m_owner;
    QString m_databasePath;
    QTimer m_timer;
    const Clock m_clock;
    std::unique_ptr<Database> m_db;
    std::optional<TicketDelivery> m_delivery;
};

TicketSender::TicketSender(QString databasePath, std::shared_ptr<const engine::ActionRegistry> actions, int intervalMs, QObject *parent)
    : QObject(parent), m_databasePath(std::move(databasePath)), m_actions(std::move(actions)), m_intervalMs(intervalMs)
{
    m_thread.setObjectName(QStringLiteral("ordo-tickets"));
}

TicketSender::~TicketSender()
{
    stop();
}

void TicketSender::start()
{
    if (m_worker)
        return;
    m_stopping->store(false);
    m_worker = new TicketSenderWorker(this, m_databasePath, m_intervalMs);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &TicketSenderWorker::begin, Qt::QueuedConnection);
}

void TicketSender::stop()
{
    if (!m_worker)
        return;
    // Ends a round in progress after the request in flight, which the connector's cancel flag cuts short.
    m_stopping->store(true);
    QMetaObject::invokeMethod(m_worker, &TicketSenderWorker::end, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr;
}

void TicketSender::wake()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &TicketSenderWorker::deliver, Qt::QueuedConnection);
}

} // namespace ordo::connectors

#include "TicketSender.moc"
