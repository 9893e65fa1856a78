#include "util/Translations.h"

#include <QCoreApplication>
#include <QLocale>
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

} // namespace ordo
