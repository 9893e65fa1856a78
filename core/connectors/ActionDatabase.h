#pragma once

#include "engine/Action.h"
#include "store/Database.h"

#include <variant>

namespace ordo::connectors {

// Actions run on the engine's worker threads, and a Qt SQL connection belongs
// to the thread that opened it: each call opens its own connection to Ordo's
// database and does its work in one write transaction. A refusal of the input
// (bad input, not found) is a bad-input error, anything else transient.
template<typename F>
auto inDatabase(const QString &path, F &&fn) -> std::variant<std::decay_t<decltype(*fn(std::declval<Database &>()))>, engine::ActionError>
{
    auto db = Database::open(path);
    if (!db)
        return engine::ActionError{engine::ErrorKind::Transient, db.error().message};
    auto done = (*db)->write([&] { return fn(**db); });
    if (!done)
        return engine::ActionError{done.error().code == ErrorCode::BadInput || done.error().code == ErrorCode::NotFound
                                       ? engine::ErrorKind::BadInput
                                       : engine::ErrorKind::Transient,
                                   done.error().message};
    return *std::move(done);
}

// An action whose work is a write transaction on Ordo's own database.
class DatabaseAction : public engine::Action
{
public:
    explicit DatabaseAction(QString path) : m_path(std::move(path)) {}

protected:
    template<typename F>
    engine::ActionOutcome withDatabase(F &&fn) const
    {
        return inDatabase(m_path, std::forward<F>(fn));
    }

private:
    QString m_path;
};

} // namespace ordo::connectors
