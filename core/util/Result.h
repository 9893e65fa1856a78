#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace ordo {

// What went wrong, in the classes that every face of Ordo maps to an outcome
// (ordoctl exit codes, dialog kinds). The numeric values are ordoctl's exit codes.
enum class ErrorCode {
    Internal = 1,
    BadInput = 2,
    NotPermitted = 3,
    NotFound = 4,
    Conflict = 5,
};

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    // Worth trying again as it was: a deadlock, a serialization failure or a
    // lost connection to a shared database.
    bool transient = false;

    static Error badInput(const QString &m) { return {ErrorCode::BadInput, m}; }
    static Error notPermitted(const QString &m) { return {ErrorCode::NotPermitted, m}; }
    static Error notFound(const QString &m) { return {ErrorCode::NotFound, m}; }
    static Error conflict(const QString &m) { return {ErrorCode::Conflict, m}; }
    static Error internal(const QString &m) { return {ErrorCode::Internal, m}; }
};

// A small stand-in for C++23 std::expected: errors travel as values across layers.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    // By value from a temporary, so `for (x : *call())` does not dangle.
    T value() && { return std::get<T>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    T operator*() && { return std::move(*this).value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

struct Ok
{
};

using Status = Result<Ok>;

inline Status ok() { return Ok{}; }

} // namespace ordo

// Propagates an error from a Result-returning expression, otherwise yields its value.
#define ORDO_TRY(var, expr)                                                                        \
    auto var##_result = (expr);                                                                    \
    if (!var##_result)                                                                             \
        return var##_result.error();                                                               \
    auto var = std::move(var##_result).value()

#define ORDO_CHECK(expr)                                                                           \
    do {                                                                                           \
        auto ordo_status_ = (expr);                                                                \
        if (!ordo_status_)                                                                         \
            return ordo_status_.error();                                                           \
    } while (false)
