#pragma once

#include "engine/Action.h"

namespace ordo::connectors {

// guest.exec and guest.waitReachable: SSH into a guest with libssh, with key
// authentication (the private key comes from the keychain by name). The host
// key is recorded at first contact with a guest (guest_host_keys) and a later
// change is refused until support forgets the old key.
void registerGuestActions(engine::ActionRegistry &registry, const QString &databasePath);

} // namespace ordo::connectors
