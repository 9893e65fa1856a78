#pragma once

#include "engine/Action.h"
#include "util/Result.h"

namespace ordo {
class Database;
}

namespace ordo::connectors {

// guest.exec and guest.waitReachable: SSH into a guest with libssh, with key
// authentication (the private key comes from the keychain by name). The host
// key is recorded at first contact with a guest (guest_host_keys) and a later
// change is refused until support forgets the old key.
void registerGuestActions(engine::ActionRegistry &registry, const QString &databasePath);

struct GuestHostKey
{
    QString guest;
    QString keyType;
    QString fingerprint;
    QString firstSeenAt;
    QString address;
    qint64 tenantId = 0; // of the workflow that first met the guest; 0: none
};

// tenantId: only the keys first met for that tenant; none: every key.
Result<QList<GuestHostKey>> guestHostKeys(Database &db, std::optional<qint64> tenantId);
// Forgets the recorded keys of a guest so that the next contact records its
// new one; how many were forgotten. Must run in a write transaction.
Result<int> forgetGuestHostKeys(Database &db, const QString &guest, std::optional<qint64> tenantId);

} // namespace ordo::connectors
