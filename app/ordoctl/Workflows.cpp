#include "Commands.h"
#include "Output.h"
#include "util/Quote.h"

#include <QFile>
#include <QJsonArray>
#include <QThread>

namespace ordo::cli {

namespace {

// A command on one workflow: `workflows NAME ID ...`.
Command onWorkflow(const QString &name, const QString &synopsis, const QString &summary, const QStringList &options,
                   Status (Ordoctl::*run)())
{
    return {name, synopsis, summary, options, 1, run, Text::tr("workflows %1 needs a workflow id").arg(quoted(name))};
}

} // namespace

Noun workflowsNoun()
{
    const QStringList reason{QStringLiteral("reason")};
    const QStringList stepOptions{QStringLiteral("step"), QStringLiteral("set"), QStringLiteral("reason")};
    return {QStringLiteral("workflows"), Text::tr("workflows: validate, start, watch and support them"),
            {{QStringLiteral("validate"), Text::tr("FILE"), Text::tr("checks a definition: every error with line, column, code and JSON pointer"),
              {}, 1, &Ordoctl::workflowsValidate},
             {QStringLiteral("start"), Text::tr("FILE [--set KEY=VALUE]..."), Text::tr("starts a standalone run and prints its id"),
              {QStringLiteral("set")}, 1, &Ordoctl::workflowsStart},
             {QStringLiteral("list"), Text::tr("[--state S]"), Text::tr("lists workflows, or those in one state"),
              {QStringLiteral("state")}, 0, &Ordoctl::workflowsList},
             onWorkflow(QStringLiteral("show"), Text::tr("ID"), Text::tr("shows a workflow and its steps"), {}, &Ordoctl::workflowsShow),
             onWorkflow(QStringLiteral("watch"), Text::tr("ID"), Text::tr("follows a workflow's log until it ends"), {},
                        &Ordoctl::workflowsLog),
             onWorkflow(QStringLiteral("log"), Text::tr("ID [--step S]"), Text::tr("prints a workflow's log, or one step's"),
                        {QStringLiteral("step")}, &Ordoctl::workflowsLog),
             onWorkflow(QStringLiteral("pause"), Text::tr("ID --reason R"), Text::tr("starts no new step"), reason,
                        &Ordoctl::workflowsSupport),
             onWorkflow(QStringLiteral("continue"), Text::tr("ID --reason R"), Text::tr("continues a paused workflow"), reason,
                        &Ordoctl::workflowsSupport),
             onWorkflow(QStringLiteral("cancel"), Text::tr("ID --reason R"), Text::tr("cancels a workflow"), reason,
                        &Ordoctl::workflowsSupport),
             onWorkflow(QStringLiteral("rollback"), Text::tr("ID --reason R"), Text::tr("undoes the done steps by their compensations"),
                        reason, &Ordoctl::workflowsSupport),
             onWorkflow(QStringLiteral("retry"), Text::tr("ID --step S [--set KEY=VALUE]... --reason R"),
                        Text::tr("runs a failed step again, with edited inputs"), stepOptions, &Ordoctl::workflowsStep),
             onWorkflow(QStringLiteral("skip"), Text::tr("ID --step S [--set KEY=VALUE]... --reason R"),
                        Text::tr("skips a failed step, with its outputs given by hand"), stepOptions, &Ordoctl::workflowsStep),
             onWorkflow(QStringLiteral("complete"), Text::tr("ID --step S [--set KEY=VALUE]..."),
                        Text::tr("completes a human task"), stepOptions, &Ordoctl::workflowsStep)},
            Text::tr("workflows takes validate, start, list, show, watch, log, pause, continue, cancel, "
                     "rollback, retry, skip or complete")};
}

Status Ordoctl::workflowsValidate()
{
    const QString path = m_cl.positional.at(2);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::notFound(Text::tr("cannot read %1: %2").arg(quoted(path), file.errorString()));
    ORDO_TRY(parsed, m_ordo->workflows().validate(file.read(engine::kMaxDefinitionBytes + 1)));
    if (m_json) {
        QJsonArray errors;
        for (const engine::DefinitionError &e : parsed.errors)
            errors.append(QJsonObject{{QStringLiteral("code"), e.code}, {QStringLiteral("pointer"), e.pointer},
                                      {QStringLiteral("line"), e.line}, {QStringLiteral("column"), e.column},
                                      {QStringLiteral("message"), e.message}});
        printJson(QJsonObject{{QStringLiteral("valid"), parsed.errors.isEmpty()}, {QStringLiteral("errors"), errors}});
    }
    if (parsed.errors.isEmpty()) {
        if (!m_json)
            out() << Text::tr("%1: valid (%2 version %3, %4 steps)").arg(path, parsed.definition->name).arg(parsed.definition->version).arg(parsed.definition->steps.size())
                  << Qt::endl;
        return ok();
    }
    QStringList lines;
    for (const engine::DefinitionError &e : parsed.errors)
        lines.append(path + QLatin1Char(':') + e.toString());
    return Error::badInput(lines.join(QLatin1Char('\n')));
}

Status Ordoctl::workflowsStart()
{
    ORDO_TRY(inputs, assignments());
    QFile file(m_cl.positional.at(2));
    if (!file.open(QIODevice::ReadOnly))
        return Error::notFound(Text::tr("cannot read %1: %2").arg(quoted(m_cl.positional.at(2)), file.errorString()));
    ORDO_TRY(s, session());
    ORDO_TRY(id, m_ordo->workflows().start(s, file.read(engine::kMaxDefinitionBytes + 1), inputs));
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("id"), id}});
    else
        out() << id << Qt::endl;
    return ok();
}

