// ordoctl: the command-line face of Ordo's core. Exit codes: 0 ok, 2 bad input
// or usage, 3 not permitted, 4 not found, 5 conflict, 1 anything else.

#include "Ordo.h"
#include "connectors/Smtp.h"
#include "domain/OrderState.h"
#include "engine/Engine.h"
#include "host/EngineHost.h"
#include "security/SecretStore.h"
#include "util/Quote.h"
#include "util/Translations.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QThread>
#include <QTimer>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

using namespace ordo;

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordoctl)
};

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QString usage()
{
    return Text::tr("usage: ordoctl [--db PATH] [--user NAME] [--tenant SLUG] [--json] COMMAND ...\n"
              "commands:\n"
              "  init [--demo] [--demo-password P]\n"
              "  catalog list | catalog show ITEM\n"
              "  cart add ITEM [--set KEY=VALUE]... [--quantity N] | cart list | cart quantity LINE N\n"
              "  cart remove LINE | cart clear\n"
              "  checkout [--request-id ID] [--preview]\n"
              "  orders list [--state S] | orders show ORDER\n"
              "  approvals list | approvals approve ORDER [--comment C] | approvals reject ORDER --comment C\n"
              "  audit list [--order ORDER] | audit verify\n"
              "  workflows validate FILE | workflows start FILE [--set KEY=VALUE]...\n"
              "  workflows list [--state S] | workflows show ID | workflows watch ID | workflows log ID [--step S]\n"
              "  workflows pause|continue|cancel|rollback ID [--reason R]\n"
              "  workflows retry|skip|complete ID --step S [--set KEY=VALUE]... [--reason R]\n"
              "  engine run [--workers N] [--lease-ms MS] [--max-lost-attempts N] [--until-idle]\n"
              "  connectors list | connectors show NAME | connectors set NAME --set KEY=VALUE...\n"
              "  secrets set NAME (the value on standard input) | secrets delete NAME\n"
              "  cmdb list | tickets list | mail outbox | mail deliver\n  guests keys | guests forget GUEST\n"
              "The password comes from ORDO_PASSWORD or is asked for without echo.");
}

// Options of the form --name VALUE (repeatable) or --flag, anywhere on the line.
struct CommandLine
{
    QStringList positional;
    QMap<QString, QStringList> options;
    QStringList flags;

    QString option(const QString &name) const { return options.value(name).value(0); }
    bool has(const QString &name) const { return options.contains(name) || flags.contains(name); }
};

const QStringList kValueOptions = {QStringLiteral("db"),        QStringLiteral("user"),     QStringLiteral("tenant"),
                                   QStringLiteral("set"),       QStringLiteral("quantity"), QStringLiteral("request-id"),
                                   QStringLiteral("state"),     QStringLiteral("comment"),  QStringLiteral("order"),
                                   QStringLiteral("demo-password"), QStringLiteral("reason"), QStringLiteral("step"),
                                   QStringLiteral("workers"), QStringLiteral("lease-ms"),
                                   QStringLiteral("max-lost-attempts")};
const QStringList kFlags = {QStringLiteral("json"), QStringLiteral("preview"), QStringLiteral("demo"),
                            QStringLiteral("until-idle"),
                            QStringLiteral("help")};

Result<CommandLine> parse(const QStringList &args)
{
    CommandLine cl;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (!arg.startsWith(QLatin1String("--")) || arg == QLatin1String("--")) {
            cl.positional.append(arg);
            continue;
        }
        QString name = arg.mid(2);
        QString value;
        const qsizetype eq = name.indexOf(QLatin1Char('='));
        const bool inlineValue = eq >= 0;
        if (inlineValue) {
            value = name.mid(eq + 1);
            name = name.left(eq);
        }
        if (kFlags.contains(name) && !inlineValue) {
            cl.flags.append(name);
        } else if (kValueOptions.contains(name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size())
                    return Error::badInput(Text::tr("option --%1 needs a value").arg(quoted(name)));
                value = args.at(++i);
            }
            cl.options[name].append(value);
        } else {
            return Error::badInput(Text::tr("unknown option --%1").arg(quoted(name)));
        }
    }
    return cl;
}

Status allowOnly(const CommandLine &cl, const QStringList &allowed)
{
    static const QStringList global = {QStringLiteral("db"), QStringLiteral("user"), QStringLiteral("tenant"),
                                       QStringLiteral("json")};
    for (auto it = cl.options.begin(); it != cl.options.end(); ++it) {
        if (!global.contains(it.key()) && !allowed.contains(it.key()))
            return Error::badInput(Text::tr("option --%1 does not apply to this command").arg(quoted(it.key())));
    }
    for (const QString &flag : cl.flags) {
        if (!global.contains(flag) && !allowed.contains(flag))
            return Error::badInput(Text::tr("option --%1 does not apply to this command").arg(quoted(flag)));
    }
    return ok();
}

Status expectArgs(const CommandLine &cl, qsizetype count)
{
    if (cl.positional.size() != count)
        return Error::badInput(Text::tr("wrong number of arguments for '%1' (ordoctl --help shows the usage)").arg(quoted(cl.positional.join(QLatin1Char(' ')))));
    return ok();
}

Result<qint64> number(const QString &text, const QString &what)
{
    bool isNumber = false;
    const qint64 n = text.toLongLong(&isNumber);
    if (!isNumber || n < 1)
        return Error::badInput(Text::tr("%1 '%2' is not a positive number").arg(what, quoted(text)));
    return n;
}

QString readPassword()
{
    const QByteArray fromEnv = qgetenv("ORDO_PASSWORD");
    if (!fromEnv.isEmpty())
        return QString::fromUtf8(fromEnv);
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return {};
    std::fputs("Password: ", tty);
    std::fflush(tty);
    termios saved{};
    const int fd = fileno(tty);
    const bool isTerminal = tcgetattr(fd, &saved) == 0;
    if (isTerminal) {
        termios silent = saved;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(fd, TCSAFLUSH, &silent);
    }
    char buffer[1024] = {};
    const bool read = std::fgets(buffer, sizeof buffer, tty) != nullptr;
    if (isTerminal)
        tcsetattr(fd, TCSAFLUSH, &saved);
    std::fputs("\n", tty);
    std::fclose(tty);
    if (!read)
        return {};
    return QString::fromUtf8(buffer).remove(QLatin1Char('\n')).remove(QLatin1Char('\r'));
}

// ---------------------------------------------------------------- rendering

QJsonObject footprintJson(const Footprint &f)
{
    return {{QStringLiteral("vcpus"), f.vcpus}, {QStringLiteral("memoryGiB"), f.memoryGiB}, {QStringLiteral("vms"), f.vms}};
}

