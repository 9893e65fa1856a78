#pragma once

#include <QDateTime>

namespace ordo {

// Time comes through here so that tests of expiry and timers never sleep.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const { return QDateTime::currentDateTimeUtc(); }
};

// The system's clock, for whoever is given no other.
inline const Clock &systemClock()
{
    static const Clock clock;
    return clock;
}

class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start) : m_now(std::move(start)) {}
    QDateTime now() const override { return m_now; }
    void advance(qint64 ms) { m_now = m_now.addMSecs(ms); }

private:
    QDateTime m_now;
};

} // namespace ordo
