#include "TestSupport.h"
#include "OrdoInternals.h"

#include <QJsonArray>
#include <QRandomGenerator>

#include <functional>

using namespace ordo;
using namespace ordo::test;

namespace {

// HMAC-SHA256 keys are 32 bytes.
constexpr qsizetype keyBytes = 32;

// A demo database with a checked-out and approved order: some twenty entries.
std::unique_ptr<Ordo> withHistory(const QString &path)
{
    auto ordo = openDemo(path);
    const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
    ORDO_CHECK_FATAL(ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}}));
    auto order = ordo->orders().checkout(alice);
    ORDO_CHECK_FATAL(order);
    ORDO_CHECK_FATAL(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), order->id, Decision::Approve,
                                              QStringLiteral("ok")));
    return ordo;
}

AuditVerification verified(Ordo &ordo)
{
    auto v = ordo.audit().verify();
    if (!v)
        qFatal("%s", qPrintable(v.error().message));
    return *v;
}

QString databaseId(Ordo &ordo)
{
    auto q = OrdoInternals::database(ordo).exec(QStringLiteral("SELECT database_id FROM audit_keying"));
    if (!q || !q->next())
        qFatal("no database id");
    return q->value(0).toString();
}

// The keychain's on an embedded database, the database's own on a shared one.
QByteArray auditKey(Ordo &ordo)
{
    auto key = AuditLog::trailKey(OrdoInternals::database(ordo), {databaseId(ordo), 0});
    if (!key)
        qFatal("%s", qPrintable(key.error().message));
    return *key;
}