QJsonObject orderJson(const Order &o)
{
    QJsonArray lines;
    for (const OrderLine &l : o.lines)
        lines.append(QJsonObject{{QStringLiteral("line"), l.lineNo},
                                 {QStringLiteral("item"), l.itemId},
                                 {QStringLiteral("name"), l.itemName},
                                 {QStringLiteral("parameters"), QJsonObject::fromVariantMap(l.parameters)},
                                 {QStringLiteral("quantity"), l.quantity},
                                 {QStringLiteral("unitMonthlyCents"), l.unitMonthlyCents},
                                 {QStringLiteral("footprint"), footprintJson(l.footprint)}});
    return {{QStringLiteral("id"), o.id},
            {QStringLiteral("state"), orderStateName(o.state)},
            {QStringLiteral("version"), o.version},
            {QStringLiteral("requester"), o.requesterName},
            {QStringLiteral("requestId"), o.requestId},
            {QStringLiteral("approvalLevel"), o.approvalLevel},
            {QStringLiteral("monthlyCents"), o.monthlyCents},
            {QStringLiteral("currency"), o.currency},
            {QStringLiteral("footprint"), footprintJson(o.footprint)},
            {QStringLiteral("createdAt"), o.createdAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("updatedAt"), o.updatedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("approvalExpiresAt"), o.approvalExpiresAt.isValid() ? o.approvalExpiresAt.toString(Qt::ISODateWithMs) : QString()},
            {QStringLiteral("lines"), lines}};
}

QString parametersText(const QVariantMap &p)
{
    QStringList parts;
    for (auto it = p.begin(); it != p.end(); ++it)
        parts.append(it.key() + QLatin1Char('=') + it.value().toString());
    return parts.join(QLatin1Char(' '));
}

void printOrder(const Order &o, bool withLines)
{
    out() << Text::tr("order %1  %2  by %3  %4/month  (%5 vCPUs, %6 GiB, %7 VMs)")
                 .arg(o.id)
                 .arg(orderStateName(o.state), o.requesterName, formatMoney(o.monthlyCents, o.currency))
                 .arg(o.footprint.vcpus)
                 .arg(o.footprint.memoryGiB)
                 .arg(o.footprint.vms)
          << Qt::endl;
    if (!withLines)
        return;
    for (const OrderLine &l : o.lines)
        out() << QStringLiteral("  %1. %2 x%3  %4  %5/month each").arg(l.lineNo).arg(l.itemId).arg(l.quantity)
                     .arg(parametersText(l.parameters), formatMoney(l.unitMonthlyCents, o.currency))
              << Qt::endl;
}

void printJson(const QJsonValue &v)
{
    const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    out() << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

// ---------------------------------------------------------------- commands

class Ordoctl
{
public:
    explicit Ordoctl(CommandLine cl) : m_cl(std::move(cl)), m_json(m_cl.has(QStringLiteral("json"))) {}

    Status run();

private:
    Status openDatabase();
    Result<Session> session();

    Status init();
    Status catalog();
    Status cart();
    Status checkout();
    Status orders();
    Status approvals();
    Status audit();
    Status workflows();
    Status engineRun();
    Status connectors();
    Status secrets();
    Status serviceDesk(const QString &what);
    Status mail();
    Status guests();
    Result<QJsonObject> assignments() const;

    CommandLine m_cl;
    bool m_json;
    Clock m_clock;
    std::unique_ptr<Ordo> m_ordo;
};

Status Ordoctl::openDatabase()
{
    const QString path = m_cl.has(QStringLiteral("db")) ? m_cl.option(QStringLiteral("db")) : Ordo::defaultDatabasePath();
    // Only init makes a new database; any other command on a mistyped path is an error.
    const auto mode = m_cl.positional.first() == QLatin1String("init") ? Database::OpenMode::CreateIfMissing
                                                                       : Database::OpenMode::MustExist;
    ORDO_TRY(opened, Ordo::open(path, nullptr, mode));
    m_ordo = std::move(opened);
    return ok();
}

Result<Session> Ordoctl::session()
{
    QString user = m_cl.option(QStringLiteral("user"));
    if (user.isEmpty())
        user = QString::fromUtf8(qgetenv("ORDO_USER"));
    if (user.isEmpty())
        return Error::badInput(Text::tr("who are you? give --user NAME or set ORDO_USER"));
    const QString password = readPassword();
    if (password.isEmpty())
        return Error::badInput(Text::tr("no password: set ORDO_PASSWORD or run ordoctl on a terminal"));
    return m_ordo->login(user, password, m_cl.option(QStringLiteral("tenant")));
}

Status Ordoctl::run()
{
    if (m_cl.positional.isEmpty() || m_cl.has(QStringLiteral("help"))) {
        if (m_cl.has(QStringLiteral("help"))) {
            out() << usage() << Qt::endl;
            return ok();
        }
        return Error::badInput(Text::tr("no command given (ordoctl --help lists the commands)"));
    }
    const QString command = m_cl.positional.first();
    ORDO_CHECK(openDatabase());
    if (command == QLatin1String("init"))
        return init();
    if (command == QLatin1String("catalog"))
        return catalog();
    if (command == QLatin1String("cart"))
        return cart();
    if (command == QLatin1String("checkout"))
        return checkout();
    if (command == QLatin1String("orders"))
        return orders();
    if (command == QLatin1String("approvals"))
        return approvals();
    if (command == QLatin1String("audit"))
        return audit();
    if (command == QLatin1String("workflows"))
        return workflows();
    if (command == QLatin1String("engine"))
        return engineRun();
    if (command == QLatin1String("connectors"))
        return connectors();
    if (command == QLatin1String("secrets"))
        return secrets();
    if (command == QLatin1String("cmdb") || command == QLatin1String("tickets"))
        return serviceDesk(command);
    if (command == QLatin1String("mail"))
        return mail();
    if (command == QLatin1String("guests"))
        return guests();
    return Error::badInput(Text::tr("unknown command '%1' (ordoctl --help lists the commands)").arg(quoted(command)));
}

Status Ordoctl::init()
{
    ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("demo"), QStringLiteral("demo-password")}));
    ORDO_CHECK(expectArgs(m_cl, 1));
    if (m_cl.has(QStringLiteral("demo"))) {
        const QString password = m_cl.has(QStringLiteral("demo-password")) ? m_cl.option(QStringLiteral("demo-password"))
                                                                           : QStringLiteral("demo");
        ORDO_CHECK(m_ordo->createDemo(password));
    } else if (m_cl.has(QStringLiteral("demo-password"))) {
        return Error::badInput(Text::tr("--demo-password goes with --demo"));
    }
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("database"), m_ordo->database().path()},
                              {QStringLiteral("schemaVersion"), m_ordo->database().schemaVersion()}});
    else
        out() << Text::tr("database %1 ready (schema version %2)").arg(m_ordo->database().path()).arg(m_ordo->database().schemaVersion())
              << Qt::endl;
    return ok();
}

