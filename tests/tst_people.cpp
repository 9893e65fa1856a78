// People managed by their tenant's admin with `ordoctl users add|disable`:
// on both databases a new person logs in and a disabled one no longer does;
// on a shared one each person also gets a login role of their own, and
// disabling them ends the sessions they have open.

#include "PsqlAs.h"
#include "SharedDemo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace ordo;
using namespace ordo::test;

namespace {

// ordoctl refused with this exit code and said so on one line.
QString refusalProblem(const CommandResult &r, int exitCode, const QString &messagePart)
{
    if (r.exitCode != exitCode)
        return QStringLiteral("exit code %1, expected %2; stderr: %3").arg(r.exitCode).arg(exitCode).arg(r.err);
    if (!r.err.contains(messagePart))
        return QStringLiteral("the error does not say '%1': %2").arg(messagePart, r.err);
    return {};
}

#define VERIFY_REFUSED(result, exitCode, messagePart)                                              \
    do {                                                                                           \
        const QString refusal_ = refusalProblem((result), (exitCode), (messagePart));              \
        QVERIFY2(refusal_.isEmpty(), qPrintable(refusal_));                                        \
    } while (false)

const QString kCarlsPassword = QStringLiteral("carl's own");

} // namespace

class TestPeople : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ORDO_REQUIRE_BACKEND();
        if (TestEnvironment::isPostgres()) {
            m_demo = makeSharedDemo(m_env, QStringLiteral("ppl_"));
            m_db = m_demo.ownerUrl; // as the administrator runs ordoctl on a shared database
        } else {
            m_db = m_env.databasePath();
            const CommandResult init = ordoctl(m_db, {}, {QStringLiteral("init"), QStringLiteral("--demo")});
            QCOMPARE(init.exitCode, 0);
        }
        qputenv("ORDO_NEW_PASSWORD", kCarlsPassword.toUtf8());
    }

    void anAdminAddsAPersonWhoLogsIn()
    {
        const CommandResult added = admin({QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("carl"), QStringLiteral("--role"),
                                           QStringLiteral("customer"), QStringLiteral("--role"), QStringLiteral("approver"),
                                           QStringLiteral("--group"), QStringLiteral("acme-approvers"), QStringLiteral("--email"),
                                           QStringLiteral("carl@acme.example"), QStringLiteral("--display-name"), QStringLiteral("Carl Customer")});
        QVERIFY2(added.exitCode == 0, qPrintable(added.err));
        QVERIFY(added.out.contains(QStringLiteral("carl added to acme")));
        const CommandResult profile = ordoctl(m_db, QStringLiteral("carl"), {QStringLiteral("--json"), QStringLiteral("profile"), QStringLiteral("show")},
                                              kCarlsPassword);
        QVERIFY2(profile.exitCode == 0, qPrintable(profile.err));
        const QJsonObject shown = QJsonDocument::fromJson(profile.out.toUtf8()).object();
        QCOMPARE(shown.value(QStringLiteral("displayName")).toString(), QStringLiteral("Carl Customer"));
        QCOMPARE(shown.value(QStringLiteral("email")).toString(), QStringLiteral("carl@acme.example"));
        // The trail names the admin who added carl, and the roles.
        const CommandResult trail = admin({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")});
        QVERIFY2(trail.exitCode == 0, qPrintable(trail.err));
        bool found = false;
        for (const QJsonValue &entry : QJsonDocument::fromJson(trail.out.toUtf8()).array()) {
            const QJsonObject e = entry.toObject();
            if (e.value(QStringLiteral("action")).toString() == QLatin1String("add") && e.value(QStringLiteral("entityId")).toString() == QLatin1String("carl"))
                found = e.value(QStringLiteral("actor")).toString() == QLatin1String("admin");
        }
        QVERIFY2(found, qPrintable(trail.out));
    }

    void addingSaysWhatIsWrong()
    {
        const auto add = [&](const QString &user, const QStringList &args) {
            return ordoctl(m_db, user, QStringList{QStringLiteral("users"), QStringLiteral("add")} + args);
        };
        VERIFY_REFUSED(add(QStringLiteral("bob"), {QStringLiteral("cora"), QStringLiteral("--role"), QStringLiteral("customer")}), 3,
                       QStringLiteral("only an admin of acme adds people"));
        VERIFY_REFUSED(add(QStringLiteral("admin"), {QStringLiteral("cora"), QStringLiteral("--role"), QStringLiteral("wizard")}), 2,
                       QStringLiteral("--role 'wizard'"));
        VERIFY_REFUSED(add(QStringLiteral("admin"), {QStringLiteral("cora")}), 2, QStringLiteral("give at least one role"));
        VERIFY_REFUSED(add(QStringLiteral("admin"), {QStringLiteral("cora"), QStringLiteral("--role"), QStringLiteral("customer"),
                                                     QStringLiteral("--group"), QStringLiteral("acme-approvers")}),
                       2, QStringLiteral("approver groups go with the approver role"));
        VERIFY_REFUSED(add(QStringLiteral("admin"), {QStringLiteral("Cora"), QStringLiteral("--role"), QStringLiteral("customer")}), 2,
                       QStringLiteral("user 'Cora': a user name is"));
        VERIFY_REFUSED(add(QStringLiteral("admin"), {QStringLiteral("bob"), QStringLiteral("--role"), QStringLiteral("customer")}), 5,
                       QStringLiteral("user 'bob' exists already"));
    }

    // A login role that cannot be made (the server has a role of that name that is not
    // theirs) takes the whole addition back: no person without their login.
    void aFailedLoginLeavesNoPerson()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("people's login roles exist on a shared database only");
        const QString foreign = m_demo.role(QStringLiteral("cora"));
        auto db = Database::open(m_demo.url);
        ORDO_CHECK_FATAL(db);
        ORDO_CHECK_FATAL((*db)->exec(QStringLiteral("CREATE ROLE %1 LOGIN").arg(foreign)));
        VERIFY_REFUSED(admin({QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("cora"), QStringLiteral("--role"), QStringLiteral("customer")}),
                       5, QStringLiteral("not this database's login"));
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("cora"), {QStringLiteral("profile"), QStringLiteral("show")}, kCarlsPassword), 3,
                       QStringLiteral("unknown user or wrong password"));
        ORDO_CHECK_FATAL((*db)->exec(QStringLiteral("DROP ROLE %1").arg(foreign)));
    }

    // The people's group and the engines have roles of their own names: no person takes them over.
    // On an embedded database too, which may be shared later.
    void theSharedRolesNamesAreNobodysLogin()
    {
        for (const QString &name : {QStringLiteral("engine"), QStringLiteral("person")}) {
            VERIFY_REFUSED(admin({QStringLiteral("users"), QStringLiteral("add"), name, QStringLiteral("--role"), QStringLiteral("approver")}), 2,
                           QStringLiteral("user '%1': the name is kept for the roles of a shared database").arg(name));
            VERIFY_REFUSED(ordoctl(m_db, name, {QStringLiteral("profile"), QStringLiteral("show")}, kCarlsPassword), 3,
                           QStringLiteral("unknown user or wrong password"));
        }
    }

    void disablingIsForTheTenantsAdmins()
    {
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("bob"), {QStringLiteral("users"), QStringLiteral("disable"), QStringLiteral("alice")}), 3,
                       QStringLiteral("only admins disable people"));
        VERIFY_REFUSED(admin({QStringLiteral("users"), QStringLiteral("disable"), QStringLiteral("admin")}), 2,
                       QStringLiteral("you cannot disable yourself"));
        // Another tenant's person looks exactly like nobody.
        VERIFY_REFUSED(admin({QStringLiteral("users"), QStringLiteral("disable"), QStringLiteral("dave")}), 4,
                       QStringLiteral("no user 'dave' in tenant acme"));
        VERIFY_REFUSED(admin({QStringLiteral("users"), QStringLiteral("disable"), QStringLiteral("nobody")}), 4,
                       QStringLiteral("no user 'nobody' in tenant acme"));
    }

    // On a shared database carl logs in to PostgreSQL with his own role and password.
    void aSharedDatabaseGivesThePersonALogin()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("people's login roles exist on a shared database only");
        const PsqlOutcome who = psqlAs(m_demo.url, m_demo.role(QStringLiteral("carl")), kCarlsPassword, {QStringLiteral("SELECT session_user")});
        QVERIFY2(who.exitCode == 0, qPrintable(who.errorText));
        QCOMPARE(who.rows, QStringList{m_demo.role(QStringLiteral("carl"))});
        // As an approver of acme, carl reads acme's orders and no other tenant's.
        const PsqlOutcome orders = psqlAs(m_demo.url, m_demo.role(QStringLiteral("carl")), kCarlsPassword,
                                          {QStringLiteral("SELECT id FROM ordo.orders ORDER BY id")});
        QCOMPARE(orders.rows, QStringList{QString::number(m_demo.acmeOrder)});
    }

    // An admin gives carl a new password, carl gives himself his own again; it is
    // his console sign-in and, on a shared database, his login role's.
    void aPersonGetsANewPassword()
    {
        const auto setPassword = [&](const QString &actor, const QString &actorPassword, const QString &user, const QString &newPassword) {
            qputenv("ORDO_NEW_PASSWORD", newPassword.toUtf8());
            const CommandResult result = ordoctl(m_db, actor, {QStringLiteral("users"), QStringLiteral("password"), user}, actorPassword);
            qputenv("ORDO_NEW_PASSWORD", kCarlsPassword.toUtf8());
            return result;
        };
        const QString second = QStringLiteral("carl's second");
        VERIFY_REFUSED(setPassword(QStringLiteral("bob"), QStringLiteral("demo"), QStringLiteral("alice"), second), 3,
                       QStringLiteral("only admins set other people's passwords"));
        VERIFY_REFUSED(setPassword(QStringLiteral("admin"), QStringLiteral("demo"), QStringLiteral("dave"), second), 4,
                       QStringLiteral("no user 'dave' in tenant acme"));
        std::optional<QSqlDatabase> live;
        if (TestEnvironment::isPostgres())
            live = openAs(QStringLiteral("carl"), kCarlsPassword, QStringLiteral("-reset"));
        const CommandResult set = setPassword(QStringLiteral("admin"), QStringLiteral("demo"), QStringLiteral("carl"), second);
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        // Whoever was logged in as carl, as after a stolen password, is no more.
        if (live)
            QVERIFY(!QSqlQuery(*live).exec(QStringLiteral("SELECT 1")));
        const auto signsIn = [&](const QString &password) {
            return ordoctl(m_db, QStringLiteral("carl"), {QStringLiteral("profile"), QStringLiteral("show")}, password).exitCode == 0;
        };
        const auto logsIn = [&](const QString &password) {
            return !TestEnvironment::isPostgres()
                || psqlAs(m_demo.url, m_demo.role(QStringLiteral("carl")), password, {QStringLiteral("SELECT 1")}).exitCode == 0;
        };
        QVERIFY(signsIn(second));
        QVERIFY(!signsIn(kCarlsPassword));
        QVERIFY(logsIn(second));
        if (TestEnvironment::isPostgres())
            QVERIFY(!logsIn(kCarlsPassword));
        const CommandResult own = setPassword(QStringLiteral("carl"), second, QStringLiteral("carl"), kCarlsPassword);
        QVERIFY2(own.exitCode == 0, qPrintable(own.err));
        QVERIFY(signsIn(kCarlsPassword));
        QVERIFY(logsIn(kCarlsPassword));
        const CommandResult trail = admin({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")});
        QStringList setters;
        for (const QJsonValue &entry : QJsonDocument::fromJson(trail.out.toUtf8()).array()) {
            const QJsonObject e = entry.toObject();
            if (e.value(QStringLiteral("action")).toString() == QLatin1String("set-password"))
                setters.append(e.value(QStringLiteral("actor")).toString());
        }
        QCOMPARE(setters, (QStringList{QStringLiteral("admin"), QStringLiteral("carl")}));
    }

    void aDisabledPersonNoLongerLogsIn()
    {
        std::optional<QSqlDatabase> live;
        if (TestEnvironment::isPostgres())
            live = openAs(QStringLiteral("carl"), kCarlsPassword);
        const CommandResult disabled = admin({QStringLiteral("users"), QStringLiteral("disable"), QStringLiteral("carl")});
        QVERIFY2(disabled.exitCode == 0, qPrintable(disabled.err));
        QVERIFY(disabled.out.contains(QStringLiteral("carl is disabled")));
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("carl"), {QStringLiteral("profile"), QStringLiteral("show")}, kCarlsPassword), 3,
                       QStringLiteral("user 'carl' is disabled"));
        // Disabling twice changes nothing more: one entry in the trail.
        QCOMPARE(admin({QStringLiteral("users"), QStringLiteral("disable"), QStringLiteral("carl")}).exitCode, 0);
        const CommandResult trail = admin({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")});
        int disables = 0;
        for (const QJsonValue &entry : QJsonDocument::fromJson(trail.out.toUtf8()).array())
            disables += entry.toObject().value(QStringLiteral("action")).toString() == QLatin1String("disable");
        QCOMPARE(disables, 1);
        if (!live)
            return;
        // The session carl had open is over, and a new one is refused.
        QSqlQuery query(*live);
        QVERIFY(!query.exec(QStringLiteral("SELECT 1")));
        const PsqlOutcome again = psqlAs(m_demo.url, m_demo.role(QStringLiteral("carl")), kCarlsPassword, {QStringLiteral("SELECT 1")});
        QVERIFY(again.exitCode != 0);
        QVERIFY2(again.errorText.contains(QLatin1String("not permitted to log in")), qPrintable(again.errorText));
        // Everyone else still logs in.
        QCOMPARE(psqlAs(m_demo.url, m_demo.role(QStringLiteral("alice")), QStringLiteral("demo"), {QStringLiteral("SELECT 1")}).rows,
                 QStringList{QStringLiteral("1")});
        // Giving logins again (init --shared --demo once more) gives carl none.
        auto db = Database::open(m_demo.ownerUrl);
        ORDO_CHECK_FATAL(db);
        ORDO_VERIFY_ERROR(shared::setPersonLogin(**db, m_demo.prefix, QStringLiteral("carl"), kCarlsPassword), ErrorCode::Conflict);
        ORDO_CHECK_FATAL(shared::setEveryonesLogin(**db, m_demo.prefix, QStringLiteral("demo")));
        QVERIFY(psqlAs(m_demo.url, m_demo.role(QStringLiteral("carl")), QStringLiteral("demo"), {QStringLiteral("SELECT 1")}).exitCode != 0);
    }

    // An admin disabled while signed in acts no more: their session was opened before.
    void aDisabledAdminActsNoMore()
    {
        auto opened = Ordo::open(m_db);
        ORDO_CHECK_FATAL(opened);
        Ordo &ordo = **opened;
        Accounts::NewPerson second{QStringLiteral("ada"), QStringLiteral("Ada Admin"), QStringLiteral("ada@acme.example"),
                                   QStringLiteral("ada's own"), {Role::Admin}, {}};
        const Session admin = sessionFor(ordo, QStringLiteral("admin"));
        ORDO_CHECK_FATAL(ordo.accounts().addPerson(admin, second));
        const Session ada = sessionFor(ordo, QStringLiteral("ada"));
        ORDO_CHECK_FATAL(ordo.accounts().disable(admin, QStringLiteral("ada")));
        ORDO_VERIFY_ERROR(ordo.accounts().disable(ada, QStringLiteral("admin")), ErrorCode::NotPermitted);
        Accounts::NewPerson third{QStringLiteral("abe"), {}, {}, QStringLiteral("abe's own"), {Role::Customer}, {}};
        ORDO_VERIFY_ERROR(ordo.accounts().addPerson(ada, third), ErrorCode::NotPermitted);
        QVERIFY(!OrdoInternals::store(ordo).userByName(QStringLiteral("admin"))->disabled);
    }

private:
    CommandResult admin(const QStringList &args) { return ordoctl(m_db, QStringLiteral("admin"), args); }

    QSqlDatabase openAs(const QString &person, const QString &password, const QString &connection = {})
    {
        const QUrl url(m_demo.url);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("live-") + person + connection);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setDatabaseName(url.path().mid(1));
        db.setUserName(m_demo.role(person));
        db.setPassword(password);
        if (!db.open())
            qFatal("%s", qPrintable(db.lastError().text()));
        return db;
    }

    TestEnvironment m_env;
    SharedDemo m_demo;
    QString m_db;
};

QTEST_GUILESS_MAIN(TestPeople)
#include "tst_people.moc"