// What one who can write the database file can do: take a row out, number
// the rest again and re-hash the whole chain and its head.
Status rewriteChain(Ordo &ordo, qint64 dropSeq, const std::function<QByteArray(const AuditEntry &)> &hashOf)
{
    return OrdoInternals::database(ordo).write([&]() -> Status {
        ORDO_TRY(all, OrdoInternals::store(ordo).auditEntries({}));
        ORDO_CHECK(OrdoInternals::database(ordo).exec(QStringLiteral("DELETE FROM audit_log")));
        QByteArray previous;
        qint64 seq = 0;
        for (AuditEntry e : std::as_const(all)) {
            if (e.seq == dropSeq)
                continue;
            e.seq = ++seq;
            e.prevHash = previous;
            e.hash = hashOf(e);
            previous = e.hash;
            ORDO_CHECK(OrdoInternals::store(ordo).appendAudit(e));
        }
        return ok();
    });
}

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void everyStateChangeIsRecordedWithWhoAndWhy()
    {
        TestEnvironment env;
        auto ordo = withHistory(env.databasePath());
        auto trail = ordo->audit().entries(std::nullopt, QStringLiteral("order"), QStringLiteral("1"));
        ORDO_VERIFY_OK(trail);
        QCOMPARE(trail->size(), 3);
        QCOMPARE(trail->at(0).action, QStringLiteral("checkout"));
        QCOMPARE(trail->at(0).actor, QStringLiteral("alice"));
        QCOMPARE(trail->at(1).toState, QStringLiteral("pending-approval"));
        QCOMPARE(trail->at(2).actor, QStringLiteral("bob"));
        QCOMPARE(trail->at(2).fromState, QStringLiteral("pending-approval"));
        QCOMPARE(trail->at(2).toState, QStringLiteral("approved"));
        QCOMPARE(trail->at(2).reason, QStringLiteral("ok"));
        QVERIFY(trail->at(2).at.isValid());
        const AuditVerification v = verified(*ordo);
        QVERIFY2(v.intact, qPrintable(v.problem));
        QVERIFY(v.entriesChecked > 15);
    }

    void tamperingIsDetected_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("problem");
        QTest::newRow("edited reason") << QStringLiteral("UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 5")
                                       << QStringLiteral("entry 5 was changed");
        QTest::newRow("edited actor") << QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
                                      << QStringLiteral("entry 3 was changed");
        QTest::newRow("deleted middle") << QStringLiteral("DELETE FROM audit_log WHERE seq = 4")
                                        << QStringLiteral("entry 4 is missing");
        QTest::newRow("deleted newest") << QStringLiteral("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
                                        << QStringLiteral("but entry");
        QTest::newRow("rehashed edit") << QStringLiteral("UPDATE audit_log SET reason = 'x', hash = 'abc' WHERE seq = 2")
                                       << QStringLiteral("entry 2 was changed");
    }

    void tamperingIsDetected()
    {
        QFETCH(QString, sql);
        QFETCH(QString, problem);
        TestEnvironment env;
        auto ordo = withHistory(env.databasePath());
        QVERIFY(verified(*ordo).intact);
        ORDO_VERIFY_OK(OrdoInternals::database(*ordo).exec(sql));
        const AuditVerification v = verified(*ordo);
        QVERIFY(!v.intact);
        QVERIFY2(v.problem.contains(problem), qPrintable(v.problem));
        QVERIFY(v.firstBadSeq > 0);
    }

    void rehashingNeedsTheKey_data()
    {
        QTest::addColumn<QString>("hashing");
        QTest::addColumn<qint64>("dropSeq");
        QTest::addColumn<bool>("intact");
        QTest::addColumn<QString>("problem");
        QTest::newRow("plain SHA-256, a row deleted") << QStringLiteral("sha256") << qint64(4) << false << QStringLiteral("entry 1 was changed");
        QTest::newRow("another key, a row deleted") << QStringLiteral("other key") << qint64(4) << false << QStringLiteral("entry 1 was changed");
        // The rewrite itself is faithful: with the right key and nothing taken out, the trail is intact.
        QTest::newRow("the right key, nothing deleted") << QStringLiteral("right key") << qint64(0) << true << QString();
        // Even with the key, the anchor beside the database sees the trail got shorter.
        if (!TestEnvironment::isPostgres())
            QTest::newRow("the right key, a row deleted") << QStringLiteral("right key") << qint64(4) << false << QStringLiteral("but entry");
    }

    void rehashingNeedsTheKey()
    {
        QFETCH(QString, hashing);
        QFETCH(qint64, dropSeq);
        QFETCH(bool, intact);
        QFETCH(QString, problem);
        TestEnvironment env;
        auto ordo = withHistory(env.databasePath());
        QVERIFY(verified(*ordo).intact);
        QByteArray otherKey(keyBytes, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(otherKey.data()), keyBytes / 4);
        const QByteArray key = hashing == QLatin1String("right key") ? auditKey(*ordo) : otherKey;
        ORDO_VERIFY_OK(rewriteChain(*ordo, dropSeq, [&](const AuditEntry &e) {
            return hashing == QLatin1String("sha256") ? AuditLog::legacyHashOf(e) : AuditLog::keyedHashOf(e, key);
        }));
        const AuditVerification v = verified(*ordo);
        QCOMPARE(v.intact, intact);
        QVERIFY2(v.problem.contains(problem), qPrintable(v.problem));
    }

    void cuttingOffTheTailIsDetected_data()
    {
        QTest::addColumn<bool>("removeAnchor");
        QTest::addColumn<QString>("problem");
        QTest::newRow("head moved back") << false << QStringLiteral("but entry");
        QTest::newRow("head moved back, anchor removed") << true << QStringLiteral("anchor beside the database is missing");
    }

    void cuttingOffTheTailIsDetected()
    {
        ORDO_REQUIRE_SQLITE("the anchor is a file beside the embedded database");
        QFETCH(bool, removeAnchor);
        QFETCH(QString, problem);
        TestEnvironment env;
        auto ordo = withHistory(env.databasePath());
        const AuditVerification before = verified(*ordo);
        QVERIFY(before.intact);
        const qint64 keep = before.entriesChecked - 3;
        ORDO_VERIFY_OK(OrdoInternals::database(*ordo).exec(QStringLiteral("DELETE FROM audit_log WHERE seq > ?"), {keep}));
        ORDO_VERIFY_OK(OrdoInternals::database(*ordo).exec(QStringLiteral("UPDATE audit_head SET last_seq = ?,"
                                                            " last_hash = (SELECT hash FROM audit_log WHERE seq = ?)"),
                                             {keep, keep}));
        if (removeAnchor)
            QVERIFY(QFile::remove(AuditLog::anchorPath(env.databasePath())));
        const AuditVerification v = verified(*ordo);
        QVERIFY(!v.intact);
        QVERIFY2(v.problem.contains(problem), qPrintable(v.problem));
        QCOMPARE(v.entriesChecked, keep);
    }

    // The key is in the keychain (embedded) or in the database (shared), and
    // in no file below HOME and no log line either way.
    void theKeyIsNeverWrittenOutOrLogged()
    {
        static QStringList messages;
        messages.clear();
        const QtMessageHandler previous = qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &message) {
            messages.append(message);
        });
        const auto restore = qScopeGuard([previous] { qInstallMessageHandler(previous); });
        // Everything that logs, at every level.
        QLoggingCategory::setFilterRules(QStringLiteral("ordo.*=true"));
        TestEnvironment env;
        auto ordo = withHistory(env.databasePath());
        QVERIFY(verified(*ordo).intact);
        ordo.reset();
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(!messages.isEmpty());

        const QByteArray key = [&] {
            auto reopened = Ordo::open(env.databasePath());
            if (!reopened)
                qFatal("cannot reopen");
            return auditKey(**reopened);
        }();
        QCOMPARE(key.size(), keyBytes);
        // Not in the database, its WAL, the anchor or the settings below the test's HOME, in any spelling.
        for (const QByteArray &spelling : {key, key.toHex(), key.toBase64()}) {
            QVERIFY(!anyFileContains(env.path(QString()), spelling));
            QVERIFY(!messages.join(QLatin1Char('\n')).contains(QString::fromLatin1(spelling)));
        }
        if (!TestEnvironment::isPostgres())
            QVERIFY(QFile::exists(AuditLog::anchorPath(env.databasePath())));
        if (TestEnvironment::isPostgres()) { // no host holds a shared database's key
            auto reopened = Ordo::open(env.databasePath());
            ORDO_VERIFY_OK(reopened);
            QCOMPARE(SecretStore().read(AuditLog::keyName(databaseId(**reopened))).error().code, ErrorCode::NotFound);
        }
    }

    // Text in every field as people and workflows write it: the database's
    // hash (a shared one hashes in SQL) is the one Ordo checks.
    void anyTextKeepsTheTrailVerifiable()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        Database &db = OrdoInternals::database(*ordo);
        const QString odd = QStringLiteral("J\u00fcrgen \u00e9t\u00e9 \U0001F680 \"quoted\" back\\slash\nnew line\ttab 100%_");
        ORDO_VERIFY_OK(db.write([&] {
            return ordo->audit().record({odd, 0, QStringLiteral("order"), odd, QStringLiteral("note"), QString(), odd, odd,
                                         {{QStringLiteral("z"), odd},
                                          {QStringLiteral("a"), QJsonObject{{QStringLiteral("n"), 42}, {QStringLiteral("f"), 1.5}}},
                                          {QStringLiteral("list"), QJsonArray{true, QJsonValue(), odd}}}});
        }));
        const AuditVerification v = verified(*ordo);
        QVERIFY2(v.intact, qPrintable(v.problem));
        auto trail = ordo->audit().entries(std::nullopt, QStringLiteral("order"), odd);
        ORDO_VERIFY_OK(trail);
        QCOMPARE(trail->size(), 1);
        QCOMPARE(trail->at(0).actor, odd);
        QCOMPARE(trail->at(0).fromState, QString());
        QCOMPARE(trail->at(0).details.value(QStringLiteral("z")).toString(), odd);
    }

    void recordingNeedsTheChangesTransaction()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        ORDO_VERIFY_ERROR(ordo->audit().record({QStringLiteral("x"), 0, QStringLiteral("e"), QStringLiteral("1"),
                                                QStringLiteral("a"), {}, {}, {}, {}}),
                          ErrorCode::Internal);
    }

    // Whoever may append on a shared database (its engines) sends the details
    // as text: the trail hashes and keeps that text as it came, so that no
    // spelling of a JSON object makes it fail to verify; a time Qt would not
    // write and details that are no JSON object are refused.
    void aSharedDatabaseHashesWhatItStores()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("PostgreSQL only: ordo.audit_append is a shared database's");
        TestEnvironment env;
        auto ordo = withHistory(env.databasePath());
        Database &db = OrdoInternals::database(*ordo);
        const QString append = QStringLiteral("SELECT ordo.audit_append('engine', 0, 'order', '1', 'note', '', '', '', ?, ?)");
        ORDO_VERIFY_OK(db.exec(append, {QStringLiteral("{ \"b\": 1,\n \"a\": [2.50, -0.0] }"), qint64(1764650000123)}));
        ORDO_VERIFY_OK(db.exec(append, {QStringLiteral("{}"), qint64(0)}));
        const AuditVerification v = verified(*ordo);
        QVERIFY2(v.intact, qPrintable(v.problem));
        auto last = ordo->audit().entries(std::nullopt, QStringLiteral("order"), QStringLiteral("1"));
        ORDO_VERIFY_OK(last);
        QCOMPARE(last->constLast().at, QDateTime::fromMSecsSinceEpoch(0, Qt::UTC));
        for (const auto &[details, at] : {std::pair{QStringLiteral("{}"), qint64(-1)}, std::pair{QStringLiteral("{}"), qint64(253402300800000)},
                                         std::pair{QStringLiteral("[1]"), qint64(0)}, std::pair{QStringLiteral("not json"), qint64(0)}}) {
            const auto refused = db.exec(append, {details, at});
            QVERIFY2(!refused, qPrintable(details + QLatin1Char(' ') + QString::number(at)));
        }
        QVERIFY(verified(*ordo).intact);
    }

    // Last: the keyring stays locked for the rest of this process.
    void aLockedKeychainRefusesTheChangeRatherThanWriteAnUnkeyedEntry()
    {
        TestEnvironment env;
        KeyringSession *keyring = ensureKeyring();
        QVERIFY(keyring);
        auto opened = Ordo::open(env.databasePath());
        ORDO_VERIFY_OK(opened);
        Ordo &ordo = **opened;
        QVERIFY(keyring->lock());
        const Status demo = ordo.createDemo(QStringLiteral("demo"));
        if (TestEnvironment::isPostgres()) {
            // A shared database extends its trail with its own key: no keychain is asked.
            ORDO_VERIFY_OK(demo);
            QVERIFY(verified(ordo).intact);
            return;
        }
        ORDO_VERIFY_ERROR(demo, ErrorCode::NotPermitted);
        QVERIFY2(demo.error().message.contains(QStringLiteral("locked")), qPrintable(demo.error().message));
        // The change went with its audit entry: nothing was written.
        QVERIFY(ordo.isEmpty());
        auto rows = OrdoInternals::database(ordo).exec(QStringLiteral("SELECT COUNT(*) FROM audit_log"));
        QVERIFY(rows && rows->next());
        QCOMPARE(rows->value(0).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