Status Ordoctl::catalog()
{
    ORDO_CHECK(allowOnly(m_cl, {}));
    const QString sub = m_cl.positional.value(1);
    ORDO_TRY(s, session());
    if (sub == QLatin1String("list")) {
        ORDO_CHECK(expectArgs(m_cl, 2));
        ORDO_TRY(items, m_ordo->catalog().items(s));
        if (m_json) {
            QJsonArray list;
            for (const CatalogItem &item : std::as_const(items))
                list.append(item.toJson());
            printJson(list);
        } else {
            for (const CatalogItem &item : std::as_const(items))
                out() << QStringLiteral("%1  %2  [%3]").arg(item.id, -12).arg(item.name, item.category) << Qt::endl;
        }
        return ok();
    }
    if (sub == QLatin1String("show")) {
        ORDO_CHECK(expectArgs(m_cl, 3));
        ORDO_TRY(item, m_ordo->catalog().item(s, m_cl.positional.at(2)));
        if (m_json) {
            printJson(item.toJson());
            return ok();
        }
        out() << item.name << QStringLiteral(" (") << item.id << QStringLiteral(")") << Qt::endl
              << item.description << Qt::endl;
        for (const Parameter &p : item.schema.parameters()) {
            QString range;
            if (p.minimum || p.maximum)
                range = QStringLiteral(" %1-%2").arg(p.minimum.value_or(0)).arg(p.maximum.value_or(0));
            if (!p.choices.isEmpty())
                range = QStringLiteral(" {%1}").arg(p.choices.join(QLatin1Char(',')));
            out() << QStringLiteral("  %1: %2%3").arg(p.name, p.label, range);
            if (p.defaultValue.isValid())
                out() << Text::tr(" (default %1)").arg(p.defaultValue.toString());
            if (p.required)
                out() << Text::tr(" (required)");
            out() << Qt::endl;
        }
        return ok();
    }
    return Error::badInput(Text::tr("catalog takes 'list' or 'show ITEM'"));
}

Status Ordoctl::cart()
{
    const QString sub = m_cl.positional.value(1);
    if (sub == QLatin1String("add")) {
        ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("set"), QStringLiteral("quantity")}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        QVariantMap parameters;
        for (const QString &assignment : m_cl.options.value(QStringLiteral("set"))) {
            const qsizetype eq = assignment.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return Error::badInput(Text::tr("--set '%1': write KEY=VALUE").arg(quoted(assignment)));
            const QString key = assignment.left(eq);
            if (parameters.contains(key))
                return Error::badInput(Text::tr("--set: parameter '%1' is given twice").arg(quoted(key)));
            parameters.insert(key, assignment.mid(eq + 1));
        }
        int quantity = 1;
        if (m_cl.has(QStringLiteral("quantity"))) {
            bool isNumber = false;
            quantity = m_cl.option(QStringLiteral("quantity")).toInt(&isNumber);
            if (!isNumber)
                return Error::badInput(Text::tr("--quantity '%1' is not a number").arg(quoted(m_cl.option(QStringLiteral("quantity")))));
        }
        ORDO_TRY(s, session());
        ORDO_TRY(line, m_ordo->cart().add(s, m_cl.positional.at(2), parameters, quantity));
        if (m_json)
            printJson(QJsonObject{{QStringLiteral("line"), line.id},
                                  {QStringLiteral("item"), line.itemId},
                                  {QStringLiteral("parameters"), QJsonObject::fromVariantMap(line.parameters)},
                                  {QStringLiteral("quantity"), line.quantity}});
        else
            out() << Text::tr("added line %1: %2 x%3 %4").arg(line.id).arg(line.itemId).arg(line.quantity).arg(parametersText(line.parameters))
                  << Qt::endl;
        return ok();
    }
    ORDO_CHECK(allowOnly(m_cl, {}));
    if (sub == QLatin1String("list")) {
        ORDO_CHECK(expectArgs(m_cl, 2));
        ORDO_TRY(s, session());
        ORDO_TRY(lines, m_ordo->cart().lines(s));
        if (m_json) {
            QJsonArray list;
            for (const CartLine &l : std::as_const(lines))
                list.append(QJsonObject{{QStringLiteral("line"), l.id},
                                        {QStringLiteral("item"), l.itemId},
                                        {QStringLiteral("parameters"), QJsonObject::fromVariantMap(l.parameters)},
                                        {QStringLiteral("quantity"), l.quantity}});
            printJson(list);
        } else if (lines.isEmpty()) {
            out() << Text::tr("the cart is empty") << Qt::endl;
        } else {
            for (const CartLine &l : std::as_const(lines))
                out() << QStringLiteral("%1. %2 x%3 %4").arg(l.id).arg(l.itemId).arg(l.quantity).arg(parametersText(l.parameters))
                      << Qt::endl;
        }
        return ok();
    }
    if (sub == QLatin1String("remove")) {
        ORDO_CHECK(expectArgs(m_cl, 3));
        ORDO_TRY(line, number(m_cl.positional.at(2), Text::tr("cart line")));
        ORDO_TRY(s, session());
        ORDO_CHECK(m_ordo->cart().remove(s, line));
        if (!m_json)
            out() << Text::tr("removed line %1").arg(line) << Qt::endl;
        return ok();
    }
    if (sub == QLatin1String("quantity")) {
        ORDO_CHECK(expectArgs(m_cl, 4));
        ORDO_TRY(line, number(m_cl.positional.at(2), Text::tr("cart line")));
        bool isNumber = false;
        const int quantity = m_cl.positional.at(3).toInt(&isNumber);
        if (!isNumber)
            return Error::badInput(Text::tr("quantity '%1' is not a number").arg(quoted(m_cl.positional.at(3))));
        ORDO_TRY(s, session());
        ORDO_CHECK(m_ordo->cart().setQuantity(s, line, quantity));
        if (!m_json)
            out() << Text::tr("line %1 now has quantity %2").arg(line).arg(quantity) << Qt::endl;
        return ok();
    }
    if (sub == QLatin1String("clear")) {
        ORDO_CHECK(expectArgs(m_cl, 2));
        ORDO_TRY(s, session());
        ORDO_CHECK(m_ordo->cart().clear(s));
        if (!m_json)
            out() << Text::tr("the cart is empty") << Qt::endl;
        return ok();
    }
    return Error::badInput(Text::tr("cart takes 'add', 'list', 'quantity', 'remove' or 'clear'"));
}

