// The German translation is kept complete: every user-visible string of the
// sources is in a .ts file, translated, with the same placeholders.

#include "TestSupport.h"

#include "util/Translations.h"

#include <QDomDocument>
#include <QRegularExpression>

using namespace ordo;
using namespace ordo::test;

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyStringIsTranslated_data()
    {
        QTest::addColumn<QString>("tsFile");
        QTest::addColumn<QStringList>("sources");
        const QString root = QStringLiteral(ORDO_SOURCE_DIR);
        QTest::newRow("core") << root + QStringLiteral("/translations/ordo_core_de.ts") << QStringList{root + QStringLiteral("/core")};
        QTest::newRow("ui") << root + QStringLiteral("/translations/ordo_ui_de.ts") << QStringList{root + QStringLiteral("/ui")};
        QTest::newRow("ordoctl") << root + QStringLiteral("/translations/ordoctl_de.ts")
                                 << QStringList{root + QStringLiteral("/app/ordoctl")};
    }

    void everyStringIsTranslated()
    {
        QFETCH(QString, tsFile);
        QFETCH(QStringList, sources);
        TestEnvironment env;
        // Refresh a copy from today's sources, as `update_translations` would.
        const QString copy = env.path(QStringLiteral("check.ts"));
        QVERIFY(QFile::copy(tsFile, copy));
        QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QProcess lupdate;
        lupdate.start(QStringLiteral(LUPDATE_PATH), QStringList{QStringLiteral("-locations"), QStringLiteral("none"),
                                                                QStringLiteral("-no-obsolete")}
                                                        + sources + QStringList{QStringLiteral("-ts"), copy});
        QVERIFY(lupdate.waitForFinished(120000));
        QCOMPARE(lupdate.exitCode(), 0);

        QFile file(copy);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QDomDocument doc;
        QVERIFY(doc.setContent(&file));
        const QDomNodeList messages = doc.elementsByTagName(QStringLiteral("message"));
        QVERIFY(messages.size() > 0);
        static const QRegularExpression placeholder(QStringLiteral("%(\\d|n)"));
        const auto placeholders = [](const QString &text) {
            QStringList found;
            for (auto it = placeholder.globalMatch(text); it.hasNext();)
                found.append(it.next().captured());
            found.sort();
            found.removeDuplicates();
            return found;
        };
        QStringList problems;
        for (int i = 0; i < messages.size(); ++i) {
            const QDomElement message = messages.at(i).toElement();
            const QString source = message.firstChildElement(QStringLiteral("source")).text();
            const QDomElement translation = message.firstChildElement(QStringLiteral("translation"));
            QStringList forms;
            const QDomNodeList numerus = translation.elementsByTagName(QStringLiteral("numerusform"));
            for (int n = 0; n < numerus.size(); ++n)
                forms.append(numerus.at(n).toElement().text());
            if (forms.isEmpty())
                forms.append(translation.text());
            if (translation.attribute(QStringLiteral("type")) == QLatin1String("unfinished") || forms.contains(QString()))
                problems.append(QStringLiteral("untranslated: ") + source);
            for (const QString &form : std::as_const(forms)) {
                if (!form.isEmpty() && placeholders(form) != placeholders(source))
                    problems.append(QStringLiteral("placeholders differ: ") + source + QStringLiteral(" -> ") + form);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void germanIsUsedForAGermanLocale()
    {
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const QStringList loaded = installTranslations({QStringLiteral("ordo_core"), QStringLiteral("ordo_ui")});
        QCOMPARE(loaded, (QStringList{QStringLiteral("ordo_core"), QStringLiteral("ordo_ui")}));
        const QString english = QStringLiteral("only customers of %1 have a cart");
        const QString german = QCoreApplication::translate("ordo::Commerce", "only customers of %1 have a cart");
        QVERIFY(!german.isEmpty());
        QVERIFY2(german != english, qPrintable(german));
        QVERIFY(german.contains(QStringLiteral("%1")));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
