#pragma once

#include "util/Result.h"

namespace ordo {

// Argon2id password hashes in libsodium's self-describing string format.
Result<QString> hashPassword(const QString &password);
bool verifyPassword(const QString &hash, const QString &password);

} // namespace ordo
