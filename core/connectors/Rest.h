#pragma once

#include "engine/Action.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QUrl>

namespace ordo::connectors {

// Where a REST service is and how to log in: HTTPS with the server's
// certificate verified, basic authentication with the password (or API
// token) from the keychain.
struct RestEndpoint
{
    QUrl url;
    QString user;
    QString passwordSecret;
    QString caFile;
    int timeoutMs = 30000;
    // The Authorization header, read from the keychain at the first exchange
    // of an action run and kept for its other exchanges; never stored.
    QByteArray authorization;
};

struct HttpResponse
{
    int status = 0;
    QByteArray body;
};

// One HTTP exchange with Qt Network, on the calling worker thread. Statuses
// and network errors come back classified: 401/403 authentication, 408/429/5xx
// and connection failures transient, other 4xx bad input, a TLS failure
// authentication, no answer in time a timeout. Cancellation aborts the request.
// `acceptedStatuses` come back as responses. Credentials go over https only
// and never follow a redirect to another origin. `endpoint` is the action
// run's own copy: it keeps the credentials for the run's next exchanges.
std::variant<HttpResponse, engine::ActionError> httpExchange(RestEndpoint &endpoint, const QByteArray &method, const QUrl &url,
                                                             const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers,
                                                             const engine::ActionContext &ctx, const QList<int> &acceptedStatuses = {});

// The "cmdb" and "tickets" connectors' settings, checked before they are stored.
Status checkServiceDeskSettings(const QString &connector, const QJsonObject &settings);

// The REST profiles of cmdb.register/remove (ServiceNow) and ticket.open/comment
// (ServiceNow or Jira), replacing the embedded store's actions when configured.
Status registerRestCmdb(engine::ActionRegistry &registry, const QJsonObject &settings);
Status registerRestTickets(engine::ActionRegistry &registry, const QJsonObject &settings);

// The "http" connector's settings: which keychain secrets http.request may
// send, and to which origins: {"credentials": [{"secret": NAME, "origins":
// ["https://host[:port]", ...]}, ...]}. Checked before they are stored.
Status checkHttpSettings(const QJsonObject &settings);

// http.request: the generic profile, a URL, a method and a JSON body template.
// A secret goes only to the origins the "http" settings allow it for.
void registerHttpRequestAction(engine::ActionRegistry &registry, const QJsonObject &settings = {});

} // namespace ordo::connectors
