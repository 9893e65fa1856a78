#pragma once

#include <QStringList>

class QSettings;

namespace ordo {

// Installs the translations of the given parts (e.g. "ordo_core", "ordo_ui")
// for the user's locale, where Ordo has them. Returns the parts loaded.
QStringList installTranslations(const QStringList &parts);

// Makes the setting "language" (e.g. "de"), when there is one, the default
// locale in place of the system's; before installTranslations.
void applyLanguageSetting(const QSettings &settings);

} // namespace ordo
