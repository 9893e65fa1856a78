#pragma once

#include "domain/Catalog.h"

#include <QHash>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace ordo::ui {

// A form generated from a ParameterSchema: one widget per parameter, of its
// type (integer: spin box with the schema's range, choice: combo box, boolean:
// check box, string and JSON: line edit), and beside each the core's message
// about what is filled in, updated as the user types. The rules are the
// schema's (ParameterSchema::problems); the form only presents them.
// For inputs without a schema, use ParameterSchema::describing(values).
class ParameterForm final : public QWidget
{
    Q_OBJECT

public:
    explicit ParameterForm(QWidget *parent = nullptr);

    // Builds the fields anew; values fill them, the schema's defaults the rest.
    void setSchema(const ParameterSchema &schema, const QVariantMap &values = {});
    const ParameterSchema &schema() const { return m_schema; }

    // What the fields hold, as the user left them (a number being typed may
    // still be out of range): what validated() and the core check.
    QVariantMap values() const;
    // The complete, typed parameters, or the first problem.
    Result<QVariantMap> validated() const { return m_schema.validate(values()); }
    bool isValid() const { return m_problems.isEmpty(); }
    // Each field's problem by parameter name, as shown beside it.
    const QMap<QString, QString> &problems() const { return m_problems; }

    // The field of a parameter (object name "parameter_<name>") and its message
    // label ("parameterMessage_<name>"); nullptr for an unknown name.
    QWidget *field(const QString &name) const { return m_fields.value(name); }
    QLabel *message(const QString &name) const { return m_messages.value(name); }

Q_SIGNALS:
    // A field changed; problems() is up to date.
    void edited();

private:
    QWidget *makeField(const Parameter &parameter, const QVariant &value);
    void check();

    ParameterSchema m_schema;
    QGridLayout *m_layout;
    QHash<QString, QWidget *> m_fields;
    QHash<QString, QLabel *> m_messages;
    QMap<QString, QString> m_problems;
};

} // namespace ordo::ui
