#pragma once

#include "domain/Commerce.h"
#include "engine/Engine.h"

#include <QJsonObject>
#include <QTextStream>

// How ordoctl prints: standard output, orders as text or JSON, times as ISO text.
namespace ordo::cli {

QTextStream &out();
void printJson(const QJsonValue &v);

QJsonObject footprintJson(const Footprint &f);
QJsonObject orderJson(const Order &o);
QString parametersText(const QVariantMap &p);
void printOrder(const Order &o, bool withLines);

QString timeText(qint64 ms);
QJsonObject summaryJson(const engine::WorkflowSummary &w);

} // namespace ordo::cli
