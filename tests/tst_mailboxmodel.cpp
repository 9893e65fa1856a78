#include "TestSupport.h"

#include "mail/MailboxModel.h"

#include <QAbstractItemModelTester>

using namespace ordo;
using namespace ordo::test;

class TestMailboxModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheMailsNewestFirst()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        for (const char *customer : {"Alice", "Dave"}) {
            auto mail = renderMail(QStringLiteral("vm-ready"), {QStringLiteral("someone@acme.example")},
                                   {{QStringLiteral("customer"), QString::fromLatin1(customer)}, {QStringLiteral("vm"), QStringLiteral("web-01")},
                                    {QStringLiteral("address"), QStringLiteral("10.0.0.7")}, {QStringLiteral("user"), QStringLiteral("root")}});
            ORDO_VERIFY_OK(mail);
            ORDO_VERIFY_OK(ordo->outbox().enqueue(*mail, QString::fromLatin1(customer), 0));
        }
        ui::MailboxModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto entries = ordo->outbox().entries();
        ORDO_VERIFY_OK(entries);
        model.setEntries(*entries);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(ui::MailboxModel::ColumnCount));
        QVERIFY(model.index(0, 0).data(ui::MailboxModel::BodyRole).toString().startsWith(QStringLiteral("Hello Dave")));
        QCOMPARE(model.index(1, ui::MailboxModel::To).data().toString(), QStringLiteral("someone@acme.example"));
        QCOMPARE(model.index(1, ui::MailboxModel::Subject).data().toString(), QStringLiteral("Your virtual machine web-01 is ready"));
        QCOMPARE(model.index(1, ui::MailboxModel::State).data().toString(), QStringLiteral("in the mailbox"));
        QCOMPARE(model.headerData(ui::MailboxModel::Subject, Qt::Horizontal).toString(), QStringLiteral("Subject"));
        model.setEntries({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMailboxModel)
#include "tst_mailboxmodel.moc"
