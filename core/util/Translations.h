#pragma once

#include <QStringList>

namespace ordo {

// Installs the translations of the given parts (e.g. "ordo_core", "ordo_ui")
// for the user's locale, where Ordo has them. Returns the parts loaded.
QStringList installTranslations(const QStringList &parts);

} // namespace ordo
