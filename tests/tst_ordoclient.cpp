#include "TestSupport.h"
#include "OrdoInternals.h"

#include "client/OrdoClient.h"
#include "common/WhenDone.h"

#include <QSemaphore>
#include <QThread>

using namespace ordo;
using namespace ordo::test;

class TestOrdoClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The call runs on the database thread; what follows it, on the caller's.
    void callsRunOnTheDatabaseThreadAndContinueOnTheCallers()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        QThread *ranOn = nullptr;
        QThread *continuedOn = nullptr;
        std::optional<Result<Session>> signedIn;
        const QFuture<void> continued = ui::whenDone(this,
                                                     client.call<Session>([&ranOn](Ordo &ordo) {
                                                         ranOn = QThread::currentThread();
                                                         return ordo.login(QStringLiteral("alice"), QStringLiteral("demo"));
                                                     }),
                                                     [&](const Result<Session> &session) {
                                                         continuedOn = QThread::currentThread();
                                                         signedIn = session;
                                                     });
        QTRY_VERIFY(signedIn.has_value());
        QTRY_VERIFY(continued.isFinished());
        QVERIFY(!continued.isCanceled());
        ORDO_VERIFY_OK(*signedIn);
        QCOMPARE((*signedIn)->user.name, QStringLiteral("alice"));
        QVERIFY(ranOn && ranOn != QThread::currentThread());
        QCOMPARE(continuedOn, QThread::currentThread());
    }

    // What was to follow a call on a window that closed meanwhile does not run.
    void nothingFollowsACallWhoseContextIsGone()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        QSemaphore answer;
        auto context = std::make_unique<QObject>();
        bool followed = false;
        const QFuture<void> continued = ui::whenDone(context.get(),
                                                     client.call<Session>([&answer](Ordo &ordo) {
                                                         answer.acquire();
                                                         return ordo.login(QStringLiteral("alice"), QStringLiteral("demo"));
                                                     }),
                                                     [&followed](const Result<Session> &) { followed = true; });
        context.reset();
        answer.release();
        QTRY_VERIFY(continued.isFinished());
        QVERIFY(continued.isCanceled());
        QTest::qWait(50);
        QVERIFY(!followed);
    }

    // The session from login goes back into later calls, which check it.
    void theSessionDecidesWhatCallsSee()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto items = OrdoInternals::store(*ordo).catalogItems();
        ORDO_VERIFY_OK(items);
        CatalogItem globexOnly = items->first();
        globexOnly.id = QStringLiteral("globex-vm");
        globexOnly.entitledTenants = {QStringLiteral("globex")};
        ORDO_VERIFY_OK(OrdoInternals::store(*ordo).upsertCatalogItem(globexOnly, 99));

        OrdoClient client(env.databasePath());
        auto alice = client.login(QStringLiteral("alice"), QStringLiteral("demo"));
        QTRY_VERIFY(alice.isFinished());
        ORDO_VERIFY_OK(alice.result());
        auto catalog = client.catalogItems(*alice.result());
        auto mails = client.outbox(*alice.result());
        auto orders = client.orders(*alice.result());
        QTRY_VERIFY(catalog.isFinished() && mails.isFinished() && orders.isFinished());
        ORDO_VERIFY_OK(catalog.result());
        QCOMPARE(catalog.result()->size(), 3);
        for (const CatalogItem &item : *catalog.result())
            QVERIFY(item.id != QLatin1String("globex-vm"));
        ORDO_VERIFY_ERROR(mails.result(), ErrorCode::NotPermitted);
        ORDO_VERIFY_OK(orders.result());
        QCOMPARE(orders.result()->size(), 0);

        auto wrong = client.login(QStringLiteral("alice"), QStringLiteral("nope"));
        QTRY_VERIFY(wrong.isFinished());
        QVERIFY(!wrong.result());
    }

    void everyCallSaysWhyTheDatabaseDidNotOpen()
    {
        TestEnvironment env;
        OrdoClient client(env.path(QStringLiteral("missing.db")));
        auto opened = client.opened();
        auto login = client.login(QStringLiteral("alice"), QStringLiteral("demo"));
        QTRY_VERIFY(opened.isFinished() && login.isFinished());
        QVERIFY(!opened.result());
        QVERIFY(!login.result());
        QCOMPARE(login.result().error().message, opened.result().error().message);
        QVERIFY(!QFile::exists(env.path(QStringLiteral("missing.db"))));
    }
};

QTEST_GUILESS_MAIN(TestOrdoClient)
#include "tst_ordoclient.moc"
