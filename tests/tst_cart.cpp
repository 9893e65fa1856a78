#include "TestSupport.h"
#include "OrdoInternals.h"

using namespace ordo;
using namespace ordo::test;

class TestCart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void addValidatesAndSurvivesRestart()
    {
        TestEnvironment env;
        {
            auto ordo = openDemo(env.databasePath());
            const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
            auto line = ordo->cart().add(alice, QStringLiteral("linux-vm"),
                                         {{QStringLiteral("cpus"), QStringLiteral("4")}, {QStringLiteral("memoryGiB"), 16}}, 2);
            ORDO_VERIFY_OK(line);
            QCOMPARE(line->parameters.value(QStringLiteral("cpus")).toLongLong(), 4);
            QCOMPARE(line->parameters.value(QStringLiteral("template")).toString(), QStringLiteral("debian-12"));
        }
        // A new process (here: a new connection) sees the same cart.
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        auto lines = ordo->cart().lines(alice);
        ORDO_VERIFY_OK(lines);
        QCOMPARE(lines->size(), 1);
        QCOMPARE(lines->first().itemId, QStringLiteral("linux-vm"));
        QCOMPARE(lines->first().quantity, 2);
        QCOMPARE(lines->first().parameters.value(QStringLiteral("memoryGiB")).toLongLong(), 16);
    }

    void badInputIsNamedAndChangesNothing_data()
    {
        QTest::addColumn<QString>("item");
        QTest::addColumn<QVariantMap>("parameters");
        QTest::addColumn<int>("quantity");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("too many cpus") << QStringLiteral("linux-vm") << QVariantMap{{QStringLiteral("cpus"), 17}} << 1
                                       << int(ErrorCode::BadInput) << QStringLiteral("'cpus': 17 is above the maximum 16");
        QTest::newRow("unknown template") << QStringLiteral("linux-vm") << QVariantMap{{QStringLiteral("template"), QStringLiteral("centos")}}
                                          << 1 << int(ErrorCode::BadInput) << QStringLiteral("'template': 'centos' is not one of");
        QTest::newRow("unknown parameter") << QStringLiteral("linux-vm") << QVariantMap{{QStringLiteral("gpu"), 1}} << 1
                                           << int(ErrorCode::BadInput) << QStringLiteral("'gpu' is unknown");
        QTest::newRow("zero quantity") << QStringLiteral("linux-vm") << QVariantMap{} << 0 << int(ErrorCode::BadInput)
                                       << QStringLiteral("quantity 0 is out of range");
        QTest::newRow("huge quantity") << QStringLiteral("linux-vm") << QVariantMap{} << 1000 << int(ErrorCode::BadInput)
                                       << QStringLiteral("quantity 1000 is out of range");
        QTest::newRow("no such item") << QStringLiteral("mainframe") << QVariantMap{} << 1 << int(ErrorCode::NotFound)
                                      << QStringLiteral("no catalog item 'mainframe'");
    }

    void badInputIsNamedAndChangesNothing()
    {
        QFETCH(QString, item);
        QFETCH(QVariantMap, parameters);
        QFETCH(int, quantity);
        QFETCH(int, code);
        QFETCH(QString, messagePart);
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("postgresql"), {}));
        auto added = ordo->cart().add(alice, item, parameters, quantity);
        QVERIFY(!added);
        QCOMPARE(int(added.error().code), code);
        QVERIFY2(added.error().message.contains(messagePart), qPrintable(added.error().message));
        auto lines = ordo->cart().lines(alice);
        ORDO_VERIFY_OK(lines);
        QCOMPARE(lines->size(), 1); // what was accepted before is still there, nothing more
        QCOMPARE(lines->first().itemId, QStringLiteral("postgresql"));
    }

    void quantityRemoveAndClear()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        const Session dave = sessionFor(*ordo, QStringLiteral("dave"));
        auto first = ordo->cart().add(alice, QStringLiteral("linux-vm"), {});
        auto second = ordo->cart().add(alice, QStringLiteral("postgresql"), {});
        ORDO_VERIFY_OK(first);
        ORDO_VERIFY_OK(second);
        ORDO_VERIFY_OK(ordo->cart().setQuantity(alice, first->id, 3));
        ORDO_VERIFY_ERROR(ordo->cart().setQuantity(alice, first->id, -1), ErrorCode::BadInput);
        // Another user's line is not theirs to touch.
        ORDO_VERIFY_ERROR(ordo->cart().remove(dave, first->id), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(ordo->cart().setQuantity(dave, first->id, 5), ErrorCode::NotFound);
        ORDO_VERIFY_OK(ordo->cart().remove(alice, second->id));
        ORDO_VERIFY_ERROR(ordo->cart().remove(alice, second->id), ErrorCode::NotFound);
        auto lines = ordo->cart().lines(alice);
        QCOMPARE(lines->size(), 1);
        QCOMPARE(lines->first().quantity, 3);
        ORDO_VERIFY_OK(ordo->cart().clear(alice));
        QCOMPARE(ordo->cart().lines(alice)->size(), 0);
    }

    // A cart holds at most a hundred lines; the one too many is refused and
    // the others stay. Removing one makes room again.
    void aCartHasRoomForAHundredLines()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        Id first = 0;
        for (int i = 0; i < CartService::kMaxLines; ++i) {
            auto line = ordo->cart().add(alice, QStringLiteral("postgresql"), {});
            ORDO_VERIFY_OK(line);
            if (i == 0)
                first = line->id;
        }
        auto tooMany = ordo->cart().add(alice, QStringLiteral("linux-vm"), {});
        QVERIFY(!tooMany);
        QCOMPARE(int(tooMany.error().code), int(ErrorCode::Conflict));
        QVERIFY2(tooMany.error().message.contains(QStringLiteral("holds 100 lines")), qPrintable(tooMany.error().message));
        QCOMPARE(ordo->cart().lines(alice)->size(), 100);
        ORDO_VERIFY_OK(ordo->cart().remove(alice, first));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), {}));
        QCOMPARE(ordo->cart().lines(alice)->size(), 100);
    }

    // A line's parameters are edited in place and checked as when it was added.
    void parametersAreEditedAndChecked()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        auto line = ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm);
        ORDO_VERIFY_OK(line);
        ORDO_VERIFY_OK(ordo->cart().setParameters(alice, line->id, {{QStringLiteral("cpus"), QStringLiteral("8")}}));
        auto lines = ordo->cart().lines(alice);
        ORDO_VERIFY_OK(lines);
        QCOMPARE(lines->first().parameters.value(QStringLiteral("cpus")).toLongLong(), 8);
        QCOMPARE(lines->first().parameters.value(QStringLiteral("memoryGiB")).toLongLong(), 4); // the default again

        auto tooMany = ordo->cart().setParameters(alice, line->id, {{QStringLiteral("cpus"), 99}});
        ORDO_VERIFY_ERROR(tooMany, ErrorCode::BadInput);
        QVERIFY(tooMany.error().message.contains(QStringLiteral("above the maximum 16")));
        QCOMPARE(ordo->cart().lines(alice)->first().parameters.value(QStringLiteral("cpus")).toLongLong(), 8);
        ORDO_VERIFY_ERROR(ordo->cart().setParameters(alice, line->id + 1, {}), ErrorCode::NotFound);
        // Another customer's line looks like none.
        const Session dave = sessionFor(*ordo, QStringLiteral("dave"));
        ORDO_VERIFY_ERROR(ordo->cart().setParameters(dave, line->id, {}), ErrorCode::NotFound);
    }

    // The cart names each line that a catalog change has made invalid, and only those.
    void problemsArePerLine()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        auto big = ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm);
        auto small = ordo->cart().add(alice, QStringLiteral("linux-vm"), {});
        auto db = ordo->cart().add(alice, QStringLiteral("postgresql"), {});
        ORDO_VERIFY_OK(big);
        ORDO_VERIFY_OK(small);
        ORDO_VERIFY_OK(db);
        QVERIFY(ordo->cart().problems(alice)->isEmpty());

        lowerVmCpuMaximum(*ordo, 2);

        auto problems = ordo->cart().problems(alice);
        ORDO_VERIFY_OK(problems);
        QCOMPARE(problems->keys(), QList<Id>{big->id});
        QVERIFY2(problems->value(big->id).contains(QStringLiteral("above the maximum 2")), qPrintable(problems->value(big->id)));
        ORDO_VERIFY_ERROR(ordo->cart().problems(sessionFor(*ordo, QStringLiteral("bob"))), ErrorCode::NotPermitted);
    }

    void onlyCustomersHaveACart()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        ORDO_VERIFY_ERROR(ordo->cart().add(bob, QStringLiteral("linux-vm"), {}), ErrorCode::NotPermitted);
    }
};

QTEST_GUILESS_MAIN(TestCart)
#include "tst_cart.moc"
