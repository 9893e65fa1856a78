#pragma once

#include "util/Result.h"

#include <QString>

#include <optional>

namespace ordo {

class Database;

// People on a shared (PostgreSQL) database: one login role per person, named
// by a prefix and the user's name (ordo_ + alice), all members of one group
// role (ordo_person) that may only read, through row-level security that
// mirrors the services' rules (resources/sql/postgres-access.sql).
namespace shared {

inline constexpr auto kDefaultRolePrefix = "ordo_";

// The prefix, checked: a lower-case letter, then lower-case letters, digits or underscores.
Status checkRolePrefix(const QString &prefix);
QString personGroupRole(const QString &prefix);
QString personRole(const QString &prefix, const QString &userName);
// The login role a person signs in with from a console or ordoctl: the prefix
// of $ORDO_ROLE_PREFIX (ordo_ by default) and their name.
Result<QString> signInRole(const QString &userName);
// Whether people sign in at location with their own login roles: a shared
// database whose URL names no role (one that does is the owner's or an engine's).
bool signsInWithOwnRole(const QString &location);
// The engines' login role (ordo_engine): it runs workflows, and may neither
// decide nor order (resources/sql/postgres-access.sql says what it may do).
QString engineRole(const QString &prefix);

// Creates the group role and the engines' role (NOLOGIN) if they are missing, then (re)applies the grants, row-level
// security and policies. Run by the schema's owner, as a role that may create roles.
Status applyAccessRules(Database &db, const QString &prefix);

// The person's login role, made or given a new password. The server gets a
// SCRAM-SHA-256 verifier made here, never the password itself.
Status setPersonLogin(Database &db, const QString &prefix, const QString &userName, const QString &password);

// The engines' role may log in, with this password (as a SCRAM verifier).
Status setEngineLogin(Database &db, const QString &prefix, const QString &password);

// Whether the engines' role may log in (has been given a password).
Result<bool> engineMayLogIn(Database &db, const QString &prefix);

// The role prefix of a shared database whose access rules are applied; none
// on SQLite or before `ordoctl init --shared`.
Result<std::optional<QString>> rolePrefix(Database &db);

// The person's login role loses LOGIN, and its open sessions end.
Status disablePersonLogin(Database &db, const QString &userName);
// The person's open sessions end once the transaction commits (after a new password).
Status endPersonSessions(Database &db, const QString &userName);

// A login role for every user of the database, all with this password (the demo's people).
Status setEveryonesLogin(Database &db, const QString &prefix, const QString &password);

// A SCRAM-SHA-256 verifier as PostgreSQL stores it (RFC 5802, RFC 7677).
QString scramVerifier(const QString &password, const QByteArray &salt, int iterations = 4096);

} // namespace shared
} // namespace ordo
