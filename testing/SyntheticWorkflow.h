#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ordo::testing {

// A big synthetic definition for the graph view: `stages` ranks of `width`
// test.noop steps, each after two steps of the stage before (a lattice).
inline QByteArray latticeWorkflow(int stages, int width)
{
    QJsonArray steps;
    const auto id = [](int stage, int i) { return QStringLiteral("s%1_%2").arg(stage).arg(i); };
    for (int stage = 0; stage < stages; ++stage) {
        for (int i = 0; i < width; ++i) {
            QJsonObject s{{QStringLiteral("id"), id(stage, i)}, {QStringLiteral("action"), QStringLiteral("test.noop")}};
            if (stage > 0) {
                QJsonArray after{id(stage - 1, i)};
                if (width > 1)
                    after.append(id(stage - 1, (i + 1) % width));
                s.insert(QStringLiteral("after"), after);
            }
            steps.append(s);
        }
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("lattice")},
                                     {QStringLiteral("version"), 1},
                                     {QStringLiteral("steps"), steps}})
        .toJson(QJsonDocument::Compact);
}

} // namespace ordo::testing
