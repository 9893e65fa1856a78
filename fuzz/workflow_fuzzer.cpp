// Feeds arbitrary bytes to the workflow definition parser and validator, and
// what parses to the template and condition evaluators.

#include "engine/WorkflowDefinition.h"

#include <QCoreApplication>

#include <cstddef>
#include <cstdint>

using namespace ordo::engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ActionRegistry registry = [] {
        ActionRegistry r;
        r.addBuiltinActions();
        return r;
    }();
    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const ParsedWorkflow parsed = parseWorkflow(input, registry);
    if (parsed.definition) {
        TemplateScope scope;
        QJsonObject bound;
        bindInputs(*parsed.definition, {}, bound);
        scope.inputs = bound;
        for (const StepDefinition &step : parsed.definition->steps) {
            // A reference to a value that is not there is an error that says which, never a crash.
            if (const auto resolved = resolveTemplates(step.with, scope); !resolved && resolved.error().message.isEmpty())
                __builtin_trap();
            if (!step.when.isEmpty())
                Condition::evaluate(step.when, scope);
        }
    } else if (parsed.errors.isEmpty()) {
        __builtin_trap(); // a refused definition must say why
    }
    return 0;
}
