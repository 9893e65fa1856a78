#pragma once

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

namespace ordo::test {

// The test farm, as its node files are written on first use, but with the
// template `missing` gone from every host: clones from it fail.
inline void writeFarmWithout(const QString &dataFolder, const QString &missing)
{
    const QString dir = QDir(dataFolder).absoluteFilePath(QStringLiteral("testfarm"));
    QVERIFY(QDir().mkpath(dir));
    const QRegularExpression domain(QStringLiteral("<domain type='test'>\\s*<name>%1</name>.*?</domain>").arg(QRegularExpression::escape(missing)),
                                    QRegularExpression::DotMatchesEverythingOption);
    for (const char *host : {"host1", "host2"}) {
        QFile source(QStringLiteral(":/ordo/testfarm/") + QLatin1String(host) + QStringLiteral(".xml"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        QString xml = QString::fromUtf8(source.readAll());
        QVERIFY2(xml.contains(domain), "the test farm no longer holds the template");
        xml.remove(domain);
        QFile out(dir + QLatin1Char('/') + QLatin1String(host) + QStringLiteral(".xml"));
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(out.write(xml.toUtf8()) > 0);
    }
}

} // namespace ordo::test