Status Ordoctl::checkout()
{
    ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("request-id"), QStringLiteral("preview")}));
    ORDO_CHECK(expectArgs(m_cl, 1));
    ORDO_TRY(s, session());
    if (m_cl.has(QStringLiteral("preview"))) {
        ORDO_TRY(p, m_ordo->orders().preview(s));
        QJsonArray quotas;
        for (const QuotaCheck &q : std::as_const(p.quotas)) {
            QJsonObject limit;
            if (q.limit.vcpus)
                limit.insert(QStringLiteral("vcpus"), *q.limit.vcpus);
            if (q.limit.memoryGiB)
                limit.insert(QStringLiteral("memoryGiB"), *q.limit.memoryGiB);
            if (q.limit.vms)
                limit.insert(QStringLiteral("vms"), *q.limit.vms);
            quotas.append(QJsonObject{{QStringLiteral("scope"), q.scope},
                                      {QStringLiteral("inUse"), footprintJson(q.inUse)},
                                      {QStringLiteral("afterOrder"), footprintJson(q.afterOrder)},
                                      {QStringLiteral("limit"), limit}});
        }
        QJsonArray route;
        for (const ApprovalRouteStep &step : std::as_const(p.route))
            route.append(QJsonObject{{QStringLiteral("level"), step.level},
                                     {QStringLiteral("mode"), step.mode == ApprovalLevel::Mode::AnyOf ? QStringLiteral("any") : QStringLiteral("all")},
                                     {QStringLiteral("approvers"), QJsonArray::fromStringList(step.approvers)}});
        if (m_json) {
            printJson(QJsonObject{{QStringLiteral("monthlyCents"), p.monthlyCents},
                                  {QStringLiteral("currency"), p.currency},
                                  {QStringLiteral("footprint"), footprintJson(p.footprint)},
                                  {QStringLiteral("quotas"), quotas},
                                  {QStringLiteral("autoApproved"), p.autoApproved},
                                  {QStringLiteral("approvalRoute"), route},
                                  {QStringLiteral("violations"), QJsonArray::fromStringList(p.violations)}});
            return ok();
        }
        out() << Text::tr("price: %1 per month").arg(formatMoney(p.monthlyCents, p.currency)) << Qt::endl;
        for (const QuotaCheck &q : std::as_const(p.quotas))
            out() << Text::tr("quota (%1): %2 vCPUs, %3 GiB, %4 VMs after this order")
                         .arg(q.scope)
                         .arg(q.afterOrder.vcpus)
                         .arg(q.afterOrder.memoryGiB)
                         .arg(q.afterOrder.vms)
                  << Qt::endl;
        if (p.autoApproved)
            out() << Text::tr("approval: automatic (within the policy's thresholds)") << Qt::endl;
        for (const ApprovalRouteStep &step : std::as_const(p.route))
            out() << Text::tr("approval: %1 by %2 of %3")
                         .arg(step.level,
                              step.mode == ApprovalLevel::Mode::AnyOf ? Text::tr("any") : Text::tr("all"),
                              step.approvers.join(QStringLiteral(", ")))
                  << Qt::endl;
        for (const QString &v : std::as_const(p.violations))
            out() << Text::tr("policy violation: %1").arg(v) << Qt::endl;
        return ok();
    }
    ORDO_TRY(order, m_ordo->orders().checkout(s, m_cl.option(QStringLiteral("request-id"))));
    if (m_json)
        printJson(orderJson(order));
    else
        printOrder(order, false);
    return ok();
}

Status Ordoctl::orders()
{
    const QString sub = m_cl.positional.value(1);
    if (sub == QLatin1String("list")) {
        ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("state")}));
        ORDO_CHECK(expectArgs(m_cl, 2));
        std::optional<OrderState> state;
        if (m_cl.has(QStringLiteral("state"))) {
            state = orderStateFromName(m_cl.option(QStringLiteral("state")));
            if (!state)
                return Error::badInput(Text::tr("--state '%1' is not an order state (submitted, pending-approval, approved, "
                                          "rejected, provisioning, completed, failed, cancelled)")
                                           .arg(m_cl.option(QStringLiteral("state"))));
        }
        ORDO_TRY(s, session());
        ORDO_TRY(list, m_ordo->orders().orders(s, state));
        if (m_json) {
            QJsonArray array;
            for (const Order &o : std::as_const(list))
                array.append(orderJson(o));
            printJson(array);
        } else {
            for (const Order &o : std::as_const(list))
                printOrder(o, false);
        }
        return ok();
    }
    if (sub == QLatin1String("show")) {
        ORDO_CHECK(allowOnly(m_cl, {}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("order")));
        ORDO_TRY(s, session());
        ORDO_TRY(order, m_ordo->orders().order(s, id));
        ORDO_TRY(decisions, m_ordo->approvals().decisions(s, id));
        if (m_json) {
            QJsonObject o = orderJson(order);
            QJsonArray list;
            for (const ApprovalDecision &d : std::as_const(decisions))
                list.append(QJsonObject{{QStringLiteral("level"), d.level},
                                        {QStringLiteral("approver"), d.approverName},
                                        {QStringLiteral("decision"), d.decision == Decision::Approve ? QStringLiteral("approve") : QStringLiteral("reject")},
                                        {QStringLiteral("comment"), d.comment},
                                        {QStringLiteral("decidedAt"), d.decidedAt.toString(Qt::ISODateWithMs)}});
            o.insert(QStringLiteral("decisions"), list);
            printJson(o);
        } else {
            printOrder(order, true);
            for (const ApprovalDecision &d : std::as_const(decisions))
                out() << Text::tr("  %1 by %2 at %3: %4")
                             .arg(d.decision == Decision::Approve ? Text::tr("approved") : Text::tr("rejected"), d.approverName,
                                  d.decidedAt.toString(Qt::ISODate), d.comment)
                      << Qt::endl;
        }
        return ok();
    }
    return Error::badInput(Text::tr("orders takes 'list' or 'show ORDER'"));
}

Status Ordoctl::approvals()
{
    const QString sub = m_cl.positional.value(1);
    if (sub == QLatin1String("list")) {
        ORDO_CHECK(allowOnly(m_cl, {}));
        ORDO_CHECK(expectArgs(m_cl, 2));
        ORDO_TRY(s, session());
        ORDO_TRY(list, m_ordo->approvals().pending(s));
        if (m_json) {
            QJsonArray array;
            for (const Order &o : std::as_const(list))
                array.append(orderJson(o));
            printJson(array);
        } else if (list.isEmpty()) {
            out() << Text::tr("no orders wait for your decision") << Qt::endl;
        } else {
            for (const Order &o : std::as_const(list))
                printOrder(o, true);
        }
        return ok();
    }
    if (sub == QLatin1String("approve") || sub == QLatin1String("reject")) {
        ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("comment")}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("order")));
        const Decision decision = sub == QLatin1String("approve") ? Decision::Approve : Decision::Reject;
        if (decision == Decision::Reject && m_cl.option(QStringLiteral("comment")).trimmed().isEmpty())
            return Error::badInput(Text::tr("a rejection needs a reason: give it with --comment"));
        ORDO_TRY(s, session());
        ORDO_TRY(outcome, m_ordo->approvals().decide(s, id, decision, m_cl.option(QStringLiteral("comment"))));
        if (m_json)
            printJson(orderJson(outcome.order));
        else
            printOrder(outcome.order, false);
        return ok();
    }
    return Error::badInput(Text::tr("approvals takes 'list', 'approve ORDER' or 'reject ORDER'"));
}

