#include "util/DeepLink.h"

#include <QTest>

using namespace ordo;

// The links Ordo's mails carry open the console; anything else, however
// close, is refused with a reason, never read as something it is not.
class TestDeepLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsTheMailsLinks_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("target");
        QTest::addColumn<qint64>("order");
        const int approval = int(DeepLink::Target::Approval);
        const int order = int(DeepLink::Target::Order);
        QTest::newRow("approval mail") << QStringLiteral("ordo://approvals?order=123") << approval << qint64(123);
        QTest::newRow("order mail") << QStringLiteral("ordo://orders?order=5") << order << qint64(5);
        QTest::newRow("largest id") << QStringLiteral("ordo://orders?order=9223372036854775807") << order << qint64(9223372036854775807LL);
        QTest::newRow("ten") << QStringLiteral("ordo://approvals?order=10") << approval << qint64(10);
    }
    void acceptsTheMailsLinks()
    {
        QFETCH(QString, text);
        QFETCH(int, target);
        QFETCH(qint64, order);
        const auto link = parseDeepLink(text);
        QVERIFY2(link.ok(), qPrintable(link.ok() ? QString() : link.error().message));
        QCOMPARE(int(link->target), target);
        QCOMPARE(link->orderId, order);
        // And back: the console's own text of the link is the mail's.
        QCOMPARE(deepLinkText(*link), text);
    }

    void refusesEverythingElse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason"); // a word of the message
        const auto row = [](const char *name, const QString &text, const char *reason) {
            QTest::newRow(name) << text << QString::fromLatin1(reason);
        };
        row("empty", QString(), "start with");
        row("other scheme", QStringLiteral("https://approvals?order=1"), "start with");
        row("scheme in capitals", QStringLiteral("ORDO://approvals?order=1"), "start with");
        row("no slashes", QStringLiteral("ordo:approvals?order=1"), "start with");
        row("leading space", QStringLiteral(" ordo://approvals?order=1"), "start with");
        row("javascript", QStringLiteral("javascript:alert(1)//ordo://orders?order=1"), "start with");
        row("user info", QStringLiteral("ordo://bob@approvals?order=1"), "approvals or orders");
        row("user and password", QStringLiteral("ordo://bob:demo@approvals?order=1"), "approvals or orders");
        row("port", QStringLiteral("ordo://approvals:8080?order=1"), "approvals or orders");
        row("unknown target", QStringLiteral("ordo://workflows?order=1"), "approvals or orders");
        row("target in capitals", QStringLiteral("ordo://Approvals?order=1"), "approvals or orders");
        row("path form", QStringLiteral("ordo://orders/123"), "approvals or orders");
        row("path traversal", QStringLiteral("ordo://orders/../approvals?order=1"), "approvals or orders");
        row("dot segment", QStringLiteral("ordo://./orders?order=1"), "approvals or orders");
        row("percent-encoded target", QStringLiteral("ordo://%6Frders?order=1"), "approvals or orders");
        row("no query", QStringLiteral("ordo://orders"), "names no order");
        row("empty query", QStringLiteral("ordo://orders?"), "names no order");
        row("other key", QStringLiteral("ordo://orders?id=1"), "names no order");
        row("key in capitals", QStringLiteral("ordo://orders?Order=1"), "names no order");
        row("empty number", QStringLiteral("ordo://orders?order="), "number");
        row("zero", QStringLiteral("ordo://orders?order=0"), "number");
        row("leading zero", QStringLiteral("ordo://orders?order=012"), "number");
        row("negative", QStringLiteral("ordo://orders?order=-1"), "number");
        row("plus sign", QStringLiteral("ordo://orders?order=+1"), "number");
        row("hex", QStringLiteral("ordo://orders?order=0x1F"), "number");
        row("space inside", QStringLiteral("ordo://orders?order=1 2"), "number");
        row("trailing space", QStringLiteral("ordo://orders?order=1 "), "number");
        row("trailing newline", QStringLiteral("ordo://orders?order=1\n"), "number");
        row("second parameter", QStringLiteral("ordo://orders?order=1&approve=yes"), "number");
        row("repeated parameter", QStringLiteral("ordo://orders?order=1?order=2"), "number");
        row("fragment", QStringLiteral("ordo://orders?order=1#approve"), "number");
        row("percent-encoded digit", QStringLiteral("ordo://orders?order=%31"), "number");
        row("arabic-indic digits", QStringLiteral("ordo://orders?order=\u0661\u0662"), "number");
        row("fullwidth digits", QStringLiteral("ordo://orders?order=\uFF11\uFF12"), "number");
        row("superscript digit", QStringLiteral("ordo://orders?order=\u00B9"), "number");
        row("nul inside", QStringLiteral("ordo://orders?order=1") + QChar(0) + QStringLiteral("2"), "number");
        row("decimal", QStringLiteral("ordo://orders?order=1.5"), "number");
        row("overflow by one", QStringLiteral("ordo://orders?order=9223372036854775808"), "too large");
        row("twenty digits", QStringLiteral("ordo://orders?order=99999999999999999999"), "too large");
        row("very long", QStringLiteral("ordo://orders?order=") + QString(100000, u'1'), "longer than");
    }
    void refusesEverythingElse()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        const auto link = parseDeepLink(text);
        QVERIFY2(!link.ok(), qPrintable(QStringLiteral("accepted as order %1").arg(link.ok() ? link->orderId : 0)));
        QCOMPARE(link.error().code, ErrorCode::BadInput);
        QVERIFY2(link.error().message.contains(reason), qPrintable(link.error().message));
    }
};

QTEST_GUILESS_MAIN(TestDeepLink)
#include "tst_deeplink.moc"
