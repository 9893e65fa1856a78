#pragma once

#include "engine/Runtime.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace ordo::ui {

class ParameterForm;

// Asks for what a support operation needs (a reason; edited inputs for a
// retry, outputs for a skip) and shows the core's preview of what it will
// do. A retry edits the inputs of the core's retry schema, which the page
// hands over when it comes. Applying is possible once there is a reason and
// the preview (and for a retry the schema) came;
// the page applies it on accepted(). Shown with open(), never exec().
class SupportActionDialog final : public QDialog
{
    Q_OBJECT

public:
    SupportActionDialog(engine::SupportOperation operation, const QString &stepKey, QWidget *parent = nullptr);

    engine::SupportOperation operation() const { return m_operation; }
    QString stepKey() const { return m_stepKey; }
    QString reason() const;
    QJsonObject editedInputs() const; // retry
    QJsonObject outputs() const;      // skip

    void setPreview(const QList<engine::PreviewedStep> &preview);
    void setPreviewError(const QString &message);
    // Retry: what may be changed, as WorkflowService::retrySchema() says.
    void setRetrySchema(const ParameterSchema &schema);

    static QString title(engine::SupportOperation operation);
    static QString effectText(engine::PreviewedStep::Effect effect);

private:
    void updateApply();

    engine::SupportOperation m_operation;
    QString m_stepKey;
    bool m_previewed = false;
    bool m_schemaLoaded = false;
    ParameterForm *m_inputs = nullptr;
    QJsonObject m_originalInputs; // the schema's defaults: a retry sends what differs from these
    QPlainTextEdit *m_outputs = nullptr;
    QLineEdit *m_reason;
    QListWidget *m_preview;
    QLabel *m_previewError;
    QPushButton *m_apply;
};

} // namespace ordo::ui
