// CMDB and ticketing over REST with Qt Network against a local HTTPS server
// that follows the ServiceNow Table API and Jira REST API contracts: records
// looked up by correlation before they are made, the faults (401, 403, 408,
// 429, 500, timeout, TLS, server down) in their error classes, and where
// http.request's credentials may and may not go.

#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "KeyringSession.h"
#include "TestServers.h"

#include "connectors/Connectors.h"
#include "connectors/HttpRequestAction.h"
#include "connectors/Rest.h"
#include "connectors/TicketSender.h"
#include "domain/TicketRequests.h"
#include "security/SecretStore.h"

#include <QJsonArray>
#include <QLoggingCategory>

#include <atomic>
#include <thread>

using namespace ordo;
using namespace ordo::engine;
using namespace ordo::test;

namespace {

const QString kUser = QStringLiteral("ordo.integration");
const QString kPassword = QStringLiteral("rest-pa55word");

} // namespace

class TestRest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KeyringSession> m_keyring;
    std::unique_ptr<TestCertificate> m_certificate;
    std::unique_ptr<RestServer> m_server;

    QJsonObject settings(const QString &profile) const
    {
        return {{QStringLiteral("profile"), profile},
                {QStringLiteral("url"), m_server->url()},
                {QStringLiteral("user"), kUser},
                {QStringLiteral("passwordSecret"), QStringLiteral("rest-password")},
                {QStringLiteral("caFile"), m_certificate->certFile()},
                {QStringLiteral("timeoutMs"), 5000}};
    }

    // The actions as the engine would get them, from the stored settings.
    static std::shared_ptr<ActionRegistry> configured(Ordo &ordo, const QString &connector, const QJsonObject &s)
    {
        connectors::ConnectorSettings connectorSettings(OrdoInternals::database(ordo), ordo.audit());
        ORDO_CHECK_FATAL(connectorSettings.set(connector, s, QStringLiteral("admin")));
        auto registry = connectors::buildActionRegistry(connectorSettings, OrdoInternals::database(ordo).path(), connectors::ConnectorUse::Run);
        if (!registry)
            qFatal("%s", qPrintable(registry.error().message));
        return *registry;
    }

    static ActionOutcome run(const ActionRegistry &registry, const char *action, const QJsonObject &inputs, const QString &key)
    {
        return runAction(registry, QString::fromLatin1(action), inputs, key);
    }

    static QJsonObject output(const ActionOutcome &outcome)
    {
        if (const auto *e = std::get_if<ActionError>(&outcome))
            qFatal("unexpected error: %s", qPrintable(e->message));
        return std::get<QJsonObject>(outcome);
    }

    QJsonObject table(const char *name) { return m_server->state().value(QStringLiteral("tables")).toObject().value(QLatin1String(name)).toObject(); }

    // The http connector's settings that let rest-password go to `origin` only.
    static QJsonObject credentialsFor(const QString &origin)
    {
        return {{QStringLiteral("credentials"), QJsonArray{QJsonObject{{QStringLiteral("secret"), QStringLiteral("rest-password")},
                                                                      {QStringLiteral("origins"), QJsonArray{origin}}}}}};
    }

    // An http.request of the server's /echo, with the test user's credentials.
    QJsonObject authenticatedEcho(const QString &server) const
    {
        return {{QStringLiteral("url"), QString(server + QStringLiteral("/echo"))},
                {QStringLiteral("user"), kUser},
                {QStringLiteral("passwordSecret"), QStringLiteral("rest-password")},
                {QStringLiteral("caFile"), m_certificate->certFile()}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_keyring = std::make_unique<KeyringSession>();
        m_certificate = std::make_unique<TestCertificate>();
        ORDO_VERIFY_OK(SecretStore().write(QStringLiteral("rest-password"), kPassword.toUtf8()));
        ORDO_VERIFY_OK(SecretStore().write(QStringLiteral("wrong-password"), "guess"));
    }

    void init()
    {
        m_server = std::make_unique<RestServer>(*m_certificate, kUser, kPassword);
        m_server->start();
    }

    void cleanup() { m_server.reset(); }

    void cleanupTestCase() { m_keyring.reset(); }

    void serviceNowCmdbHoldsOneRecordPerCorrelation()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto actions = configured(*ordo, QStringLiteral("cmdb"), settings(QStringLiteral("servicenow")));
        const QJsonObject vm{{QStringLiteral("name"), QStringLiteral("web-01")},
                             {QStringLiteral("ip"), QStringLiteral("192.168.121.7")},
                             {QStringLiteral("attributes"), QJsonObject{{QStringLiteral("cpu_count"), QStringLiteral("4")}}}};
        const QJsonObject first = output(run(*actions, "cmdb.register", vm, QStringLiteral("wf-1/register")));
        const QJsonObject again = output(run(*actions, "cmdb.register", vm, QStringLiteral("wf-1/register")));
        QVERIFY(first.value(QStringLiteral("created")).toBool());
        QVERIFY(!again.value(QStringLiteral("created")).toBool());
        QCOMPARE(again.value(QStringLiteral("ci")), first.value(QStringLiteral("ci")));

        const QJsonObject servers = table("cmdb_ci_linux_server");
        QCOMPARE(servers.size(), 1);
        const QJsonObject record = servers.value(first.value(QStringLiteral("ci")).toString()).toObject();
        QCOMPARE(record.value(QStringLiteral("name")).toString(), QStringLiteral("web-01"));
        QCOMPARE(record.value(QStringLiteral("ip_address")).toString(), QStringLiteral("192.168.121.7"));
        QCOMPARE(record.value(QStringLiteral("correlation_id")).toString(), QStringLiteral("wf-1/register"));
        QCOMPARE(record.value(QStringLiteral("cpu_count")).toString(), QStringLiteral("4"));

        const QJsonObject remove{{QStringLiteral("ci"), first.value(QStringLiteral("ci"))}};
        QVERIFY(output(run(*actions, "cmdb.remove", remove, QStringLiteral("wf-1/undo"))).value(QStringLiteral("removed")).toBool());
        QVERIFY(!output(run(*actions, "cmdb.remove", remove, QStringLiteral("wf-1/undo"))).value(QStringLiteral("removed")).toBool());
        QCOMPARE(table("cmdb_ci_linux_server").size(), 0);
    }

    void aRunAsksTheKeychainOnce()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto actions = configured(*ordo, QStringLiteral("cmdb"), settings(QStringLiteral("servicenow")));
        static std::atomic_int reads;
        reads = 0;
        QLoggingCategory::setFilterRules(QStringLiteral("ordo.secrets.debug=true"));
        const QtMessageHandler previous = qInstallMessageHandler([](QtMsgType, const QMessageLogContext &context, const QString &message) {
            if (qstrcmp(context.category, "ordo.secrets") == 0 && message.startsWith(QLatin1String("reading")))
                ++reads;
        });
        // Looked up first, then made: two authenticated exchanges in one run.
        const ActionOutcome registered = run(*actions, "cmdb.register", {{QStringLiteral("name"), QStringLiteral("db-02")}}, QStringLiteral("wf-9/register"));
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules({});
        QVERIFY(output(registered).value(QStringLiteral("created")).toBool());
        QCOMPARE(reads.load(), 1);
    }

    void serviceNowIncidentsAndComments()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto actions = configured(*ordo, QStringLiteral("tickets"), settings(QStringLiteral("servicenow")));
        const QJsonObject failure{{QStringLiteral("title"), QStringLiteral("clone of web-01 failed")},
                                  {QStringLiteral("description"), QStringLiteral("no capacity on host1")},
                                  {QStringLiteral("severity"), QStringLiteral("high")}};
        const QJsonObject opened = output(run(*actions, "ticket.open", failure, QStringLiteral("wf-2/ticket")));
        QVERIFY(output(run(*actions, "ticket.open", failure, QStringLiteral("wf-2/ticket"))).value(QStringLiteral("created")) == false);
        QVERIFY(opened.value(QStringLiteral("number")).toString().startsWith(QStringLiteral("INC")));
        const QJsonObject incidents = table("incident");
        QCOMPARE(incidents.size(), 1);
        const QJsonObject incident = incidents.value(opened.value(QStringLiteral("ticket")).toString()).toObject();
        QCOMPARE(incident.value(QStringLiteral("short_description")).toString(), QStringLiteral("clone of web-01 failed"));
        QCOMPARE(incident.value(QStringLiteral("urgency")).toString(), QStringLiteral("1"));

        const QJsonObject comment{{QStringLiteral("ticket"), opened.value(QStringLiteral("ticket"))}, {QStringLiteral("comment"), QStringLiteral("host1 drained, retrying")}};
        QVERIFY(output(run(*actions, "ticket.comment", comment, QStringLiteral("wf-2/comment"))).value(QStringLiteral("created")).toBool());
        QVERIFY(!output(run(*actions, "ticket.comment", comment, QStringLiteral("wf-2/comment"))).value(QStringLiteral("created")).toBool());
        const QJsonObject journal = table("sys_journal_field");
        QCOMPARE(journal.size(), 1);
        QVERIFY(journal.begin()->toObject().value(QStringLiteral("value")).toString().startsWith(QStringLiteral("host1 drained, retrying")));
    }

    void jiraIssuesAndComments()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        QJsonObject jira = settings(QStringLiteral("jira"));
        jira.insert(QStringLiteral("project"), QStringLiteral("OPS"));
        auto actions = configured(*ordo, QStringLiteral("tickets"), jira);
        const QJsonObject failure{{QStringLiteral("title"), QStringLiteral("updates failed on web-01")}};
        const QJsonObject opened = output(run(*actions, "ticket.open", failure, QStringLiteral("wf-3/ticket")));
        QCOMPARE(opened.value(QStringLiteral("ticket")).toString(), QStringLiteral("OPS-1"));
        QCOMPARE(output(run(*actions, "ticket.open", failure, QStringLiteral("wf-3/ticket"))).value(QStringLiteral("ticket")).toString(), QStringLiteral("OPS-1"));
        const QJsonObject comment{{QStringLiteral("ticket"), QStringLiteral("OPS-1")}, {QStringLiteral("comment"), QStringLiteral("mirror fixed")}};
        QVERIFY(output(run(*actions, "ticket.comment", comment, QStringLiteral("wf-3/comment"))).value(QStringLiteral("created")).toBool());
        QVERIFY(!output(run(*actions, "ticket.comment", comment, QStringLiteral("wf-3/comment"))).value(QStringLiteral("created")).toBool());
        const QJsonObject issues = m_server->state().value(QStringLiteral("issues")).toObject();
        QCOMPARE(issues.size(), 1);
        const QJsonObject issue = issues.value(QStringLiteral("OPS-1")).toObject();
        QCOMPARE(issue.value(QStringLiteral("fields")).toObject().value(QStringLiteral("summary")).toString(), QStringLiteral("updates failed on web-01"));
        QCOMPARE(issue.value(QStringLiteral("comments")).toArray().size(), 1);
    }

    // A failure's ticket and the support action after it, delivered by the
    // ticket sender to Jira: the issue key is the ticket, and a delivery
    // repeated after a lost answer makes no second issue.
    void failureTicketsGoToJira()
    {
        EngineHarness h;
        QJsonObject jira = settings(QStringLiteral("jira"));
        jira.insert(QStringLiteral("project"), QStringLiteral("OPS"));
        auto actions = configured(*h.ordo, QStringLiteral("tickets"), jira);
        h.startEngine();
        const qint64 id = h.start(QByteArrayLiteral(R"({"name": "failing", "version": 1, "steps": [
            {"id": "break", "action": "test.fail", "with": {"kind": "permanent"},
             "onError": {"policy": "pause", "notify": ["ops@provider.example"]}}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Paused);
        ORDO_VERIFY_OK(h.runtime->cancel(id, QStringLiteral("carol"), QStringLiteral("not needed after all")));
        h.stopEngine();

        const Clock clock;
        connectors::TicketDelivery delivery(OrdoInternals::database(*h.ordo), clock, *actions);
        auto delivered = delivery.deliverDue();
        ORDO_VERIFY_OK(delivered);
        QCOMPARE(delivered->done, 2); // the ticket, then its comment
        const QJsonObject issues = m_server->state().value(QStringLiteral("issues")).toObject();
        QCOMPARE(issues.size(), 1);
        const QJsonObject issue = issues.value(QStringLiteral("OPS-1")).toObject();
        QCOMPARE(issue.value(QStringLiteral("fields")).toObject().value(QStringLiteral("summary")).toString(),
                 QStringLiteral("Workflow failing #%1: step 'break' failed").arg(id));
        const QJsonArray comments = issue.value(QStringLiteral("comments")).toArray();
        QCOMPARE(comments.size(), 1);
        QVERIFY2(comments.first().toObject().value(QStringLiteral("body")).toString().contains(QStringLiteral("cancel by carol: not needed after all")),
                 qPrintable(comments.first().toObject().value(QStringLiteral("body")).toString()));
        auto requests = TicketRequests(OrdoInternals::database(*h.ordo), clock).entries(id);
        ORDO_VERIFY_OK(requests);
        QCOMPARE(requests->size(), 2);
        QCOMPARE(requests->at(0).ticket, QStringLiteral("OPS-1"));
        QCOMPARE(requests->at(1).ticket, QStringLiteral("OPS-1"));

        // As if both answers had been lost: delivered again, Jira finds what it made.
        ORDO_VERIFY_OK(OrdoInternals::database(*h.ordo).write([&]() -> Status {
            ORDO_CHECK(OrdoInternals::database(*h.ordo).exec(QStringLiteral("UPDATE ticket_requests SET state = 'queued'")));
            return ok();
        }));
        delivered = delivery.deliverDue();
        ORDO_VERIFY_OK(delivered);
        QCOMPARE(delivered->done, 2);
        QCOMPARE(m_server->state().value(QStringLiteral("issues")).toObject().size(), 1);
        QCOMPARE(m_server->state().value(QStringLiteral("issues")).toObject().value(QStringLiteral("OPS-1")).toObject()
                     .value(QStringLiteral("comments")).toArray().size(), 1);
    }

    void httpRequestIsTheGenericProfile()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        // As configured with `ordoctl connectors set http`: this secret may go to the test server only.
        auto actions = configured(*ordo, QStringLiteral("http"),
                                  {{QStringLiteral("credentials"),
                                    QJsonArray{QJsonObject{{QStringLiteral("secret"), QStringLiteral("rest-password")},
                                                           {QStringLiteral("origins"), QJsonArray{m_server->url()}}}}}});
        const QJsonObject request{{QStringLiteral("url"), QString(m_server->url() + QStringLiteral("/echo"))},
                                  {QStringLiteral("method"), QStringLiteral("post")},
                                  {QStringLiteral("body"), QJsonObject{{QStringLiteral("vm"), QStringLiteral("web-01")}}},
                                  {QStringLiteral("user"), kUser},
                                  {QStringLiteral("passwordSecret"), QStringLiteral("rest-password")},
                                  {QStringLiteral("caFile"), m_certificate->certFile()}};
        const QJsonObject out = output(run(*actions, "http.request", request, QStringLiteral("wf-4/call")));
        QCOMPARE(out.value(QStringLiteral("status")).toInt(), 200);
        const QJsonObject echoed = out.value(QStringLiteral("json")).toObject();
        QCOMPARE(echoed.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(echoed.value(QStringLiteral("body")).toObject().value(QStringLiteral("vm")).toString(), QStringLiteral("web-01"));
        // An answer too large to be a service's is refused, not held in memory.
        QJsonObject huge = request;
        huge.insert(QStringLiteral("url"), QString(m_server->url() + QStringLiteral("/big?mb=64")));
        huge.insert(QStringLiteral("method"), QStringLiteral("GET"));
        huge.remove(QStringLiteral("body"));
        const ActionOutcome tooLarge = run(*actions, "http.request", huge, QStringLiteral("wf-4/big"));
        QVERIFY(std::holds_alternative<ActionError>(tooLarge));
        QCOMPARE(std::get<ActionError>(tooLarge).kind, ErrorKind::Permanent);
        QVERIFY2(std::get<ActionError>(tooLarge).message.contains(QStringLiteral("larger than 8 MiB")), qPrintable(std::get<ActionError>(tooLarge).message));
        huge.insert(QStringLiteral("url"), QString(m_server->url() + QStringLiteral("/big?mb=1")));
        QCOMPARE(output(run(*actions, "http.request", huge, QStringLiteral("wf-4/small"))).value(QStringLiteral("status")).toInt(), 200);
        QJsonObject badMethod = request;
        badMethod.insert(QStringLiteral("method"), QStringLiteral("BREW"));
        QCOMPARE(std::get<ActionError>(run(*actions, "http.request", badMethod, QStringLiteral("wf-4/c2"))).kind, ErrorKind::BadInput);

        // A secret goes nowhere it was not allowed to: not to another origin, and
        // not at all without the http settings. Nothing reaches the server.
        const qsizetype served = m_server->requests().size();
        QJsonObject elsewhere = request;
        elsewhere.insert(QStringLiteral("url"), QString(m_server->url().replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost")) + QStringLiteral("/echo")));
        const ActionOutcome refused = run(*actions, "http.request", elsewhere, QStringLiteral("wf-4/c3"));
        QCOMPARE(std::get<ActionError>(refused).kind, ErrorKind::BadInput);
        QVERIFY2(std::get<ActionError>(refused).message.contains(QStringLiteral("'rest-password' may not be sent to https://localhost:")),
                 qPrintable(std::get<ActionError>(refused).message));
        for (const QString &header : {QStringLiteral("Host"), QStringLiteral("authorization"), QStringLiteral("Proxy-Authorization")}) {
            QJsonObject rerouted = request;
            rerouted.insert(QStringLiteral("headers"), QJsonObject{{header, QStringLiteral("elsewhere.example")}});
            QCOMPARE(std::get<ActionError>(run(*actions, "http.request", rerouted, QStringLiteral("wf-4/c5"))).kind, ErrorKind::BadInput);
        }
        ActionRegistry unconfigured;
        connectors::registerHttpRequestAction(unconfigured);
        QCOMPARE(std::get<ActionError>(run(unconfigured, "http.request", request, QStringLiteral("wf-4/c4"))).kind, ErrorKind::BadInput);
        QCOMPARE(m_server->requests().size(), served);
    }

    // A redirect within the origin is followed; one to another origin is not,
    // and the other origin sees neither the credentials nor any request.
    void noRedirectTakesCredentialsToAnotherOrigin()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        RestServer other(*m_certificate, kUser, kPassword);
        other.start();
        auto actions = configured(*ordo, QStringLiteral("http"), credentialsFor(m_server->url()));
        const QJsonObject request = authenticatedEcho(m_server->url());

        m_server->injectFaults({QJsonObject{{QStringLiteral("location"), QString(m_server->url() + QStringLiteral("/echo"))}}});
        const QJsonObject followed = output(run(*actions, "http.request", request, QStringLiteral("wf-6/same")));
        QCOMPARE(followed.value(QStringLiteral("status")).toInt(), 200); // /echo answers only with the credentials
        QCOMPARE(followed.value(QStringLiteral("json")).toObject().value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QVERIFY(m_server->requests().size() >= 2); // the redirect, then /echo

        m_server->injectFaults({QJsonObject{{QStringLiteral("location"), QString(other.url() + QStringLiteral("/echo"))}}});
        const ActionOutcome redirected = run(*actions, "http.request", request, QStringLiteral("wf-6/other"));
        const QJsonArray reachedOther = other.requests();
        for (const QJsonValue &got : reachedOther)
            QVERIFY2(!got.toObject().value(QStringLiteral("headers")).toObject().contains(QStringLiteral("Authorization")), "credentials went to another origin");
        QCOMPARE(reachedOther.size(), 0);
        ORDO_VERIFY_ACTION_ERROR(redirected, ErrorKind::BadInput, QStringLiteral("redirected to %1/echo, another origin").arg(other.url()));
    }

    // A worker thread keeps its connection to a server open for its next
    // exchanges, of the same action run and of the next ones: no new TCP
    // connection and TLS handshake each time.
    void exchangesOfAThreadShareOneConnection()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto cmdb = configured(*ordo, QStringLiteral("cmdb"), settings(QStringLiteral("servicenow")));
        auto http = configured(*ordo, QStringLiteral("http"), credentialsFor(m_server->url()));
        // Looked up, then made: two exchanges in one run.
        output(run(*cmdb, "cmdb.register", {{QStringLiteral("name"), QStringLiteral("web-03")}}, QStringLiteral("wf-8/register")));
        output(run(*http, "http.request", authenticatedEcho(m_server->url()), QStringLiteral("wf-8/call")));
        output(run(*http, "http.request", authenticatedEcho(m_server->url()), QStringLiteral("wf-8/again")));

        const QJsonArray requests = m_server->requests();
        QCOMPARE(requests.size(), 4);
        QVERIFY(requests.first().toObject().value(QStringLiteral("connection")).toInt() > 0);
        for (const QJsonValue &request : requests)
            QCOMPARE(request.toObject().value(QStringLiteral("connection")), requests.first().toObject().value(QStringLiteral("connection")));
    }

    // Stopping a step stops its exchange: the server's late answer is not waited for.
    void cancellingAbortsTheExchange()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto http = configured(*ordo, QStringLiteral("http"), credentialsFor(m_server->url()));
        m_server->injectFaults({QJsonObject{{QStringLiteral("delayMs"), 20000}}});
        auto cancel = std::make_shared<std::atomic_bool>(false);
        std::atomic_bool done = false;
        ActionOutcome outcome;
        std::thread worker([&] {
            outcome = runAction(*http, QStringLiteral("http.request"), authenticatedEcho(m_server->url()), QStringLiteral("wf-10/call"), cancel);
            done = true;
        });
        QTRY_COMPARE(m_server->requests().size(), 1);
        *cancel = true;
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
        worker.join();
        ORDO_VERIFY_ACTION_ERROR(outcome, ErrorKind::Cancelled, QStringLiteral("cancelled"));
    }

    // The same key on every attempt of a step, so that a service that honours
    // it makes a repeated attempt harmless.
    void theIdempotencyKeyArrivesWithEveryAttempt()
    {
        EngineHarness h;
        connectors::registerHttpRequestAction(*h.actions, credentialsFor(m_server->url()));
        m_server->injectFaults({QJsonObject{{QStringLiteral("status"), 503}}});
        h.startEngine();
        QJsonObject with = authenticatedEcho(m_server->url());
        with.insert(QStringLiteral("method"), QStringLiteral("POST"));
        const QJsonObject step{{QStringLiteral("id"), QStringLiteral("call")},
                               {QStringLiteral("action"), QStringLiteral("http.request")},
                               {QStringLiteral("with"), with},
                               {QStringLiteral("retry"), QJsonObject{{QStringLiteral("maxAttempts"), 3}, {QStringLiteral("initialIntervalMs"), 50}}}};
        const qint64 id = h.start(QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("call")},
                                                            {QStringLiteral("version"), 1},
                                                            {QStringLiteral("steps"), QJsonArray{step}}})
                                      .toJson());
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 30000);

        const QJsonArray requests = m_server->requests();
        QCOMPARE(requests.size(), 2); // the 503, then the attempt that went through
        const QString first = requests.at(0).toObject().value(QStringLiteral("headers")).toObject().value(QStringLiteral("Idempotency-Key")).toString();
        const QString second = requests.at(1).toObject().value(QStringLiteral("headers")).toObject().value(QStringLiteral("Idempotency-Key")).toString();
        QVERIFY(!first.isEmpty());
        QCOMPARE(second, first);
    }

    // Not even to a host and port the secret is allowed for, when the scheme is http.
    void credentialsAreNeverSentOverPlainHttp()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        RestServer plain(*m_certificate, kUser, kPassword);
        plain.start({.plainHttp = true});
        QVERIFY(plain.url().startsWith(QStringLiteral("http://")));
        auto actions = configured(*ordo, QStringLiteral("http"), credentialsFor(QString(plain.url()).replace(QStringLiteral("http://"), QStringLiteral("https://"))));
        QJsonObject request = authenticatedEcho(plain.url());
        request.remove(QStringLiteral("caFile"));

        const ActionOutcome refused = run(*actions, "http.request", request, QStringLiteral("wf-7/call"));
        QCOMPARE(plain.requests().size(), 0);
        ORDO_VERIFY_ACTION_ERROR(refused, ErrorKind::BadInput, plain.url());

        // The server is there: the same request without credentials reaches it, and it asks for them.
        request.remove(QStringLiteral("user"));
        request.remove(QStringLiteral("passwordSecret"));
        const ActionOutcome asked = run(*actions, "http.request", request, QStringLiteral("wf-7/call"));
        ORDO_VERIFY_ACTION_ERROR(asked, ErrorKind::Authentication, QStringLiteral("HTTP 401"));
        const QJsonArray reached = plain.requests();
        QCOMPARE(reached.size(), 1);
        QVERIFY(!reached.first().toObject().value(QStringLiteral("headers")).toObject().contains(QStringLiteral("Authorization")));
    }

    void faultsEndInTheirClass_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("HTTP 401") << QStringLiteral("wrong password") << int(ErrorKind::Authentication) << QStringLiteral("HTTP 401");
        QTest::newRow("HTTP 403") << QStringLiteral("403") << int(ErrorKind::Authentication) << QStringLiteral("HTTP 403");
        QTest::newRow("HTTP 408") << QStringLiteral("408") << int(ErrorKind::Transient) << QStringLiteral("HTTP 408");
        QTest::newRow("HTTP 429") << QStringLiteral("429") << int(ErrorKind::Transient) << QStringLiteral("HTTP 429");
        QTest::newRow("HTTP 409, another 4xx") << QStringLiteral("409") << int(ErrorKind::BadInput) << QStringLiteral("HTTP 409");
        QTest::newRow("HTTP 500") << QStringLiteral("500") << int(ErrorKind::Transient) << QStringLiteral("HTTP 500");
        QTest::newRow("timeout") << QStringLiteral("slow") << int(ErrorKind::Timeout) << QStringLiteral("no answer within 1000 ms");
        QTest::newRow("untrusted certificate") << QStringLiteral("no CA") << int(ErrorKind::Authentication) << QStringLiteral("TLS certificate");
        QTest::newRow("server down") << QStringLiteral("down") << int(ErrorKind::Transient) << QStringLiteral("refused");
    }

    void faultsEndInTheirClass()
    {
        QFETCH(QString, fault);
        QFETCH(int, kind);
        QFETCH(QString, message);
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        QJsonObject s = settings(QStringLiteral("servicenow"));
        if (fault == QLatin1String("wrong password"))
            s.insert(QStringLiteral("passwordSecret"), QStringLiteral("wrong-password"));
        else if (const int status = fault.toInt())
            m_server->injectFaults({QJsonObject{{QStringLiteral("status"), status}}});
        else if (fault == QLatin1String("slow")) {
            m_server->injectFaults({QJsonObject{{QStringLiteral("delayMs"), 3000}}});
            s.insert(QStringLiteral("timeoutMs"), 1000);
        }
        else if (fault == QLatin1String("no CA"))
            s.remove(QStringLiteral("caFile"));
        auto actions = configured(*ordo, QStringLiteral("cmdb"), s);
        if (fault == QLatin1String("down"))
            m_server->stop();
        const QJsonObject vm{{QStringLiteral("name"), QStringLiteral("web-01")}, {QStringLiteral("ip"), QStringLiteral("10.0.0.1")}};
        const ActionOutcome outcome = run(*actions, "cmdb.register", vm, QStringLiteral("wf-5/register"));
        ORDO_VERIFY_ACTION_ERROR(outcome, ErrorKind(kind), message);
        QVERIFY(!std::get<ActionError>(outcome).message.contains(kPassword));
        if (fault != QLatin1String("down"))
            QCOMPARE(table("cmdb_ci_linux_server").size(), 0);
    }

    void theEngineRetriesThroughServerErrors()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(connectors::registerRestCmdb(*h.actions, settings(QStringLiteral("servicenow"))));
        m_server->injectFaults({QJsonObject{{QStringLiteral("status"), 503}}, QJsonObject{{QStringLiteral("status"), 500}}});
        h.startEngine();
        const qint64 id = h.start(R"({"name": "register", "version": 1, "steps": [
            {"id": "register", "action": "cmdb.register", "with": {"name": "web-09", "ip": "10.0.0.9"},
             "retry": {"maxAttempts": 4, "initialIntervalMs": 50}}]})");
        QTRY_COMPARE_WITH_TIMEOUT(h.state(id), WorkflowState::Succeeded, 30000);
        QCOMPARE(table("cmdb_ci_linux_server").size(), 1);
        auto step = h.runtime->steps(id);
        QVERIFY(step);
        QCOMPARE(step->first().attempt, 3);
    }

    void settingsAreCheckedBeforeTheyAreStored_data()
    {
        // Plain literals: moc takes the // of a URL in a raw string for a comment.
        QTest::addColumn<QString>("connector");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("jira has no CMDB") << QStringLiteral("cmdb") << QByteArray("{\"profile\": \"jira\"}") << QStringLiteral("'profile' is servicenow");
        QTest::newRow("plain http") << QStringLiteral("cmdb")
                                    << QByteArray("{\"profile\": \"servicenow\", \"url\": \"http://x.example\", \"user\": \"u\", \"passwordSecret\": \"p\"}")
                                    << QStringLiteral("https://");
        QTest::newRow("no secret") << QStringLiteral("tickets") << QByteArray("{\"profile\": \"servicenow\", \"url\": \"https://x.example\", \"user\": \"u\"}")
                                   << QStringLiteral("'passwordSecret'");
        QTest::newRow("jira without project") << QStringLiteral("tickets")
                                              << QByteArray("{\"profile\": \"jira\", \"url\": \"https://x.example\", \"user\": \"u\", \"passwordSecret\": \"p\"}")
                                              << QStringLiteral("'project'");
        QTest::newRow("unknown") << QStringLiteral("cmdb")
                                 << QByteArray("{\"profile\": \"servicenow\", \"url\": \"https://x.example\", \"user\": \"u\", \"passwordSecret\": \"p\", \"token\": \"x\"}")
                                 << QStringLiteral("'token'");
        QTest::newRow("http origin with a path") << QStringLiteral("http")
                                                 << QByteArray("{\"credentials\": [{\"secret\": \"s\", \"origins\": [\"https://x.example/api\"]}]}")
                                                 << QStringLiteral("not an https origin");
        QTest::newRow("http origin over http") << QStringLiteral("http")
                                               << QByteArray("{\"credentials\": [{\"secret\": \"s\", \"origins\": [\"http://x.example\"]}]}")
                                               << QStringLiteral("not an https origin");
        QTest::newRow("http secret without origins") << QStringLiteral("http") << QByteArray("{\"credentials\": [{\"secret\": \"s\"}]}")
                                                     << QStringLiteral("credentials[0]");
        QTest::newRow("http unknown") << QStringLiteral("http") << QByteArray("{\"secrets\": []}") << QStringLiteral("'secrets'");
    }

    void settingsAreCheckedBeforeTheyAreStored()
    {
        QFETCH(QString, connector);
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        connectors::ConnectorSettings connectorSettings(OrdoInternals::database(*ordo), ordo->audit());
        const Status stored = connectorSettings.set(connector, QJsonDocument::fromJson(json).object(), QStringLiteral("admin"));
        QVERIFY(!stored);
        QCOMPARE(stored.error().code, ErrorCode::BadInput);
        QVERIFY2(stored.error().message.contains(expected), qPrintable(stored.error().message));
        QVERIFY(!connectorSettings.get(connector)->has_value());
    }
};

QTEST_GUILESS_MAIN(TestRest)
#include "tst_rest.moc"