Status Ordoctl::audit()
{
    const QString sub = m_cl.positional.value(1);
    if (sub == QLatin1String("verify")) {
        ORDO_CHECK(allowOnly(m_cl, {}));
        ORDO_CHECK(expectArgs(m_cl, 2));
        ORDO_TRY(s, session());
        ORDO_TRY(v, m_ordo->auditTrail().verify(s));
        if (m_json)
            printJson(QJsonObject{{QStringLiteral("intact"), v.intact},
                                  {QStringLiteral("entriesChecked"), v.entriesChecked},
                                  {QStringLiteral("legacyEntries"), v.legacyEntries},
                                  {QStringLiteral("firstBadEntry"), v.firstBadSeq},
                                  {QStringLiteral("problem"), v.problem}});
        else if (v.intact)
            out() << Text::tr("audit trail intact: %1 entries checked").arg(v.entriesChecked) << Qt::endl;
        if (!v.intact)
            return Error::conflict(Text::tr("audit trail broken: %1").arg(v.problem));
        return ok();
    }
    if (sub == QLatin1String("list")) {
        ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("order")}));
        ORDO_CHECK(expectArgs(m_cl, 2));
        std::optional<qint64> orderId;
        if (m_cl.has(QStringLiteral("order"))) {
            ORDO_TRY(id, number(m_cl.option(QStringLiteral("order")), Text::tr("order")));
            orderId = id;
        }
        ORDO_TRY(s, session());
        ORDO_TRY(entries, m_ordo->auditTrail().entries(s, orderId));
        if (m_json) {
            QJsonArray array;
            for (const AuditEntry &e : std::as_const(entries))
                array.append(QJsonObject{{QStringLiteral("seq"), e.seq},
                                         {QStringLiteral("at"), e.at.toString(Qt::ISODateWithMs)},
                                         {QStringLiteral("actor"), e.actor},
                                         {QStringLiteral("entity"), e.entity},
                                         {QStringLiteral("entityId"), e.entityId},
                                         {QStringLiteral("action"), e.action},
                                         {QStringLiteral("from"), e.fromState},
                                         {QStringLiteral("to"), e.toState},
                                         {QStringLiteral("reason"), e.reason},
                                         {QStringLiteral("details"), e.details}});
            printJson(array);
        } else {
            for (const AuditEntry &e : std::as_const(entries))
                out() << QStringLiteral("%1  %2  %3  %4 %5  %6  %7 -> %8  %9")
                             .arg(e.seq)
                             .arg(e.at.toString(Qt::ISODate), e.actor, e.entity, e.entityId, e.action, e.fromState,
                                  e.toState, e.reason)
                      << Qt::endl;
        }
        return ok();
    }
    return Error::badInput(Text::tr("audit takes 'list' or 'verify'"));
}

// ---------------------------------------------------------------- workflows


QString timeText(qint64 ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

// --set KEY=VALUE: the value is read as JSON where it is JSON (4, true, {"a": 1}), else as text.
Result<QJsonObject> Ordoctl::assignments() const
{
    QJsonObject out;
    for (const QString &assignment : m_cl.options.value(QStringLiteral("set"))) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return Error::badInput(Text::tr("--set '%1': write KEY=VALUE").arg(quoted(assignment)));
        const QString key = assignment.left(eq);
        if (out.contains(key))
            return Error::badInput(Text::tr("--set: '%1' is given twice").arg(quoted(key)));
        const QString text = assignment.mid(eq + 1);
        const QJsonDocument doc = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(text).toUtf8());
        out.insert(key, doc.isArray() && doc.array().size() == 1 ? doc.array().first() : QJsonValue(text));
    }
    return out;
}

QJsonObject summaryJson(const engine::WorkflowSummary &w)
{
    return {{QStringLiteral("id"), w.id},
            {QStringLiteral("name"), w.name},
            {QStringLiteral("version"), w.version},
            {QStringLiteral("state"), engine::workflowStateName(w.state)},
            {QStringLiteral("inputs"), w.inputs},
            {QStringLiteral("startedBy"), w.startedBy},
            {QStringLiteral("createdAt"), timeText(w.createdAt)},
            {QStringLiteral("finishedAt"), timeText(w.finishedAt)},
            {QStringLiteral("error"), w.error}};
}

