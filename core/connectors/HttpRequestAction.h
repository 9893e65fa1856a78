#pragma once

#include "engine/Action.h"
#include "util/Result.h"

#include <QJsonObject>

namespace ordo::connectors {

// The "http" connector's settings: which keychain secrets http.request may
// send, and to which origins: {"credentials": [{"secret": NAME, "origins":
// ["https://host[:port]", ...]}, ...]}. Checked before they are stored.
Status checkHttpSettings(const QJsonObject &settings);

// http.request: the generic profile, a URL, a method and a JSON body template.
// A secret goes only to the origins the "http" settings allow it for.
void registerHttpRequestAction(engine::ActionRegistry &registry, const QJsonObject &settings = {});

} // namespace ordo::connectors
