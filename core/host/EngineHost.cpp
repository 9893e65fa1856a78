#include "host/EngineHost.h"

#include "Ordo.h"
#include "OrderWorkflows.h"
#include "connectors/Connectors.h"
#include "connectors/Smtp.h"
#include "connectors/TicketSender.h"
#include "store/Database.h"

#include <mutex>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace ordo {

namespace {

// An engine's pump builds and drops megabytes of statement text and rows a
// second, on its own thread and its workers'. glibc trims each thread arena's
// free top back to the kernel (madvise) and maps large blocks apart until its
// thresholds have adjusted to them: system calls and page faults for many
// batches. With these the engines of bench/pg_engine_bench spent about a sixth
// less CPU per step, at the price of memory kept at its peak: set only for a
// process that is an engine and nothing else (EngineHostOptions::engineProcess).
void keepFreedMemoryForReuse()
{
#ifdef __GLIBC__
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 128 << 20);
        mallopt(M_TOP_PAD, 16 << 20);
    });
#endif
}

} // namespace

Result<std::unique_ptr<EngineHost>> EngineHost::create(const QString &databasePath, EngineHostOptions options)
{
    if (options.engineProcess)
        keepFreedMemoryForReuse();
    std::shared_ptr<engine::ActionRegistry> actions;
    {
        ORDO_TRY(opened, Ordo::open(databasePath, options.clock));
        connectors::ConnectorSettings settings(*opened->m_db, opened->audit());
        ORDO_TRY(built, connectors::buildActionRegistry(settings, databasePath, connectors::ConnectorUse::Run));
        actions = std::move(built);
    }
    if (options.extraActions)
        options.extraActions(*actions);
    if (!options.engine.startOrder)
        options.engine.startOrder = &startOrderWorkflow;
    auto engine = std::make_unique<engine::Engine>(databasePath, actions, options.engine, options.clock);
    auto mailSender = options.deliverMail ? std::make_unique<connectors::MailSender>(databasePath, options.mailIntervalMs) : nullptr;
    auto ticketSender = options.deliverTickets ? std::make_unique<connectors::TicketSender>(databasePath, actions, options.ticketIntervalMs)
                                               : nullptr;
    return std::unique_ptr<EngineHost>(new EngineHost(databasePath, options.clock, std::move(actions), std::move(engine), std::move(mailSender), std::move(ticketSender)));
}

EngineHost::EngineHost(QString databasePath, const Clock *clock, std::shared_ptr<const engine::ActionRegistry> actions,
                       std::unique_ptr<engine::Engine> engine, std::unique_ptr<connectors::MailSender> mailSender,
                       std::unique_ptr<connectors::TicketSender> ticketSender)
    : m_databasePath(std::move(databasePath)), m_clock(clock ? *clock : systemClock()), m_actions(std::move(actions)), m_engine(std::move(engine)), m_mailSender(std::move(mailSender)), m_ticketSender(std::move(ticketSender))
{
    connect(m_engine.get(), &engine::Engine::failed, this, &EngineHost::engineFailed);
    if (m_mailSender)
        connect(m_mailSender.get(), &connectors::MailSender::failed, this, &EngineHost::mailFailed);
    if (m_ticketSender) {
        connect(m_ticketSender.get(), &connectors::TicketSender::failed, this, &EngineHost::ticketsFailed);
        // A failure that notifies somebody has asked for a ticket in the same transaction.
        connect(m_engine.get(), &engine::Engine::events, this, [this](const QList<engine::EngineEvent> &batch) {
            if (std::any_of(batch.begin(), batch.end(), [](const engine::EngineEvent &e) { return e.kind == engine::EngineEvent::Kind::Notify; }))
                m_ticketSender->wake();
        });
    }
}

EngineHost::~EngineHost()
{
    // The engine's own destructor hands its steps back without waiting for their actions.
    if (m_mailSender)
        m_mailSender->stop();
    if (m_ticketSender)
        m_ticketSender->stop();
}

void EngineHost::start()
{
    m_engine->start();
    if (m_mailSender)
        m_mailSender->start();
    if (m_ticketSender)
        m_ticketSender->start();
}

void EngineHost::stop()
{
    if (m_mailSender)
        m_mailSender->stop();
    if (m_ticketSender)
        m_ticketSender->stop();
    m_engine->stop();
}

Status EngineHost::deliverDueTickets()
{
    if (!m_ticketSender)
        return ok();
    ORDO_TRY(db, Database::open(m_databasePath));
    connectors::TicketDelivery delivery(*db, m_clock, *m_actions);
    ORDO_CHECK(delivery.deliverDue());
    return ok();
}

Result<std::shared_ptr<engine::ActionRegistry>> definitionActions(Database &db, AuditLog &audit)
{
    connectors::ConnectorSettings settings(db, audit);
    return connectors::buildActionRegistry(settings, db.path(), connectors::ConnectorUse::Describe);
}

} // namespace ordo
