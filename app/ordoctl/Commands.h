#pragma once

// ordoctl's command table and the state one run of ordoctl shares between its
// commands. Each noun lives in a file of its own and gives its commands here.

#include "CommandLine.h"
#include "Ordo.h"

#include <QJsonObject>

#include <memory>

namespace ordo::cli {

class Ordoctl;

// One command: `ordoctl NOUN NAME ARGUMENTS...`. The parser checks the options
// and the number of arguments before the handler runs.
struct Command
{
    QString name;     // empty for a noun that takes no command (init, checkout)
    QString synopsis; // its arguments and options, for the usage text
    QString summary;  // one line
    QStringList options; // the options it takes besides the global ones
    qsizetype arguments = 0; // the words after NOUN NAME
    Status (Ordoctl::*run)() = nullptr;
    // Said instead of "wrong number of arguments" when too few are given.
    QString missingArgument = {};
};

struct Noun
{
    QString name;
    QString summary;
    QList<Command> commands;
    // Said when the command is missing or unknown.
    QString wrongCommand = {};
    // help and completion work without a database.
    bool opensDatabase = true;
};

// Every noun, in the order of the usage text. Built on first use, after the
// translations are installed.
const QList<Noun> &commandTable();

// A secret from the environment variable, else asked for on the terminal
// with the prompt and without echo; empty when neither has one.
QString readSecret(const char *variable, const char *prompt);

// The state of one run of ordoctl: the command line, the database, the session.
class Ordoctl
{
public:
    explicit Ordoctl(CommandLine cl) : m_cl(std::move(cl)), m_json(m_cl.has(QStringLiteral("json"))) {}

    Status run();

    // The handlers of the table, one file per noun.
    Status init();
    Status catalogList();
    Status catalogShow();
    Status cartAdd();
    Status cartList();
    Status cartQuantity();
    Status cartRemove();
    Status cartClear();
    Status checkout();
    Status ordersList();
    Status ordersShow();
    Status ordersCancel();
    Status approvalsList();
    Status approvalsDecide();
    Status auditList();
    Status auditVerify();
    Status workflowsValidate();
    Status workflowsStart();
    Status workflowsList();
    Status workflowsShow();
    Status workflowsLog();
    Status workflowsSupport();
    Status workflowsStep();
    Status engineRun();
    Status connectorsList();
    Status connectorsShow();
    Status connectorsSet();
    Status secretsSet();
    Status secretsDelete();
    Status serviceDeskList();
    Status ticketsShow();
    Status mailOutbox();
    Status mailDeliver();
    Status guestsKeys();
    Status guestsForget();
    Status usageList();
    Status profileShow();
    Status profileSetSshKey();
    Status profileRemoveSshKey();
    Status usersAdd();
    Status usersDisable();
    Status usersPassword();
    Status exportDatabase();
    Status importDatabase();
    Status completionBash();

private:
    Status openDatabase();
    Result<Session> session();
    // The person named by --user or $ORDO_USER; empty if none.
    QString userName() const;
    // That person and their password.
    Result<std::pair<QString, QString>> who();
    Result<QJsonObject> assignments() const;
    Status help(const QStringList &words);
    const QString &command() const { return m_cl.positional.at(1); }

    CommandLine m_cl;
    bool m_json;
    std::unique_ptr<Ordo> m_ordo;
    QString m_password;
};

Noun initNoun();
Noun catalogNoun();
Noun cartNoun();
Noun checkoutNoun();
Noun ordersNoun();
Noun approvalsNoun();
Noun auditNoun();
Noun workflowsNoun();
Noun engineNoun();
Noun connectorsNoun();
Noun secretsNoun();
Noun cmdbNoun();
Noun ticketsNoun();
Noun mailNoun();
Noun guestsNoun();
Noun usageNoun();
Noun profileNoun();
Noun usersNoun();
Noun exportNoun();
Noun importNoun();
Noun completionNoun();

// The usage texts of --help.
QString usage();
QString usage(const Noun &noun);
QString usage(const Noun &noun, const Command &command);

} // namespace ordo::cli
