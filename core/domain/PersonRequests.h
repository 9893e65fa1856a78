#pragma once

#include "util/Result.h"

#include <QString>

#include <chrono>

namespace ordo {

class Database;

// On a shared database a person's own login changes nothing itself: it asks
// the engines (ordo.checkout, ordo.cancel_order, ordo.request_support), and
// an engine applies the request in the person's name or refuses it with why.

// How long a face waits for an engine to settle a request before it says
// that none has yet.
inline constexpr std::chrono::seconds kRequestWait{30};

// Waits until an engine settles request id, looking again every 100 ms for
// at most wait. Returns the request's result when it was done (such as the
// order a checkout placed); a refusal is a NotPermitted error in the
// engine's words; no engine in time is a transient Conflict that says the
// request stays queued.
Result<QString> awaitRequest(Database &db, qint64 id, std::chrono::milliseconds wait = kRequestWait);

// Asks for the request with sql (which returns its id) and waits for it.
Result<QString> requestAndWait(Database &db, const QString &sql, const QVariantList &binds,
                               std::chrono::milliseconds wait = kRequestWait);

} // namespace ordo
