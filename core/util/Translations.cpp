#include "util/Translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace ordo {

QStringList installTranslations(const QStringList &parts)
{
    QStringList loaded;
    for (const QString &part : parts) {
        auto *translator = new QTranslator(QCoreApplication::instance());
        if (translator->load(QLocale(), part, QStringLiteral("_"), QStringLiteral(":/i18n"))) {
            QCoreApplication::installTranslator(translator);
            loaded.append(part);
        } else {
            delete translator;
        }
    }
    return loaded;
}

void applyLanguageSetting(const QSettings &settings)
{
    if (const QString language = settings.value(QStringLiteral("language")).toString(); !language.isEmpty())
        QLocale::setDefault(QLocale(language));
}

} // namespace ordo
