#include "services/Transfer.h"

#include "domain/AuditLog.h"
#include "security/SecretStore.h"
#include "store/Database.h"
#include "store/Migrations.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>

namespace ordo {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::DataTransfer)
};

const QString kFormat = QStringLiteral("ordo-export");
constexpr int kFormatVersion = 1;

// Each table after those it refers to, its rows in key order (a workflow's
// parent and a request's predecessor come first, having the smaller id).
struct MovedTable
{
    const char *name;
    const char *orderBy;
};
constexpr MovedTable kMoved[] = {
    {"tenants", "id"},
    {"users", "id"},
    {"user_roles", "user_id, tenant_id, role"},
    {"provider_roles", "user_id, role"},
    {"approver_groups", "tenant_id, name, user_id"},
    {"catalog_items", "id"},
    {"cart_lines", "id"},
    {"orders", "id"},
    {"order_lines", "order_id, line_no"},
    {"approval_decisions", "order_id, level, approver_id"},
    {"workflow_definitions", "name, version"},
    {"workflows", "id"},
    {"steps", "id"},
    {"step_log", "seq"},
    {"step_attempts", "id"},
    {"usage_records", "id"},
    {"cmdb_items", "id"},
    {"tickets", "id"},
    {"ticket_comments", "id"},
    {"ticket_requests", "id"},
    {"mail_outbox", "id"},
    {"guest_host_keys", "identity, key_type"},
    {"concurrency_limits", "key"},
    {"connector_settings", "name"},
    {"audit_keying", "id"},
    {"audit_log", "seq"},
    {"audit_head", "id"},
};
// A new database has these rows of its own already: the import replaces them.
const QSet<QString> kReplaced = {QStringLiteral("audit_keying"), QStringLiteral("audit_head")};
// No row comes near this; a longer line is not an export's.
constexpr qint64 kMaxLine = 64 * 1024 * 1024;

// The seal of an export: an HMAC over its lines, with a key derived from the
// audit key of the database it comes from. Whoever holds that key (every host
// that may extend the trail) made the file; nobody else can edit it unseen.
QByteArray sealKey(const QByteArray &auditKey)
{
    return QMessageAuthenticationCode::hash(QByteArrayLiteral("ordo-export-seal"), auditKey, QCryptographicHash::Sha256);
}

Result<QByteArray> auditKeyOf(const QString &databaseId)
{
    const QString name = AuditLog::keyName(databaseId);
    auto key = SecretStore().read(name);
    if (!key && key.error().code == ErrorCode::NotFound)
        return Error::notFound(Text::tr("the audit key '%1' of the exported database is not in this host's keychain: copy it from "
                                        "the host that exported it")
                                   .arg(name));
    return key;
}

Result<QJsonValue> jsonOf(const QVariant &value, const QString &table, const QString &column)
{
    if (value.isNull())
        return QJsonValue(QJsonValue::Null);
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return QJsonValue(value.toLongLong());
    case QMetaType::QString:
        return QJsonValue(value.toString());
    default:
        return Error::internal(Text::tr("%1.%2 holds a value of type %3, which an export does not carry")
                                   .arg(table, column, QString::fromLatin1(value.typeName())));
    }
}

QString quotedName(const QString &name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

} // namespace

qint64 TransferSummary::total() const
{
    qint64 sum = 0;
    for (const qint64 n : rows)
        sum += n;
    return sum;
}

QStringList DataTransfer::tables()
{
    QStringList names;
    for (const MovedTable &t : kMoved)
        names.append(QString::fromLatin1(t.name));
    return names;
}

