#include "TestSupport.h"

using namespace ordo;
using namespace ordo::test;

namespace {

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

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
        ORDO_VERIFY_OK(ordo->database().exec(sql));
        const AuditVerification v = verified(*ordo);
        QVERIFY(!v.intact);
        QVERIFY2(v.problem.contains(problem), qPrintable(v.problem));
        QVERIFY(v.firstBadSeq > 0);
    }

    void recordingNeedsTheChangesTransaction()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        ORDO_VERIFY_ERROR(ordo->audit().record({QStringLiteral("x"), 0, QStringLiteral("e"), QStringLiteral("1"),
                                                QStringLiteral("a"), {}, {}, {}, {}}),
                          ErrorCode::Internal);
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
