#include "workflows/SupportActionDialog.h"

#include "forms/ParameterForm.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ordo::ui {

using engine::PreviewedStep;
using engine::SupportOperation;

QString SupportActionDialog::title(SupportOperation operation)
{
    switch (operation) {
    case SupportOperation::Pause: return tr("Pause");
    case SupportOperation::Continue: return tr("Continue");
    case SupportOperation::Retry: return tr("Retry");
    case SupportOperation::Skip: return tr("Skip");
    case SupportOperation::Rollback: return tr("Roll back");
    case SupportOperation::Cancel: return tr("Cancel workflow");
    }
    return {};
}

QString SupportActionDialog::effectText(PreviewedStep::Effect effect)
{
    switch (effect) {
    case PreviewedStep::Effect::Run: return tr("runs");
    case PreviewedStep::Effect::Skip: return tr("is skipped");
    case PreviewedStep::Effect::Compensate: return tr("is compensated");
    case PreviewedStep::Effect::Stop: return tr("is asked to stop");
    case PreviewedStep::Effect::Cancel: return tr("is cancelled");
    case PreviewedStep::Effect::Hold: return tr("waits until the workflow continues");
    }
    return {};
}

SupportActionDialog::SupportActionDialog(SupportOperation operation, const QString &stepKey, QWidget *parent)
    : QDialog(parent)
    , m_operation(operation)
    , m_stepKey(stepKey)
    , m_reason(new QLineEdit(this))
    , m_preview(new QListWidget(this))
    , m_previewError(new QLabel(this))
    , m_apply(new QPushButton(title(operation), this))
{
    setObjectName(QStringLiteral("supportActionDialog"));
    setWindowTitle(stepKey.isEmpty() ? title(operation) : tr("%1 step '%2'").arg(title(operation), stepKey));
    auto *layout = new QVBoxLayout(this);
    if (operation == SupportOperation::Retry) {
        layout->addWidget(new QLabel(tr("Inputs of the next attempt (only what you change is sent):"), this));
        // The catalog's form, over the core's schema of what a retry may change.
        m_inputs = new ParameterForm(this);
        m_inputs->setObjectName(QStringLiteral("actionInputs"));
        connect(m_inputs, &ParameterForm::edited, this, &SupportActionDialog::updateApply);
        layout->addWidget(m_inputs);
    } else if (operation == SupportOperation::Skip) {
        layout->addWidget(new QLabel(tr("Outputs the step hands on (a JSON object):"), this));
        m_outputs = new QPlainTextEdit(QStringLiteral("{}"), this);
        m_outputs->setObjectName(QStringLiteral("actionOutputs"));
        m_outputs->setAccessibleName(tr("Outputs"));
        m_outputs->setTabChangesFocus(true);
        connect(m_outputs, &QPlainTextEdit::textChanged, this, &SupportActionDialog::updateApply);
        layout->addWidget(m_outputs);
    }
    auto *form = new QFormLayout;
    m_reason->setObjectName(QStringLiteral("actionReason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setPlaceholderText(tr("Why (kept in the audit log)"));
    m_reason->setMaxLength(static_cast<int>(engine::kMaxReasonChars));
    form->addRow(tr("&Reason:"), m_reason);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("What it will do:"), this));
    m_preview->setObjectName(QStringLiteral("actionPreview"));
    m_preview->setAccessibleName(tr("Preview"));
    m_preview->addItem(tr("Asking the engine…"));
    layout->addWidget(m_preview);
    m_previewError->setObjectName(QStringLiteral("actionPreviewError"));
    m_previewError->setWordWrap(true);
    m_previewError->hide();
    layout->addWidget(m_previewError);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_apply->setObjectName(QStringLiteral("actionApply"));
    m_apply->setDefault(true);
    buttons->addButton(m_apply, QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_reason, &QLineEdit::textChanged, this, &SupportActionDialog::updateApply);
    updateApply();
    m_reason->setFocus();
}

QString SupportActionDialog::reason() const
{
    return m_reason->text().trimmed();
}

QJsonObject SupportActionDialog::editedInputs() const
{
    if (!m_inputs)
        return {};
    auto typed = m_inputs->validated();
    if (!typed)
        return {};
    QJsonObject edited;
    for (auto it = typed->cbegin(); it != typed->cend(); ++it) {
        const QJsonValue value = QJsonValue::fromVariant(it.value());
        if (value != m_originalInputs.value(it.key()))
            edited.insert(it.key(), value);
    }
    return edited;
}

QJsonObject SupportActionDialog::outputs() const
{
    return m_outputs ? QJsonDocument::fromJson(m_outputs->toPlainText().toUtf8()).object() : QJsonObject();
}

void SupportActionDialog::setPreview(const QList<PreviewedStep> &preview)
{
    m_preview->clear();
    for (const PreviewedStep &p : preview)
        m_preview->addItem(tr("%1 %2").arg(p.stepKey, effectText(p.effect)));
    if (preview.isEmpty())
        m_preview->addItem(tr("No step changes."));
    m_previewed = true;
    updateApply();
}

void SupportActionDialog::setPreviewError(const QString &message)
{
    m_preview->clear();
    m_previewError->setText(message);
    m_previewError->show();
    m_previewed = false;
    updateApply();
}

void SupportActionDialog::setRetrySchema(const ParameterSchema &schema)
{
    if (!m_inputs)
        return;
    QVariantMap current;
    m_originalInputs = {};
    for (const Parameter &p : schema.parameters()) {
        if (p.defaultValue.isValid()) {
            current.insert(p.name, p.defaultValue);
            m_originalInputs.insert(p.name, QJsonValue::fromVariant(p.defaultValue));
        }
    }
    m_inputs->setSchema(schema, current);
    m_schemaLoaded = true;
    updateApply();
}

void SupportActionDialog::updateApply()
{
    bool complete = m_previewed && !reason().isEmpty();
    if (m_inputs)
        complete = complete && m_schemaLoaded && m_inputs->isValid();
    if (m_outputs)
        complete = complete && QJsonDocument::fromJson(m_outputs->toPlainText().toUtf8()).isObject();
    m_apply->setEnabled(complete);
}

} // namespace ordo::ui