Status Ordoctl::workflows()
{
    const QString sub = m_cl.positional.value(1);
    if (sub == QLatin1String("validate")) {
        ORDO_CHECK(allowOnly(m_cl, {}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        const QString path = m_cl.positional.at(2);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error::notFound(Text::tr("cannot read %1: %2").arg(quoted(path), file.errorString()));
        ORDO_TRY(parsed, m_ordo->workflows().validate(file.read(engine::kMaxDefinitionBytes + 1)));
        if (m_json) {
            QJsonArray errors;
            for (const engine::DefinitionError &e : parsed.errors)
                errors.append(QJsonObject{{QStringLiteral("code"), e.code}, {QStringLiteral("pointer"), e.pointer},
                                          {QStringLiteral("line"), e.line}, {QStringLiteral("column"), e.column},
                                          {QStringLiteral("message"), e.message}});
            printJson(QJsonObject{{QStringLiteral("valid"), parsed.errors.isEmpty()}, {QStringLiteral("errors"), errors}});
        }
        if (parsed.errors.isEmpty()) {
            if (!m_json)
                out() << Text::tr("%1: valid (%2 version %3, %4 steps)").arg(path, parsed.definition->name).arg(parsed.definition->version).arg(parsed.definition->steps.size())
                      << Qt::endl;
            return ok();
        }
        QStringList lines;
        for (const engine::DefinitionError &e : parsed.errors)
            lines.append(path + QLatin1Char(':') + e.toString());
        return Error::badInput(lines.join(QLatin1Char('\n')));
    }
    if (sub == QLatin1String("start")) {
        ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("set")}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        ORDO_TRY(inputs, assignments());
        QFile file(m_cl.positional.at(2));
        if (!file.open(QIODevice::ReadOnly))
            return Error::notFound(Text::tr("cannot read %1: %2").arg(quoted(m_cl.positional.at(2)), file.errorString()));
        ORDO_TRY(s, session());
        ORDO_TRY(id, m_ordo->workflows().start(s, file.read(engine::kMaxDefinitionBytes + 1), inputs));
        if (m_json)
            printJson(QJsonObject{{QStringLiteral("id"), id}});
        else
            out() << id << Qt::endl;
        return ok();
    }
    if (sub == QLatin1String("list")) {
        ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("state")}));
        ORDO_CHECK(expectArgs(m_cl, 2));
        std::optional<engine::WorkflowState> state;
        if (m_cl.has(QStringLiteral("state"))) {
            state = engine::workflowStateFromName(m_cl.option(QStringLiteral("state")));
            if (!state)
                return Error::badInput(Text::tr("--state '%1' is not a workflow state (running, paused, succeeded, failed, "
                                          "rolling-back, rolled-back, cancelled)")
                                           .arg(m_cl.option(QStringLiteral("state"))));
        }
        ORDO_TRY(s, session());
        ORDO_TRY(list, m_ordo->workflows().list(s, state));
        if (m_json) {
            QJsonArray array;
            for (const auto &w : std::as_const(list))
                array.append(summaryJson(w));
            printJson(array);
        } else {
            for (const auto &w : std::as_const(list))
                out() << QStringLiteral("%1  %2 v%3  %4  %5").arg(w.id).arg(w.name).arg(w.version).arg(engine::workflowStateName(w.state), w.error)
                      << Qt::endl;
        }
        return ok();
    }
    // The rest act on one workflow.
    if (m_cl.positional.size() < 3)
        return Error::badInput(Text::tr("workflows %1 needs a workflow id").arg(quoted(sub)));
    ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("workflow")));
    WorkflowService &workflows = m_ordo->workflows();
    const QString reason = m_cl.option(QStringLiteral("reason"));
    if (sub == QLatin1String("show")) {
        ORDO_CHECK(allowOnly(m_cl, {}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        ORDO_TRY(s, session());
        ORDO_TRY(w, workflows.workflow(s, id));
        ORDO_TRY(steps, workflows.steps(s, id));
        if (m_json) {
            QJsonObject o = summaryJson(w);
            QJsonArray array;
            for (const engine::StepInfo &st : std::as_const(steps))
                array.append(QJsonObject{{QStringLiteral("id"), st.key},
                                         {QStringLiteral("kind"), st.kind},
                                         {QStringLiteral("state"), engine::stepStateName(st.state)},
                                         {QStringLiteral("attempts"), st.attempt},
                                         {QStringLiteral("readyAt"), timeText(st.readyAt)},
                                         {QStringLiteral("startedAt"), timeText(st.startedAt)},
                                         {QStringLiteral("finishedAt"), timeText(st.finishedAt)},
                                         {QStringLiteral("inputs"), st.inputs},
                                         {QStringLiteral("outputs"), st.outputs},
                                         {QStringLiteral("error"), st.error},
                                         {QStringLiteral("errorKind"), st.errorKind}});
            o.insert(QStringLiteral("steps"), array);
            printJson(o);
            return ok();
        }
        out() << Text::tr("workflow %1  %2 v%3  %4").arg(w.id).arg(w.name).arg(w.version).arg(engine::workflowStateName(w.state)) << Qt::endl;
        if (!w.error.isEmpty())
            out() << QStringLiteral("  ") << w.error << Qt::endl;
        for (const engine::StepInfo &st : std::as_const(steps)) {
            const qint64 took = st.finishedAt && st.startedAt ? st.finishedAt - st.startedAt : 0;
            out() << QStringLiteral("  %1%2  %3  attempts %4  %5 ms  %6")
                         .arg(st.key, st.kind == QLatin1String("compensation") ? Text::tr(" (compensation)") : QString())
                         .arg(engine::stepStateName(st.state))
                         .arg(st.attempt)
                         .arg(took)
                         .arg(st.error)
                  << Qt::endl;
        }
        return ok();
    }
    if (sub == QLatin1String("log") || sub == QLatin1String("watch")) {
        const bool watch = sub == QLatin1String("watch");
        ORDO_CHECK(allowOnly(m_cl, watch ? QStringList{} : QStringList{QStringLiteral("step")}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        ORDO_TRY(s, session());
        qint64 seen = 0;
        while (true) {
            ORDO_TRY(lines, workflows.log(s, id, m_cl.option(QStringLiteral("step")), seen));
            for (const engine::LogLine &l : std::as_const(lines)) {
                out() << QStringLiteral("%1  %2  %3  %4").arg(timeText(l.at), l.stepKey.isEmpty() ? QStringLiteral("-") : l.stepKey, l.kind, l.message)
                      << Qt::endl;
                seen = l.seq;
            }
            if (!watch)
                return ok();
            ORDO_TRY(w, workflows.workflow(s, id));
            if (engine::isTerminal(w.state))
                return ok();
            QThread::msleep(200);
        }
    }
    ORDO_TRY(s, session());
    if (sub == QLatin1String("pause") || sub == QLatin1String("continue") || sub == QLatin1String("cancel")
        || sub == QLatin1String("rollback")) {
        ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("reason")}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        if (sub == QLatin1String("pause"))
            ORDO_CHECK(workflows.pause(s, id, reason));
        else if (sub == QLatin1String("continue"))
            ORDO_CHECK(workflows.resume(s, id, reason));
        else if (sub == QLatin1String("cancel"))
            ORDO_CHECK(workflows.cancel(s, id, reason));
        else
            ORDO_CHECK(workflows.rollback(s, id, reason));
        ORDO_TRY(w, workflows.workflow(s, id));
        if (m_json) {
            printJson(summaryJson(w));
        } else {
            out() << Text::tr("workflow %1 is %2").arg(id).arg(engine::workflowStateName(w.state)) << Qt::endl;
            if (sub == QLatin1String("pause"))
                out() << Text::tr("no new step starts; an attempt that is already running finishes") << Qt::endl;
        }
        return ok();
    }
    if (sub == QLatin1String("retry") || sub == QLatin1String("skip") || sub == QLatin1String("complete")) {
        ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("step"), QStringLiteral("set"), QStringLiteral("reason")}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        const QString step = m_cl.option(QStringLiteral("step"));
        if (step.isEmpty())
            return Error::badInput(Text::tr("workflows %1 needs --step STEP").arg(quoted(sub)));
        ORDO_TRY(values, assignments());
        if (sub == QLatin1String("retry"))
            ORDO_CHECK(workflows.retryStep(s, id, step, values, reason));
        else if (sub == QLatin1String("skip"))
            ORDO_CHECK(workflows.skipStep(s, id, step, values, reason));
        else
            ORDO_CHECK(workflows.completeHumanTask(s, id, step, values));
        ORDO_TRY(w, workflows.workflow(s, id));
        if (m_json)
            printJson(summaryJson(w));
        else
            out() << Text::tr("workflow %1 is %2").arg(id).arg(engine::workflowStateName(w.state)) << Qt::endl;
        return ok();
    }
    return Error::badInput(Text::tr("workflows takes validate, start, list, show, watch, log, pause, continue, cancel, "
                              "rollback, retry, skip or complete"));
}

Status Ordoctl::connectors()
{
    const QString sub = m_cl.positional.value(1);
    if (sub == QLatin1String("list")) {
        ORDO_CHECK(allowOnly(m_cl, {}));
        ORDO_CHECK(expectArgs(m_cl, 2));
        ORDO_TRY(s, session());
        ORDO_TRY(list, m_ordo->connectors().list(s));
        QJsonArray array;
        for (const ConnectorAdmin::Listed &c : std::as_const(list)) {
            array.append(QJsonObject{{QStringLiteral("name"), c.name}, {QStringLiteral("configured"), c.configured}});
            if (!m_json)
                out() << QStringLiteral("%1  %2").arg(c.name, c.configured ? Text::tr("configured") : Text::tr("embedded default")) << Qt::endl;
        }
        if (m_json)
            printJson(array);
        return ok();
    }
    if (sub == QLatin1String("show")) {
        ORDO_CHECK(allowOnly(m_cl, {}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        ORDO_TRY(s, session());
        ORDO_TRY(shown, m_ordo->connectors().show(s, m_cl.positional.at(2)));
        printJson(QJsonObject{{QStringLiteral("name"), m_cl.positional.at(2)},
                              {QStringLiteral("configured"), shown.configured},
                              {QStringLiteral("settings"), shown.settings}});
        return ok();
    }
    if (sub == QLatin1String("set")) {
        ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("set")}));
        ORDO_CHECK(expectArgs(m_cl, 3));
        ORDO_TRY(values, assignments());
        if (values.isEmpty())
            return Error::badInput(Text::tr("connectors set NAME needs at least one --set KEY=VALUE"));
        ORDO_TRY(s, session());
        ORDO_CHECK(m_ordo->connectors().set(s, m_cl.positional.at(2), values));
        if (!m_json)
            out() << Text::tr("connector %1 configured").arg(m_cl.positional.at(2)) << Qt::endl;
        return ok();
    }
    return Error::badInput(Text::tr("connectors takes list, show NAME or set NAME --set KEY=VALUE..."));
}

