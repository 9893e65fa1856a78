// Two processes approve the same order at the same moment, 200 times: each
// time exactly one decision wins and the other is told who decided. The
// processes are this test's own binary in worker mode: each logs in once
// (Argon2id takes long enough to spread two starts apart), then waits for an
// order id on its standard input, so that both decide at one barrier.

#include "TestSupport.h"
#include "OrdoInternals.h"

#include <iostream>
#include <string>

using namespace ordo;
using namespace ordo::test;

namespace {

// Worker mode: log in, say "ready", then decide on every order id read from
// standard input and answer "0" or "<exit code> <message>" on one line.
int raceWorker(const QString &database, const QString &user, const QString &verb)
{
    auto opened = Ordo::open(database);
    if (!opened) {
        std::cout << "error " << qPrintable(opened.error().message) << std::endl;
        return 1;
    }
    auto session = (*opened)->login(user, QStringLiteral("demo"));
    if (!session) {
        std::cout << "error " << qPrintable(session.error().message) << std::endl;
        return 1;
    }
    std::cout << "ready" << std::endl;
    const Decision decision = verb == QLatin1String("approve") ? Decision::Approve : Decision::Reject;
    std::string line;
    while (std::getline(std::cin, line)) {
        auto decided = (*opened)->approvals().decide(*session, QString::fromStdString(line).toLongLong(), decision, QStringLiteral("race"));
        if (decided)
            std::cout << "0" << std::endl;
        else
            std::cout << int(decided.error().code) << ' ' << qPrintable(decided.error().message) << std::endl;
    }
    return 0;
}

QString answerOf(QProcess &p)
{
    while (!p.canReadLine()) {
        if (!p.waitForReadyRead(60000))
            return QStringLiteral("no answer: %1").arg(QString::fromUtf8(p.readAllStandardError()));
    }
    return QString::fromUtf8(p.readLine()).trimmed();
}

} // namespace

class TestApprovalRace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void exactlyOneDecisionWins()
    {
        constexpr int kRounds = 200;
        TestEnvironment env;
        QList<Id> orders;
        {
            auto ordo = openDemo(env.databasePath());
            ORDO_VERIFY_OK(ordo->accounts().createUser(QStringLiteral("frank"), {}, {}, QStringLiteral("demo")));
            ORDO_VERIFY_OK(ordo->accounts().grant(QStringLiteral("frank"), QStringLiteral("acme"), Role::Approver));
            ORDO_VERIFY_OK(ordo->accounts().addToGroup(QStringLiteral("frank"), QStringLiteral("acme"), QStringLiteral("acme-approvers")));
            // Room for all the orders in the quotas.
            auto tenant = OrdoInternals::store(*ordo).tenantBySlug(QStringLiteral("acme"));
            ApprovalPolicy policy;
            policy.levels.append({QStringLiteral("Manager"), QStringLiteral("acme-approvers"), ApprovalLevel::Mode::AnyOf});
            ORDO_VERIFY_OK(OrdoInternals::database(*ordo).write([&] { return OrdoInternals::store(*ordo).setTenantPolicy(tenant->id, policy.toJson()); }));
            const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
            for (int i = 0; i < kRounds; ++i) {
                ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), {}));
                auto order = ordo->orders().checkout(alice);
                ORDO_VERIFY_OK(order);
                QCOMPARE(order->state, OrderState::PendingApproval);
                orders.append(order->id);
            }
        }

        QProcess bob;
        QProcess frank;
        for (auto [p, user, verb] : {std::tuple{&bob, "bob", "approve"}, std::tuple{&frank, "frank", "reject"}}) {
            p->start(QCoreApplication::applicationFilePath(), {QStringLiteral("--race-worker"), env.databasePath(), QString::fromLatin1(user),
                                                                QString::fromLatin1(verb)});
            QVERIFY(p->waitForStarted());
        }
        // Both logged in before the first round.
        QCOMPARE(answerOf(bob), QStringLiteral("ready"));
        QCOMPARE(answerOf(frank), QStringLiteral("ready"));
        int bobWins = 0;
        int frankWins = 0;
        for (const Id id : std::as_const(orders)) {
            // The barrier: both get the order id back to back, each first in turn.
            const QByteArray line = QByteArray::number(id) + '\n';
            QProcess *first = id % 2 ? &bob : &frank;
            QProcess *second = id % 2 ? &frank : &bob;
            // QProcess writes only while waiting: hand both lines over now, not when reading the answers.
            first->write(line);
            second->write(line);
            QVERIFY(first->waitForBytesWritten(10000));
            QVERIFY(second->waitForBytesWritten(10000));
            const QString bobAnswer = answerOf(bob);
            const QString frankAnswer = answerOf(frank);
            QVERIFY2((bobAnswer == QLatin1String("0") && frankAnswer.startsWith(QLatin1String("5 ")))
                         || (bobAnswer.startsWith(QLatin1String("5 ")) && frankAnswer == QLatin1String("0")),
                     qPrintable(QStringLiteral("order %1: bob '%2', frank '%3'").arg(id).arg(bobAnswer, frankAnswer)));
            if (bobAnswer == QLatin1String("0")) {
                ++bobWins;
                QVERIFY2(frankAnswer.contains(QStringLiteral("already approved: decided by bob at")), qPrintable(frankAnswer));
            } else {
                ++frankWins;
                QVERIFY2(bobAnswer.contains(QStringLiteral("already rejected: decided by frank at")), qPrintable(bobAnswer));
            }
        }
        for (QProcess *p : {&bob, &frank}) {
            p->closeWriteChannel();
            QVERIFY(p->waitForFinished(60000));
            QCOMPARE(p->exitStatus(), QProcess::NormalExit);
            QCOMPARE(p->exitCode(), 0);
        }
        qInfo("bob won %d rounds, frank %d", bobWins, frankWins);
        // Decisions that really met: each side wins some rounds.
        QVERIFY(bobWins > 0);
        QVERIFY(frankWins > 0);

        auto ordo = Ordo::open(env.databasePath());
        ORDO_VERIFY_OK(ordo);
        for (const Id id : std::as_const(orders)) {
            auto decisions = OrdoInternals::store(**ordo).decisions(id);
            ORDO_VERIFY_OK(decisions);
            QCOMPARE(decisions->size(), 1);
            auto order = OrdoInternals::store(**ordo).order(id);
            const OrderState expected = decisions->first().decision == Decision::Approve ? OrderState::Approved : OrderState::Rejected;
            QCOMPARE((*order)->state, expected);
            QCOMPARE((*order)->version, 3);
        }
        auto verified = (*ordo)->audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 5 && qstrcmp(argv[1], "--race-worker") == 0)
        return raceWorker(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]), QString::fromLocal8Bit(argv[4]));
    TestApprovalRace test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_approvalrace.moc"
