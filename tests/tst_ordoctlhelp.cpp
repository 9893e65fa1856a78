// What ordoctl tells a command-line user about itself: --version, --help for
// every noun and command, and a bash completion script, all from its command table.

#include "TestSupport.h"

#include <QFileInfo>
#include <QProcess>

using namespace ordo;
using namespace ordo::test;

namespace {

QStringList words(const char *line)
{
    return QString::fromUtf8(line).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// Every noun and its commands, as docs/ordoctl.md documents them; empty for a
// noun that takes no command.
const QList<QPair<QString, QStringList>> &nouns()
{
    static const QList<QPair<QString, QStringList>> all = {
        {QStringLiteral("init"), {}},
        {QStringLiteral("catalog"), words("list show")},
        {QStringLiteral("cart"), words("add list quantity remove clear")},
        {QStringLiteral("checkout"), {}},
        {QStringLiteral("orders"), words("list show cancel")},
        {QStringLiteral("approvals"), words("list approve reject")},
        {QStringLiteral("audit"), words("list verify")},
        {QStringLiteral("workflows"), words("validate start list show watch log pause continue cancel rollback retry skip complete")},
        {QStringLiteral("engine"), words("run")},
        {QStringLiteral("connectors"), words("list show set")},
        {QStringLiteral("secrets"), words("set delete")},
        {QStringLiteral("cmdb"), words("list")},
        {QStringLiteral("tickets"), words("list show")},
        {QStringLiteral("mail"), words("outbox deliver")},
        {QStringLiteral("guests"), words("keys forget")},
        {QStringLiteral("usage"), words("list")},
        {QStringLiteral("profile"), words("show set-ssh-key remove-ssh-key")},
        {QStringLiteral("users"), words("add disable password")},
        {QStringLiteral("export"), {}},
        {QStringLiteral("import"), {}},
        {QStringLiteral("completion"), words("bash")},
    };
    return all;
}

// What the completion script offers for a command line typed so far; the last
// word is the one being completed.
QStringList complete(const QStringList &typed)
{
    const QStringList script{QStringLiteral("-c"),
                             QStringLiteral("source <(\"$1\" completion bash) || exit 1; shift; complete -p ordoctl >&2; "
                                            "COMP_WORDS=(ordoctl \"$@\"); COMP_CWORD=$#; _ordoctl; printf '%s\\n' \"${COMPREPLY[@]}\""),
                             QStringLiteral("bash"), QStringLiteral(ORDOCTL_PATH)};
    QProcess bash;
    bash.start(QStringLiteral("bash"), script + typed);
    if (!bash.waitForFinished(60000) || bash.exitCode() != 0)
        return {QStringLiteral("bash failed: ") + QString::fromUtf8(bash.readAllStandardError())};
    // The script registers itself for ordoctl.
    if (!QString::fromUtf8(bash.readAllStandardError()).contains(QStringLiteral("complete -F _ordoctl ordoctl")))
        return {QStringLiteral("not registered with complete")};
    return QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestOrdoctlHelp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(ordoctl(m_env.databasePath(), {}, {QStringLiteral("init")}).exitCode, 0);
    }

    void versionPrintsTheProjectVersion()
    {
        const QString missing = m_env.path(QStringLiteral("none.db"));
        const CommandResult r = ordoctl(missing, {}, {QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("ordoctl " PROJECT_VERSION "\n"));
        QCOMPARE(r.err, QString());
        // Asking for the version needs no database and makes none.
        QVERIFY(!QFileInfo::exists(missing));
    }

    void helpListsEveryNoun_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("--help") << words("--help");
        QTest::newRow("help") << words("help");
    }

    void helpListsEveryNoun()
    {
        QFETCH(QStringList, args);
        const QString missing = m_env.path(QStringLiteral("none.db"));
        const CommandResult r = ordoctl(missing, {}, args);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("usage: ordoctl ")), qPrintable(r.out));
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        for (const auto &[noun, commands] : nouns()) {
            const bool listed = std::any_of(lines.begin(), lines.end(), [&](const QString &line) {
                return line.startsWith(QStringLiteral("  ") + noun + QLatin1Char(' '));
            });
            QVERIFY2(listed, qPrintable(noun + QStringLiteral(" is not listed in: ") + r.out));
        }
        QVERIFY(!QFileInfo::exists(missing));
    }

    void nounHelpListsEachCommand_data()
    {
        QTest::addColumn<QString>("noun");
        QTest::addColumn<QStringList>("commands");
        for (const auto &[noun, commands] : nouns())
            QTest::newRow(qPrintable(noun)) << noun << commands;
    }

    void nounHelpListsEachCommand()
    {
        QFETCH(QString, noun);
        QFETCH(QStringList, commands);
        const CommandResult r = ordoctl(m_env.databasePath(), {}, {noun, QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QString());
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        // A noun without commands shows its own synopsis.
        const QStringList expected = commands.isEmpty() ? QStringList{QString()} : commands;
        for (const QString &command : expected) {
            const QString start = QStringLiteral("  ") + noun + (command.isEmpty() ? QString() : QLatin1Char(' ') + command);
            const bool listed = std::any_of(lines.begin(), lines.end(), [&](const QString &line) {
                return line == start || line.startsWith(start + QLatin1Char(' '));
            });
            QVERIFY2(listed, qPrintable(start + QStringLiteral(" is not listed in: ") + r.out));
        }
        // `help NOUN` says the same.
        QCOMPARE(ordoctl(m_env.databasePath(), {}, {QStringLiteral("help"), noun}).out, r.out);
    }

    void commandHelpShowsItsSynopsisAndSummary()
    {
        const CommandResult r = ordoctl(m_env.databasePath(), {}, words("workflows retry --help"));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("usage: ordoctl [OPTIONS] workflows retry ID --step S [--set KEY=VALUE]... --reason R\n"
                                                 "runs a failed step again, with edited inputs\n")),
                 qPrintable(r.out));
        QCOMPARE(ordoctl(m_env.databasePath(), {}, words("help workflows retry")).out, r.out);
        // --help anywhere on the line, even after the arguments.
        QCOMPARE(ordoctl(m_env.databasePath(), {}, words("workflows retry 7 --step a --help")).out, r.out);
    }

    void unknownNounsAndCommandsKeepTheirMessages_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString unknown = QStringLiteral("ordoctl: unknown command 'frobnicate' (ordoctl --help lists the commands)\n");
        const QString cart = QStringLiteral("ordoctl: cart takes 'add', 'list', 'quantity', 'remove' or 'clear'\n");
        QTest::newRow("noun") << words("frobnicate") << unknown;
        QTest::newRow("noun with --help") << words("frobnicate --help") << unknown;
        QTest::newRow("help noun") << words("help frobnicate") << unknown;
        QTest::newRow("command") << words("cart frobnicate") << cart;
        QTest::newRow("no command") << words("cart") << cart;
        QTest::newRow("command with --help") << words("cart frobnicate --help") << cart;
        QTest::newRow("nothing") << QStringList{} << QStringLiteral("ordoctl: no command given (ordoctl --help lists the commands)\n");
        QTest::newRow("too many") << words("cart list 1")
                                  << QStringLiteral("ordoctl: wrong number of arguments for 'cart list 1' (ordoctl --help shows the usage)\n");
        QTest::newRow("option of another command") << words("cart list --comment x")
                                                   << QStringLiteral("ordoctl: option --comment does not apply to this command\n");
        QTest::newRow("id missing") << words("workflows retry") << QStringLiteral("ordoctl: workflows retry needs a workflow id\n");
    }

    void unknownNounsAndCommandsKeepTheirMessages()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CommandResult r = ordoctl(m_env.databasePath(), QStringLiteral("alice"), args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, message);
        QCOMPARE(r.out, QString());
    }

    void completionCompletesFromTheTable_data()
    {
        QTest::addColumn<QStringList>("typed");
        QTest::addColumn<QStringList>("offered");
        QStringList allNouns;
        for (const auto &[noun, commands] : nouns())
            allNouns.append(noun);
        QTest::newRow("every noun") << QStringList{QString()} << allNouns + QStringList{QStringLiteral("help")};
        QTest::newRow("noun") << words("work") << words("workflows");
        QTest::newRow("command") << QStringList{QStringLiteral("workflows"), QStringLiteral("re")} << words("retry");
        QTest::newRow("command after options") << words("--db x.db --user alice cart a") << words("add");
        QTest::newRow("options of a command") << words("workflows retry 7 --s") << words("--step --set");
        QTest::newRow("options of a noun without commands") << words("checkout --p") << words("--preview");
        QTest::newRow("global options") << words("orders list --") << words("--db --user --tenant --json --help --version --state");
        QTest::newRow("help of a noun") << words("help ca") << words("catalog cart");
        QTest::newRow("help of a command") << words("help approvals r") << words("reject");
        QTest::newRow("an option's value") << QStringList{QStringLiteral("--user"), QString()} << QStringList{};
    }

    void completionCompletesFromTheTable()
    {
        QFETCH(QStringList, typed);
        QFETCH(QStringList, offered);
        QCOMPARE(complete(typed), offered);
    }

private:
    TestEnvironment m_env;
};

QTEST_GUILESS_MAIN(TestOrdoctlHelp)
#include "tst_ordoctlhelp.moc"