Status Ordoctl::secrets()
{
    ORDO_CHECK(allowOnly(m_cl, {}));
    const QString sub = m_cl.positional.value(1);
    if (sub != QLatin1String("set") && sub != QLatin1String("delete"))
        return Error::badInput(Text::tr("secrets takes 'set NAME' (the value comes on standard input) or 'delete NAME'"));
    ORDO_CHECK(expectArgs(m_cl, 3));
    const QString name = m_cl.positional.at(2);
    ORDO_CHECK(SecretStore::checkName(name));
    ORDO_TRY(s, session());
    if (sub == QLatin1String("set")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return Error::badInput(Text::tr("cannot read the secret from standard input"));
        QByteArray value = in.readAll();
        if (value.endsWith('\n'))
            value.chop(1);
        if (value.endsWith('\r'))
            value.chop(1);
        ORDO_CHECK(m_ordo->secrets().set(s, name, value));
    } else {
        ORDO_CHECK(m_ordo->secrets().remove(s, name));
    }
    if (!m_json)
        out() << (sub == QLatin1String("set") ? Text::tr("secret %1 stored in the keychain").arg(name)
                                              : Text::tr("secret %1 deleted").arg(name))
              << Qt::endl;
    return ok();
}

// The embedded CMDB and ticket store.
Status Ordoctl::serviceDesk(const QString &what)
{
    ORDO_CHECK(allowOnly(m_cl, {}));
    if (m_cl.positional.value(1) != QLatin1String("list"))
        return Error::badInput(Text::tr("%1 takes 'list'").arg(quoted(what)));
    ORDO_CHECK(expectArgs(m_cl, 2));
    ORDO_TRY(s, session());
    QJsonArray array;
    if (what == QLatin1String("cmdb")) {
        ORDO_TRY(items, m_ordo->serviceDesk().cmdbItems(s));
        for (const connectors::CmdbItem &i : std::as_const(items)) {
            array.append(QJsonObject{{QStringLiteral("ci"), i.id},
                                     {QStringLiteral("class"), i.itemClass},
                                     {QStringLiteral("name"), i.name},
                                     {QStringLiteral("ip"), i.ip},
                                     {QStringLiteral("attributes"), i.attributes},
                                     {QStringLiteral("createdAt"), i.createdAt},
                                     {QStringLiteral("removedAt"), i.removedAt}});
            if (!m_json)
                out() << QStringLiteral("%1  %2  %3  %4%5").arg(i.id).arg(i.name, i.ip, i.itemClass, i.removedAt.isEmpty() ? QString() : Text::tr("  (removed)"))
                      << Qt::endl;
        }
    } else {
        ORDO_TRY(tickets, m_ordo->serviceDesk().tickets(s));
        for (const connectors::Ticket &t : std::as_const(tickets)) {
            array.append(QJsonObject{{QStringLiteral("ticket"), t.id},
                                     {QStringLiteral("severity"), t.severity},
                                     {QStringLiteral("title"), t.title},
                                     {QStringLiteral("description"), t.description},
                                     {QStringLiteral("createdAt"), t.createdAt},
                                     {QStringLiteral("comments"), t.comments}});
            if (!m_json)
                out() << QStringLiteral("%1  [%2]  %3").arg(t.id).arg(t.severity, t.title) << Qt::endl;
        }
    }
    if (m_json)
        printJson(array);
    return ok();
}

Status Ordoctl::guests()
{
    ORDO_CHECK(allowOnly(m_cl, {}));
    const QString sub = m_cl.positional.value(1);
    ORDO_TRY(s, session());
    if (sub == QLatin1String("keys")) {
        ORDO_CHECK(expectArgs(m_cl, 2));
        ORDO_TRY(keys, m_ordo->guests().keys(s));
        QJsonArray array;
        for (const connectors::GuestHostKey &k : std::as_const(keys)) {
            array.append(QJsonObject{{QStringLiteral("guest"), k.guest},
                                     {QStringLiteral("keyType"), k.keyType},
                                     {QStringLiteral("fingerprint"), k.fingerprint},
                                     {QStringLiteral("firstSeenAt"), k.firstSeenAt},
                                     {QStringLiteral("address"), k.address}});
            if (!m_json)
                out() << QStringLiteral("%1  %2  %3  %4").arg(k.guest, k.keyType, k.fingerprint, k.address) << Qt::endl;
        }
        if (m_json)
            printJson(array);
        return ok();
    }
    if (sub == QLatin1String("forget")) {
        ORDO_CHECK(expectArgs(m_cl, 3));
        return m_ordo->guests().forget(s, m_cl.positional.at(2));
    }
    return Error::badInput(Text::tr("guests takes 'keys' or 'forget GUEST'"));
}

