#pragma once

#include "util/Result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <optional>

namespace ordo::engine {

// What ${...} templates and `when` conditions can see while a workflow runs.
struct TemplateScope
{
    QJsonObject inputs;
    QJsonObject steps; // step id -> {"outputs": {...}, "state": "..."}
    QJsonObject workflow;
};

// A reference inside ${...}: inputs.X, steps.ID.outputs.PATH, secrets.NAME, workflow.FIELD.
struct Reference
{
    QString root; // "inputs", "steps", "secrets", "workflow"
    QStringList path;
};

// Parses the references of a template string; an error message if malformed.
std::optional<QString> templateReferences(const QString &text, QList<Reference> &out);

// The most that a step's resolved inputs, and its outputs, may take as compact
// JSON text, in characters: templates that repeat a value can make a small
// definition expand without end.
constexpr qsizetype kMaxStepDataSize = 1024 * 1024;

// Resolves every ${...} in value (strings anywhere inside objects and arrays).
// A string that is one whole template keeps the referenced value's type.
// A secret becomes {"$secret": "NAME"}: values never pass through workflow data.
// An optional input not given, and the outputs of a step that did not succeed,
// read as null; a reference to any other value that does not exist is an error
// that names it. So is a result larger than kMaxStepDataSize, found while it
// is built, before it is ever written out.
Result<QJsonValue> resolveTemplates(const QJsonValue &value, const TemplateScope &scope);

// How deeply '(' and '!' may nest in a `when` condition, as JSON nests in a definition.
constexpr int kMaxConditionDepth = 64;

// `when` conditions: ${...} references, literals (numbers, 'strings',
// "strings", true, false, null), == != < <= > >=, && || ! and parentheses.
class Condition
{
public:
    // nullopt on success, else what is wrong and at which character.
    static std::optional<QString> check(const QString &text, QList<Reference> &references);
    static bool evaluate(const QString &text, const TemplateScope &scope);
};

bool isTruthy(const QJsonValue &value);

} // namespace ordo::engine
