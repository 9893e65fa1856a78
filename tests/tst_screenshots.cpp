// The README's pictures can be made again: tools/console-shots/shoot fills a
// demo database with the story and saves every section of the console, at
// the size asked for, each showing something (not a blank or one-colour page)
// and each different from the others.
#include <QCryptographicHash>
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

class TestScreenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everySectionIsPicturedWithItsData()
    {
        QTemporaryDir out;
        QVERIFY(out.isValid());
        QProcess shoot;
        shoot.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        shoot.start(QStringLiteral(ORDO_SOURCE_DIR "/tools/console-shots/shoot"), {QStringLiteral(ORDO_BUILD_DIR), out.path()});
        QVERIFY(shoot.waitForFinished(240000));
        const QString printed = QString::fromUtf8(shoot.readAllStandardOutput());
        QVERIFY2(shoot.exitStatus() == QProcess::NormalExit && shoot.exitCode() == 0, qPrintable(printed));

        // alice shops, bob approves, carol is support: between them, every section.
        const QStringList expected{QStringLiteral("catalog.png"),   QStringLiteral("cart.png"),    QStringLiteral("my-orders.png"),
                                   QStringLiteral("approvals.png"), QStringLiteral("workflows.png"), QStringLiteral("tickets.png"),
                                   QStringLiteral("cmdb.png"),      QStringLiteral("mailbox.png")};
        QStringList written = QDir(out.path()).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        QStringList sortedExpected = expected;
        sortedExpected.sort();
        QCOMPARE(written, sortedExpected);

        QSet<QByteArray> pictures;
        for (const QString &name : expected) {
            QVERIFY2(printed.contains(name), qPrintable(printed));
            const QImage image(QDir(out.path()).absoluteFilePath(name));
            QVERIFY2(!image.isNull(), qPrintable(name));
            QCOMPARE(image.size(), QSize(1280, 800));
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 2)
                for (int x = 0; x < image.width(); x += 2)
                    colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() > 40, qPrintable(QStringLiteral("%1 has %2 colours").arg(name).arg(colours.size())));
            const QByteArray pixels(reinterpret_cast<const char *>(image.constBits()), image.sizeInBytes());
            QVERIFY2(!pictures.contains(QCryptographicHash::hash(pixels, QCryptographicHash::Sha256)),
                     qPrintable(name + QStringLiteral(" is the same picture as another section")));
            pictures.insert(QCryptographicHash::hash(pixels, QCryptographicHash::Sha256));
        }
    }
};

QTEST_GUILESS_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