Status Ordoctl::workflowsList()
{
    std::optional<engine::WorkflowState> state;
    if (m_cl.has(QStringLiteral("state"))) {
        state = engine::workflowStateFromName(m_cl.option(QStringLiteral("state")));
        if (!state)
            return Error::badInput(Text::tr("--state '%1' is not a workflow state (running, paused, succeeded, failed, "
                                      "rolling-back, rolled-back, cancelled)")
                                       .arg(m_cl.option(QStringLiteral("state"))));
    }
    ORDO_TRY(s, session());
    ORDO_TRY(list, m_ordo->workflows().list(s, state));
    if (m_json) {
        QJsonArray array;
        for (const auto &w : std::as_const(list))
            array.append(summaryJson(w));
        printJson(array);
    } else {
        for (const auto &w : std::as_const(list))
            out() << QStringLiteral("%1  %2 v%3  %4  %5").arg(w.id).arg(w.name).arg(w.version).arg(engine::workflowStateName(w.state), w.error)
                  << Qt::endl;
    }
    return ok();
}

Status Ordoctl::workflowsShow()
{
    ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("workflow")));
    WorkflowService &workflows = m_ordo->workflows();
    ORDO_TRY(s, session());
    ORDO_TRY(w, workflows.workflow(s, id));
    ORDO_TRY(steps, workflows.steps(s, id));
    if (m_json) {
        QJsonObject o = summaryJson(w);
        QJsonArray array;
        for (const engine::StepInfo &st : std::as_const(steps))
            array.append(QJsonObject{{QStringLiteral("id"), st.key},
                                     {QStringLiteral("kind"), engine::stepKindName(st.kind)},
                                     {QStringLiteral("state"), engine::stepStateName(st.state)},
                                     {QStringLiteral("attempts"), st.attempt},
                                     {QStringLiteral("readyAt"), timeText(st.readyAt)},
                                     {QStringLiteral("startedAt"), timeText(st.startedAt)},
                                     {QStringLiteral("finishedAt"), timeText(st.finishedAt)},
                                     {QStringLiteral("inputs"), st.inputs},
                                     {QStringLiteral("outputs"), st.outputs},
                                     {QStringLiteral("error"), st.error},
                                     {QStringLiteral("errorKind"), st.errorKind}});
        o.insert(QStringLiteral("steps"), array);
        printJson(o);
        return ok();
    }
    out() << Text::tr("workflow %1  %2 v%3  %4").arg(w.id).arg(w.name).arg(w.version).arg(engine::workflowStateName(w.state)) << Qt::endl;
    if (!w.error.isEmpty())
        out() << QStringLiteral("  ") << w.error << Qt::endl;
    for (const engine::StepInfo &st : std::as_const(steps)) {
        const qint64 took = st.finishedAt && st.startedAt ? st.finishedAt - st.startedAt : 0;
        out() << QStringLiteral("  %1%2  %3  attempts %4  %5 ms  %6")
                     .arg(st.key, st.kind == engine::StepKind::Compensation ? Text::tr(" (compensation)") : QString())
                     .arg(engine::stepStateName(st.state))
                     .arg(st.attempt)
                     .arg(took)
                     .arg(st.error)
              << Qt::endl;
    }
    return ok();
}

