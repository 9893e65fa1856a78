#pragma once

#include "domain/Accounts.h"
#include "util/Result.h"

#include <QMap>
#include <QString>

class QIODevice;

namespace ordo {

class AuditLog;
class Database;

// What one export or import moved.
struct TransferSummary
{
    int schemaVersion = 0;
    QMap<QString, qint64> rows; // by table
    qint64 total() const;
};

// A whole Ordo database as JSON lines, and back into a new shared one: how a
// team that began on the embedded demo keeps its data (docs/deployment.md,
// "Moving from the embedded demo"). The file holds everything but the change
// feed, which belongs to the database it was written in: password hashes and
// the audit trail too, so it is as secret as the database itself.
//
// The file: a header line {"format": "ordo-export", "version": 1,
// "schemaVersion": N, ...}, one line {"table": T, "row": {...}} per row,
// tables in the order of tables(), and a last line {"end": true, "rows": N}.
class DataTransfer final
{
public:
    DataTransfer(Database &db, AuditLog &audit) : m_db(db), m_audit(audit) {}

    // Every row, from one snapshot, written to out. The provider's admins (and
    // on an embedded database any admin), audited in the same transaction, so
    // the export holds its own entry.
    Result<TransferSummary> exportTo(const Session &session, QIODevice &out);

    // Into a shared (PostgreSQL) database that holds nothing yet, of the same
    // schema version, in one transaction: ids kept, sequences moved past them,
    // the audit trail verified with its key from this host's keychain, and an
    // entry appended that says where the data came from. Any error takes it all back.
    Result<TransferSummary> importFrom(QIODevice &in, const QString &source);

    // The tables moved, each after those it refers to.
    static QStringList tables();

private:
    Database &m_db;
    AuditLog &m_audit;
};

} // namespace ordo
