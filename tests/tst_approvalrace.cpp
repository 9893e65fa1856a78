// Two processes approve the same order at the same moment, 200 times: each
// time exactly one decision wins and the other is told who decided.

#include "TestSupport.h"

using namespace ordo;
using namespace ordo::test;

class TestApprovalRace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
            auto tenant = ordo->store().tenantBySlug(QStringLiteral("acme"));
            ApprovalPolicy policy;
            policy.levels.append({QStringLiteral("Manager"), QStringLiteral("acme-approvers"), ApprovalLevel::Mode::AnyOf});
            ORDO_VERIFY_OK(ordo->database().write([&] { return ordo->store().setTenantPolicy(tenant->id, policy.toJson()); }));
            const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
            for (int i = 0; i < kRounds; ++i) {
                ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), {}));
                auto order = ordo->orders().checkout(alice);
                ORDO_VERIFY_OK(order);
                QCOMPARE(order->state, OrderState::PendingApproval);
                orders.append(order->id);
            }
        }

        QProcessEnvironment processEnv = QProcessEnvironment::systemEnvironment();
        processEnv.insert(QStringLiteral("ORDO_PASSWORD"), QStringLiteral("demo"));
        int bobWins = 0;
        int frankWins = 0;
        for (const Id id : std::as_const(orders)) {
            QProcess bob;
            QProcess frank;
            const auto start = [&](QProcess &p, const char *user, const char *verb) {
                p.setProcessEnvironment(processEnv);
                QStringList args{QStringLiteral("--db"), env.databasePath(), QStringLiteral("--user"), QString::fromLatin1(user),
                                 QStringLiteral("approvals"), QString::fromLatin1(verb), QString::number(id),
                                 QStringLiteral("--comment"), QStringLiteral("race")};
                p.start(QStringLiteral(ORDOCTL_PATH), args);
            };
            start(bob, "bob", "approve");
            start(frank, "frank", "reject");
            QVERIFY(bob.waitForFinished(60000));
            QVERIFY(frank.waitForFinished(60000));
            const int bobCode = bob.exitCode();
            const int frankCode = frank.exitCode();
            const QString bobErr = QString::fromUtf8(bob.readAllStandardError());
            const QString frankErr = QString::fromUtf8(frank.readAllStandardError());
            QVERIFY2((bobCode == 0 && frankCode == 5) || (bobCode == 5 && frankCode == 0),
                     qPrintable(QStringLiteral("order %1: bob %2 (%3), frank %4 (%5)").arg(id).arg(bobCode).arg(bobErr).arg(frankCode).arg(frankErr)));
            if (bobCode == 0) {
                ++bobWins;
                QVERIFY2(frankErr.contains(QStringLiteral("already approved: decided by bob at")), qPrintable(frankErr));
            } else {
                ++frankWins;
                QVERIFY2(bobErr.contains(QStringLiteral("already rejected: decided by frank at")), qPrintable(bobErr));
            }
        }
        qInfo("bob won %d rounds, frank %d", bobWins, frankWins);

        auto ordo = Ordo::open(env.databasePath());
        ORDO_VERIFY_OK(ordo);
        for (const Id id : std::as_const(orders)) {
            auto decisions = (*ordo)->store().decisions(id);
            ORDO_VERIFY_OK(decisions);
            QCOMPARE(decisions->size(), 1);
            auto order = (*ordo)->store().order(id);
            const OrderState expected = decisions->first().decision == Decision::Approve ? OrderState::Approved : OrderState::Rejected;
            QCOMPARE((*order)->state, expected);
            QCOMPARE((*order)->version, 3);
        }
        auto verified = (*ordo)->audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }
};

QTEST_GUILESS_MAIN(TestApprovalRace)
#include "tst_approvalrace.moc"
