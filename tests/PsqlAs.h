#pragma once

// psql as one of the shared database's roles: what a person with their own
// credentials can do outside Ordo (tst_rls, tst_bypass).

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringList>
#include <QUrl>

namespace ordo::test {

struct PsqlOutcome
{
    int exitCode = -1;
    QStringList rows;  // one per line, columns separated by '|'
    QString sqlState;  // of the error that stopped psql, empty when none
    QString errorText; // psql's message for it
};

// Starts psql to run each statement in turn in one session as role (with
// password) on the database that databaseUrl names; it stops at the first error.
inline void startPsqlAs(QProcess &process, const QString &databaseUrl, const QString &role, const QString &password,
                        const QStringList &statements)
{
    const QUrl url(databaseUrl);
    const QString conninfo = QStringLiteral("host=%1 port=%2 dbname=%3 user=%4 connect_timeout=10")
                                 .arg(url.host())
                                 .arg(url.port(5432))
                                 .arg(url.path().mid(1), role);
    QStringList args{QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"),
                     QStringLiteral("-F"), QStringLiteral("|"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                     QStringLiteral("-v"), QStringLiteral("VERBOSITY=verbose"), QStringLiteral("-d"), conninfo};
    for (const QString &statement : statements)
        args << QStringLiteral("-c") << statement;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), password);
    env.remove(QStringLiteral("PGSERVICE"));
    process.setProcessEnvironment(env);
    const QString psql = QStandardPaths::findExecutable(QStringLiteral("psql"));
    if (psql.isEmpty())
        qFatal("psql is not installed: scripts/test installs postgresql-15, which brings it");
    process.start(psql, args);
    process.closeWriteChannel(); // COPY FROM STDIN ends at once
}

// Runs each statement in turn in one session as role (with password) on the
// database that databaseUrl names; stops at the first error.
inline PsqlOutcome psqlAs(const QString &databaseUrl, const QString &role, const QString &password, const QStringList &statements)
{
    QProcess process;
    startPsqlAs(process, databaseUrl, role, password, statements);
    if (!process.waitForFinished(60000))
        qFatal("psql did not finish: %s", qPrintable(statements.join(QLatin1String("; "))));
    PsqlOutcome outcome;
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    const QString out = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    if (!out.isEmpty())
        outcome.rows = out.split(QLatin1Char('\n'));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    static const QRegularExpression error(QStringLiteral("(?:ERROR|FATAL):\\s+([0-9A-Z]{5}):\\s*(.*)"));
    if (const QRegularExpressionMatch m = error.match(err); m.hasMatch()) {
        outcome.sqlState = m.captured(1);
        outcome.errorText = m.captured(2).trimmed();
    } else if (outcome.exitCode != 0) {
        outcome.errorText = err.trimmed();
    }
    return outcome;
}

} // namespace ordo::test
