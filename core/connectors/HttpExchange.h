#pragma once

#include "engine/Action.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>
#include <variant>

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

// One HTTP exchange with libcurl, on the calling worker thread and without an
// event loop. Each thread keeps one curl handle for all its exchanges, so
// connections and TLS sessions to a server are reused. Statuses and network
// errors come back classified: 401/403 authentication, 408/429/5xx and
// connection failures transient, other 4xx bad input, a TLS failure
// authentication, no answer in time a timeout. Cancellation aborts the request.
// `acceptedStatuses` come back as responses. Credentials go over https only
// and never follow a redirect to another origin. `endpoint` is the action
// run's own copy: it keeps the credentials for the run's next exchanges.
std::variant<HttpResponse, engine::ActionError> httpExchange(RestEndpoint &endpoint, const QByteArray &method, const QUrl &url,
                                                             const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers,
                                                             const engine::ActionContext &ctx, const QList<int> &acceptedStatuses = {});

} // namespace ordo::connectors