Result<TransferSummary> DataTransfer::exportTo(const Session &session, QIODevice &out)
{
    // It holds every tenant's data: the provider's admins'. An embedded database is
    // one file that holds every tenant anyway, and whoever reads the file reads it
    // all; there any admin exports, and nobody else through Ordo.
    const bool embedded = m_db.dialect() == Database::Dialect::Sqlite;
    // A person's own login reads only what row-level security shows them: never a whole export.
    if (m_db.access() != Database::Access::Owner)
        return Error::notPermitted(Text::tr("an export reads every row: run it on the database owner's connection (the owner's role in the URL)"));
    if (!session.providerWide(Role::Admin) && !(embedded && session.can(Role::Admin)))
        return Error::notPermitted(embedded ? Text::tr("only admins export the database")
                                            : Text::tr("only the provider's admins export a shared database: it holds every tenant's data"));
    // Audited first, in a transaction of its own: an export is recorded even if
    // writing the file fails later, and no lock is held while it is written. The
    // entry is in the file too.
    const Status audited = m_db.write([&] {
        return m_audit.record({session.user.name, session.tenant.id, QStringLiteral("database"), {}, QStringLiteral("export"), {}, {}, {}, {}});
    });
    if (!audited)
        return audited.error();

    TransferSummary summary;
    summary.schemaVersion = m_db.schemaVersion();
    // One snapshot (REPEATABLE READ on a shared database): rows that refer to each other arrive together.
    const Status exported = m_db.read([&]() -> Status {
        ORDO_TRY(keying, m_db.exec(QStringLiteral("SELECT database_id FROM audit_keying WHERE id = 1")));
        if (!keying.next())
            return Error::internal(Text::tr("the database has no audit key record"));
        const QString databaseId = keying.value(0).toString();
        ORDO_TRY(auditKey, AuditLog::trailKey(m_db, {databaseId, 0}));
        QMessageAuthenticationCode seal(QCryptographicHash::Sha256, sealKey(auditKey));
        const auto writeLine = [&](const QJsonObject &line) -> Status {
            const QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
            if (out.write(bytes) != bytes.size())
                return Error::internal(Text::tr("the export could not be written: %1").arg(out.errorString()));
            seal.addData(bytes);
            return ok();
        };
        ORDO_CHECK(writeLine({{QStringLiteral("format"), kFormat},
                              {QStringLiteral("version"), kFormatVersion},
                              {QStringLiteral("schemaVersion"), summary.schemaVersion},
                              {QStringLiteral("exportedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                              {QStringLiteral("exportedBy"), session.user.name},
                              {QStringLiteral("databaseId"), databaseId}}));
        for (const MovedTable &moved : kMoved) {
            const QString table = QString::fromLatin1(moved.name);
            ORDO_TRY(rows, m_db.exec(QStringLiteral("SELECT * FROM %1 ORDER BY %2").arg(table, QString::fromLatin1(moved.orderBy))));
            qint64 &count = summary.rows[table];
            while (rows.next()) {
                const QSqlRecord record = rows.record();
                QJsonObject row;
                for (int i = 0; i < record.count(); ++i) {
                    ORDO_TRY(value, jsonOf(rows.value(i), table, record.fieldName(i)));
                    row.insert(record.fieldName(i), value);
                }
                ORDO_CHECK(writeLine({{QStringLiteral("table"), table}, {QStringLiteral("row"), row}}));
                ++count;
            }
        }
        const QJsonObject end{{QStringLiteral("end"), true},
                              {QStringLiteral("rows"), summary.total()},
                              {QStringLiteral("seal"), QString::fromLatin1(seal.result().toHex())}};
        const QByteArray bytes = QJsonDocument(end).toJson(QJsonDocument::Compact) + '\n';
        if (out.write(bytes) != bytes.size())
            return Error::internal(Text::tr("the export could not be written: %1").arg(out.errorString()));
        return ok();
    });
    if (!exported)
        return exported.error();
    return summary;
}

Result<TransferSummary> DataTransfer::importFrom(QIODevice &in, const QString &source)
{
    if (m_db.dialect() != Database::Dialect::Postgres)
        return Error::badInput(Text::tr("%1 is an embedded database: an export goes into a shared (PostgreSQL) one; to move an "
                                        "embedded database, copy its file and its audit anchor")
                                   .arg(m_db.path()));
    qint64 lineNo = 0;
    QByteArray lastLine; // as read, for the seal
    const auto readLine = [&]() -> Result<std::optional<QJsonObject>> {
        if (in.atEnd())
            return std::optional<QJsonObject>();
        ++lineNo;
        lastLine = in.readLine(kMaxLine);
        if (!lastLine.endsWith('\n') && !in.atEnd())
            return Error::badInput(Text::tr("%1, line %2: longer than any line of an Ordo export").arg(source).arg(lineNo));
        QJsonParseError parsed;
        const QJsonDocument document = QJsonDocument::fromJson(lastLine, &parsed);
        if (parsed.error != QJsonParseError::NoError || !document.isObject())
            return Error::badInput(Text::tr("%1, line %2: not a line of an Ordo export (%3)")
                                       .arg(source)
                                       .arg(lineNo)
                                       .arg(parsed.error != QJsonParseError::NoError ? parsed.errorString() : Text::tr("not an object")));
        return std::optional<QJsonObject>(document.object());
    };
    ORDO_TRY(header, readLine());
    if (!header || header->value(QLatin1String("format")).toString() != kFormat)
        return Error::badInput(Text::tr("%1 is not an Ordo export: its first line names no format 'ordo-export'").arg(source));
    if (header->value(QLatin1String("version")).toInt() != kFormatVersion)
        return Error::badInput(Text::tr("%1 is an export of version %2, which this Ordo does not read (it reads version %3)")
                                   .arg(source)
                                   .arg(header->value(QLatin1String("version")).toInt())
                                   .arg(kFormatVersion));
    TransferSummary summary;
    summary.schemaVersion = header->value(QLatin1String("schemaVersion")).toInt();
    if (summary.schemaVersion != m_db.schemaVersion())
        return Error::badInput(Text::tr("%1 was exported at schema version %2 and %3 is at %4: open the exported database with this "
                                        "version of Ordo first, so that it is migrated, and export it again")
                                   .arg(source)
                                   .arg(summary.schemaVersion)
                                   .arg(m_db.path())
                                   .arg(m_db.schemaVersion()));
    // The seal's key, before anything is read: the audit key of the database the header names.
    const QString databaseId = header->value(QLatin1String("databaseId")).toString();
    static const QRegularExpression databaseIdPattern(QStringLiteral("^[0-9a-f]{32}$"));
    if (!databaseIdPattern.match(databaseId).hasMatch())
        return Error::badInput(Text::tr("%1 is not an Ordo export: its first line names no database").arg(source));
    ORDO_TRY(auditKey, auditKeyOf(databaseId));
    QMessageAuthenticationCode seal(QCryptographicHash::Sha256, sealKey(auditKey));
    seal.addData(lastLine);

    const Status imported = m_db.write([&]() -> Status {
        // Nobody writes here meanwhile: the database is found empty and filled in one go.
        ORDO_CHECK(m_db.exec(QStringLiteral("LOCK TABLE %1 IN SHARE ROW EXCLUSIVE MODE").arg(tables().join(QStringLiteral(", ")))));
        for (const MovedTable &moved : kMoved) {
            const QString table = QString::fromLatin1(moved.name);
            if (kReplaced.contains(table)) {
                ORDO_CHECK(m_db.exec(QStringLiteral("DELETE FROM %1").arg(table)));
                continue;
            }
            ORDO_TRY(any, m_db.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM %1)").arg(table)));
            if (any.next() && any.value(0).toBool())
                return Error::conflict(Text::tr("%1 holds data already (in %2): an export goes into a new, empty database only")
                                           .arg(m_db.path(), table));
        }
        // The columns of each table here: a row may name no other.
        QHash<QString, QSet<QString>> columns;
        ORDO_TRY(known, m_db.exec(QStringLiteral("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()")));
        while (known.next())
            columns[known.value(0).toString()].insert(known.value(1).toString());

        const QStringList order = tables();
        qsizetype position = 0;
        bool ended = false;

        while (!ended) {
            ORDO_TRY(line, readLine());
            if (!line)
                return Error::badInput(Text::tr("%1 ends at line %2 without the line that closes an export: it was cut short").arg(source).arg(lineNo));
            if (line->value(QLatin1String("end")).toBool()) {
                if (line->value(QLatin1String("rows")).toInteger(-1) != summary.total())
                    return Error::badInput(Text::tr("%1, line %2: the export says it holds %3 rows, and %4 were read")
                                               .arg(source)
                                               .arg(lineNo)
                                               .arg(line->value(QLatin1String("rows")).toInteger(-1))
                                               .arg(summary.total()));
                if (QByteArray::fromHex(line->value(QLatin1String("seal")).toString().toLatin1()) != seal.result())
                    return Error::badInput(Text::tr("%1 is not sealed by the audit key of the database it names: it was changed after "
                                                    "the export, or was not written by one; nothing was imported")
                                               .arg(source));
                ended = true;
                continue;
            }
            seal.addData(lastLine);
            const QString table = line->value(QLatin1String("table")).toString();
            const qsizetype at = order.indexOf(table, position);
            if (at < 0)
                return Error::badInput(order.contains(table)
                                           ? Text::tr("%1, line %2: rows of %3 come after those of %4, out of order").arg(source).arg(lineNo).arg(table, order.at(position))
                                           : Text::tr("%1, line %2: '%3' is not a table an export holds").arg(source).arg(lineNo).arg(table));
            position = at;
            const QJsonObject row = line->value(QLatin1String("row")).toObject();
            QStringList names = row.keys();
            QVariantList values;
            // Every column, so that none takes a default the exported row did not have.
            for (const QString &column : columns.value(table)) {
                if (!row.contains(column))
                    return Error::badInput(Text::tr("%1, line %2: the row of %3 has no value for '%4'").arg(source).arg(lineNo).arg(table, column));
            }
            for (const QString &name : std::as_const(names)) {
                if (!columns.value(table).contains(name))
                    return Error::badInput(Text::tr("%1, line %2: %3 has no column '%4' here").arg(source).arg(lineNo).arg(table, name));
                const QJsonValue value = row.value(name);
                if (value.isNull())
                    values.append(QVariant());
                else if (value.isString())
                    values.append(value.toString());
                else if (value.isDouble() && double(value.toInteger()) == value.toDouble())
                    values.append(value.toInteger());
                else
                    return Error::badInput(Text::tr("%1, line %2: %3.%4 is neither text, a whole number nor null").arg(source).arg(lineNo).arg(table, name));
            }
            QStringList quoted;
            for (const QString &name : std::as_const(names))
                quoted.append(quotedName(name));
            auto inserted = m_db.execCached(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                                                .arg(table, quoted.join(QStringLiteral(", ")),
                                                     QStringList(names.size(), QStringLiteral("?")).join(QStringLiteral(", "))),
                                            values);
            if (!inserted)
                return Error::badInput(Text::tr("%1, line %2: %3 row not taken: %4").arg(source).arg(lineNo).arg(table, inserted.error().message));
            // The key that seals the file is the one of the database it holds.
            if (table == QLatin1String("audit_keying") && row.value(QLatin1String("database_id")).toString() != databaseId)
                return Error::badInput(Text::tr("%1, line %2: the audit key record is not of the database the export names").arg(source).arg(lineNo));
            ++summary.rows[table];
        }
        if (!in.atEnd())
            return Error::badInput(Text::tr("%1, line %2: more follows the line that closes the export").arg(source).arg(lineNo));

        // Which steps wait for engines is derived from the steps, not moved.
        ORDO_CHECK(m_db.exec(stepQueueFill()));
        // New rows take ids after the imported ones.
        ORDO_TRY(identities, m_db.exec(QStringLiteral("SELECT table_name, column_name FROM information_schema.columns "
                                                      "WHERE table_schema = current_schema() AND is_identity = 'YES'")));
        QList<std::pair<QString, QString>> sequences;
        while (identities.next())
            sequences.append({identities.value(0).toString(), identities.value(1).toString()});
        for (const auto &[table, column] : std::as_const(sequences)) {
            // The step log's seqs are in steps too, for the success lines their rows imply.
            const QString highest = table == QLatin1String("step_log")
                                        ? QStringLiteral("GREATEST((SELECT max(seq) FROM step_log), (SELECT max(log_seq) FROM steps))")
                                        : QStringLiteral("(SELECT max(%1) FROM %2)").arg(quotedName(column), quotedName(table));
            ORDO_CHECK(m_db.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(%1, 0) + 1, false)").arg(highest),
                                 {quotedName(table), column}));
        }

        // The trail goes on with the key it was written with, which the database now holds.
        ORDO_CHECK(m_db.exec(QStringLiteral("INSERT INTO ordo_private.audit_key(id, key) VALUES (1, decode(?, 'hex'))"
                                            " ON CONFLICT (id) DO UPDATE SET key = excluded.key"),
                             {QString::fromLatin1(auditKey.toHex())}));
        // The trail arrived whole, and says where it came from.
        ORDO_TRY(verified, m_audit.verify());
        if (!verified.intact)
            return Error::badInput(Text::tr("the audit trail in %1 does not verify (%2): nothing was imported").arg(source, verified.problem));
        ORDO_TRY(who, m_db.exec(QStringLiteral("SELECT session_user")));
        const QString importedBy = who.next() ? who.value(0).toString() : QString();
        return m_audit.record({QStringLiteral("system"), 0, QStringLiteral("database"), {}, QStringLiteral("import"), {}, {}, {},
                               {{QStringLiteral("source"), source},
                                {QStringLiteral("databaseRole"), importedBy},
                                {QStringLiteral("exportedAt"), header->value(QLatin1String("exportedAt"))},
                                {QStringLiteral("exportedBy"), header->value(QLatin1String("exportedBy"))},
                                {QStringLiteral("rows"), summary.total()}}});
    });
    if (!imported)
        return imported.error();
    return summary;
}

} // namespace ordo