Status Ordoctl::mail()
{
    ORDO_CHECK(allowOnly(m_cl, {}));
    const QString sub = m_cl.positional.value(1);
    if (sub != QLatin1String("outbox") && sub != QLatin1String("deliver"))
        return Error::badInput(Text::tr("mail takes 'outbox' or 'deliver'"));
    ORDO_CHECK(expectArgs(m_cl, 2));
    ORDO_TRY(s, session());
    if (sub == QLatin1String("deliver")) {
        ORDO_TRY(report, m_ordo->mail().deliverDue(s));
        if (m_json)
            printJson(QJsonObject{{QStringLiteral("sent"), report.sent}, {QStringLiteral("retrying"), report.retrying}, {QStringLiteral("failed"), report.failed}});
        else
            out() << Text::tr("sent %1, to retry %2, failed %3").arg(report.sent).arg(report.retrying).arg(report.failed) << Qt::endl;
        return ok();
    }
    ORDO_TRY(entries, m_ordo->mail().outbox(s));
    QJsonArray array;
    for (const OutboxEntry &e : std::as_const(entries)) {
        array.append(QJsonObject{{QStringLiteral("id"), e.id},
                                 {QStringLiteral("createdAt"), e.createdAt.toString(Qt::ISODateWithMs)},
                                 {QStringLiteral("to"), QJsonArray::fromStringList(e.message.to)},
                                 {QStringLiteral("subject"), e.message.subject},
                                 {QStringLiteral("body"), e.message.body},
                                 {QStringLiteral("template"), e.message.templateName},
                                 {QStringLiteral("state"), e.state},
                                 {QStringLiteral("attempts"), e.attempts},
                                 {QStringLiteral("lastError"), e.lastError}});
        if (!m_json)
            out() << QStringLiteral("%1  %2  %3  %4").arg(e.id).arg(e.state, e.message.to.join(QStringLiteral(", ")), e.message.subject) << Qt::endl;
    }
    if (m_json)
        printJson(array);
    return ok();
}

std::atomic_bool g_stopRequested = false;

Status Ordoctl::engineRun()
{
    ORDO_CHECK(allowOnly(m_cl, {QStringLiteral("workers"), QStringLiteral("until-idle"), QStringLiteral("lease-ms"),
                                QStringLiteral("max-lost-attempts")}));
    if (m_cl.positional.value(1) != QLatin1String("run"))
        return Error::badInput(Text::tr("engine takes 'run'"));
    ORDO_CHECK(expectArgs(m_cl, 2));
    engine::EngineOptions options;
    if (m_cl.has(QStringLiteral("workers"))) {
        ORDO_TRY(workers, number(m_cl.option(QStringLiteral("workers")), Text::tr("--workers")));
        if (workers > 64)
            return Error::badInput(Text::tr("--workers %1 is more than 64").arg(workers));
        options.workers = static_cast<int>(workers);
    }
    if (m_cl.has(QStringLiteral("lease-ms"))) {
        ORDO_TRY(lease, number(m_cl.option(QStringLiteral("lease-ms")), Text::tr("--lease-ms")));
        // The engine would raise a shorter lease itself; a user who asked for one learns why not.
        if (lease < engine::kMinLeaseMs || lease > engine::kMaxLeaseMs)
            return Error::badInput(Text::tr("--lease-ms %1 is not from %2 to %3").arg(lease).arg(engine::kMinLeaseMs).arg(engine::kMaxLeaseMs));
        options.leaseMs = lease;
    }
    if (m_cl.has(QStringLiteral("max-lost-attempts"))) {
        ORDO_TRY(lost, number(m_cl.option(QStringLiteral("max-lost-attempts")), Text::tr("--max-lost-attempts")));
        if (lost > 1000)
            return Error::badInput(Text::tr("--max-lost-attempts %1 is more than 1000").arg(lost));
        options.maxLostAttempts = static_cast<int>(lost);
    }
    const bool untilIdle = m_cl.has(QStringLiteral("until-idle"));
    EngineHostOptions hostOptions;
    hostOptions.engine = options;
    ORDO_TRY(host, EngineHost::create(m_ordo->database().path(), hostOptions));
    engine::Engine &engine = host->engine();
    QString failure;
    QObject::connect(&engine, &engine::Engine::events, &engine, [this](const QList<engine::EngineEvent> &batch) {
        if (m_json)
            return;
        for (const engine::EngineEvent &e : batch) {
            QString step = e.stepKey.isEmpty() ? QStringLiteral("-") : e.stepKey;
            if (e.stepKind == engine::StepKind::Compensation)
                step += QStringLiteral(" (compensation)");
            out() << QStringLiteral("%1  workflow %2  %3  %4").arg(timeText(e.at)).arg(e.workflowId).arg(step, e.message) << Qt::endl;
        }
    });
    QObject::connect(host.get(), &EngineHost::engineFailed, &engine, [&failure](const QString &message) {
        failure = message;
        QCoreApplication::exit(1);
    });
    if (untilIdle)
        QObject::connect(&engine, &engine::Engine::idle, &engine, [] { QCoreApplication::exit(0); });
    std::signal(SIGINT, [](int) { g_stopRequested = true; });
    std::signal(SIGTERM, [](int) { g_stopRequested = true; });
    QTimer stopCheck;
    QObject::connect(&stopCheck, &QTimer::timeout, &engine, [] {
        if (g_stopRequested)
            QCoreApplication::exit(0);
    });
    stopCheck.start(100);
    // The engine's host also delivers the outbox.
    host->start();
    const int code = QCoreApplication::exec();
    host->stop();
    if (code != 0)
        return Error::internal(Text::tr("the engine stopped: %1").arg(failure));
    return ok();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ordo"));
    QCoreApplication::setOrganizationName(QStringLiteral("ordo"));
    installTranslations({QStringLiteral("ordo_core"), QStringLiteral("ordoctl")});
    // Store warnings are for developers; the user gets the one-line error.
    QLoggingCategory::setFilterRules(QStringLiteral("ordo.*.warning=false\nordo.*.info=false"));

    auto parsed = parse(QCoreApplication::arguments());
    Status status = parsed ? Ordoctl(*parsed).run() : Status(parsed.error());
    out().flush();
    if (status)
        return 0;
    QTextStream(stderr) << "ordoctl: " << status.error().message << Qt::endl;
    return static_cast<int>(status.error().code);
}
