// ordoctl: the command-line face of Ordo's core. Exit codes: 0 ok, 2 bad input
// or usage, 3 not permitted, 4 not found, 5 conflict, 1 anything else.

#include "Commands.h"
#include "Output.h"
#include "util/Translations.h"

#include <QCoreApplication>
#include <QLoggingCategory>

using namespace ordo;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ordo"));
    QCoreApplication::setOrganizationName(QStringLiteral("ordo"));
    installTranslations({QStringLiteral("ordo_core"), QStringLiteral("ordoctl")});
    // Store warnings are for developers; the user gets the one-line error.
    QLoggingCategory::setFilterRules(QStringLiteral("ordo.*.warning=false\nordo.*.info=false"));

    auto parsed = cli::parse(QCoreApplication::arguments());
    Status status = parsed ? cli::Ordoctl(*parsed).run() : Status(parsed.error());
    cli::out().flush();
    if (status)
        return 0;
    QTextStream(stderr) << "ordoctl: " << status.error().message << Qt::endl;
    return static_cast<int>(status.error().code);
}
