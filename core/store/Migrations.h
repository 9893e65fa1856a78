#pragma once

#include <QList>
#include <QStringList>

namespace ordo {

struct Migration
{
    int version;
    QString description;
    QStringList statements;
    // The same change on PostgreSQL, for versions after its baseline (Database.cpp).
    QStringList postgres = {};
};

// Every schema change ever shipped, oldest first. Never edit a shipped
// migration: append a new one, so databases made by older Ordo versions
// migrate step by step.
const QList<Migration> &migrations();

// Fills the empty step_queue of the current schema from steps: an import moves
// the steps and leaves the queue to be derived from them.
QString stepQueueFill();

// The statements of an SQL script (the PostgreSQL baseline, the shared
// database's access rules): split at a semicolon that ends a line, outside
// $$ bodies (functions and DO blocks hold semicolons), without comment lines.
QStringList scriptStatements(const QString &script);

} // namespace ordo