// log prints what is there; watch follows until the workflow ends.
Status Ordoctl::workflowsLog()
{
    ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("workflow")));
    WorkflowService &workflows = m_ordo->workflows();
    const bool watch = command() == QLatin1String("watch");
    ORDO_TRY(s, session());
    qint64 seen = 0;
    while (true) {
        ORDO_TRY(lines, workflows.log(s, id, m_cl.option(QStringLiteral("step")), seen));
        for (const engine::LogLine &l : std::as_const(lines)) {
            out() << engine::formatLogLine(l) << Qt::endl;
            seen = l.seq;
        }
        if (!watch)
            return ok();
        ORDO_TRY(w, workflows.workflow(s, id));
        if (engine::isTerminal(w.state))
            return ok();
        QThread::msleep(200);
    }
}

// pause, continue, cancel and rollback.
Status Ordoctl::workflowsSupport()
{
    ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("workflow")));
    WorkflowService &workflows = m_ordo->workflows();
    const QString &sub = command();
    const QString reason = m_cl.option(QStringLiteral("reason"));
    ORDO_TRY(s, session());
    if (sub == QLatin1String("pause"))
        ORDO_CHECK(workflows.pause(s, id, reason));
    else if (sub == QLatin1String("continue"))
        ORDO_CHECK(workflows.resume(s, id, reason));
    else if (sub == QLatin1String("cancel"))
        ORDO_CHECK(workflows.cancel(s, id, reason));
    else
        ORDO_CHECK(workflows.rollback(s, id, reason));
    ORDO_TRY(w, workflows.workflow(s, id));
    if (m_json) {
        printJson(summaryJson(w));
    } else {
        out() << Text::tr("workflow %1 is %2").arg(id).arg(engine::workflowStateName(w.state)) << Qt::endl;
        if (sub == QLatin1String("pause"))
            out() << Text::tr("no new step starts; an attempt that is already running finishes") << Qt::endl;
    }
    return ok();
}

// retry, skip and complete: one step of a workflow.
Status Ordoctl::workflowsStep()
{
    ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("workflow")));
    WorkflowService &workflows = m_ordo->workflows();
    const QString &sub = command();
    const QString reason = m_cl.option(QStringLiteral("reason"));
    ORDO_TRY(s, session());
    const QString step = m_cl.option(QStringLiteral("step"));
    if (step.isEmpty())
        return Error::badInput(Text::tr("workflows %1 needs --step STEP").arg(quoted(sub)));
    ORDO_TRY(values, assignments());
    if (sub == QLatin1String("retry"))
        ORDO_CHECK(workflows.retryStep(s, id, step, values, reason));
    else if (sub == QLatin1String("skip"))
        ORDO_CHECK(workflows.skipStep(s, id, step, values, reason));
    else
        ORDO_CHECK(workflows.completeHumanTask(s, id, step, values));
    ORDO_TRY(w, workflows.workflow(s, id));
    if (m_json)
        printJson(summaryJson(w));
    else
        out() << Text::tr("workflow %1 is %2").arg(id).arg(engine::workflowStateName(w.state)) << Qt::endl;
    return ok();
}

} // namespace ordo::cli
