#pragma once

// What the REST profiles of the service-desk connectors (ServiceNow, Jira)
// share: the action base, JSON exchanges and the checks of values pasted into
// queries. Private to core/connectors.

#include "connectors/ActionNames.h"
#include "connectors/HttpExchange.h"

#include <QJsonObject>
#include <QUrlQuery>

#include <optional>

namespace ordo::connectors::rest {

QUrl endpointUrl(const RestEndpoint &e, const QString &path, const QUrlQuery &query = {});

std::variant<QJsonObject, ActionError> jsonExchange(RestEndpoint &e, const QByteArray &method, const QUrl &url, const QJsonObject &body,
                                                    const ActionContext &ctx, int *status = nullptr);

// Appended to a comment so that a repeated attempt finds it.
QString commentMarker(const QString &correlation);

// Values pasted into a ServiceNow encoded query or a path: '^' would add
// conditions of its own, '/' and '?' change the resource.
std::optional<ActionError> checkQueryValue(const QString &input, const QString &value);

// A correlation id goes into encoded queries, where '^' would add conditions.
std::optional<ActionError> checkCorrelation(const QString &key);

QHash<QString, InputSpec> commentInputs();

class RestAction : public engine::Action
{
public:
    RestAction(RestEndpoint endpoint, QJsonObject settings) : m_endpoint(std::move(endpoint)), m_settings(std::move(settings)) {}

    // Each run has its own copy of the endpoint: the keychain is asked once
    // per run, and runs on other worker threads share nothing.
    ActionOutcome run(ActionContext &ctx) final
    {
        RestEndpoint endpoint = m_endpoint;
        ActionOutcome outcome = perform(endpoint, ctx);
        endpoint.authorization.fill('\0');
        return outcome;
    }

protected:
    virtual ActionOutcome perform(RestEndpoint &endpoint, ActionContext &ctx) = 0;

    // The step's "class", else the connector's "table", else the profile's own.
    QString table(const ActionContext &ctx, const QString &fallback) const
    {
        return ctx.inputs.value(QLatin1String("class")).toString(m_settings.value(QLatin1String("table")).toString(fallback));
    }

    RestEndpoint m_endpoint;
    QJsonObject m_settings;
};

// The profiles' actions, added to `registry`.
void addServiceNowCmdb(engine::ActionRegistry &registry, const RestEndpoint &endpoint, const QJsonObject &settings);
void addServiceNowTickets(engine::ActionRegistry &registry, const RestEndpoint &endpoint, const QJsonObject &settings);
void addJiraTickets(engine::ActionRegistry &registry, const RestEndpoint &endpoint, const QJsonObject &settings);

} // namespace ordo::connectors::rest
