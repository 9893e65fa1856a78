#pragma once

#include "engine/Engine.h"
#include "util/Result.h"

#include <QObject>

#include <functional>
#include <memory>

namespace ordo::connectors {
class MailSender;
class TicketSender;
}

namespace ordo {

struct EngineHostOptions
{
    engine::EngineOptions engine;
    // nullptr for the system clock; otherwise it must outlive the host.
    const Clock *clock = nullptr;
    // Adds actions after the product's, replacing any of the same name: how
    // tests and benchmarks bring actions the product does not ship.
    std::function<void(engine::ActionRegistry &)> extraActions;
    // The outbox is delivered by the host of an engine; a host that only
    // measures or tests the engine leaves it alone.
    bool deliverMail = true;
    int mailIntervalMs = 10000;
    // Ticket requests (opened by failures, commented on by support) go to the
    // ticketing connector likewise; a failure's own request goes at once.
    bool deliverTickets = true;
    int ticketIntervalMs = 5000;
    // The process is an engine and nothing else (`ordoctl engine run`): its memory
    // allocator keeps what it frees for reuse, for the whole process.
    bool engineProcess = false;
};

// The one wiring of an engine: from a database's connector settings, the
// registry with the real connectors, the engine and the mail and ticket
// senders. The console, `ordoctl engine run`, the tests and the benchmarks all host their
// engine through it.
class EngineHost final : public QObject
{
    Q_OBJECT

public:
    static Result<std::unique_ptr<EngineHost>> create(const QString &databasePath, EngineHostOptions options = {});
    ~EngineHost() override;

    void start();
    void stop();
    // One round of ticket delivery in this thread, for a host that ends once
    // the engine is idle: what the run asked for (a failure's ticket, a
    // support action's comment) is in the ticketing system before it ends,
    // not left to a sender whose timer never fires again.
    Status deliverDueTickets();

    engine::Engine &engine() { return *m_engine; }
    const engine::ActionRegistry &actions() const { return *m_actions; }

Q_SIGNALS:
    // The engine, or the mail or ticket delivery, stopped on an error.
    void engineFailed(const QString &message);
    void mailFailed(const QString &message);
    void ticketsFailed(const QString &message);

private:
    EngineHost(QString databasePath, const Clock *clock, std::shared_ptr<const engine::ActionRegistry> actions, std::unique_ptr<engine::Engine> engine,
               std::unique_ptr<connectors::MailSender> mailSender, std::unique_ptr<connectors::TicketSender> ticketSender);

    QString m_databasePath;
    const Clock &m_clock;
    std::shared_ptr<const engine::ActionRegistry> m_actions;
    std::unique_ptr<engine::Engine> m_engine;
    std::unique_ptr<connectors::MailSender> m_mailSender;
    std::unique_ptr<connectors::TicketSender> m_ticketSender;
};

// The actions a definition may name, with their inputs: what validating and
// starting a definition need. Connects to nothing and creates no file.
Result<std::shared_ptr<engine::ActionRegistry>> definitionActions(Database &db, AuditLog &audit);

} // namespace ordo
