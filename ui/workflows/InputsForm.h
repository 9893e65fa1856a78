#pragma once

#include <QJsonObject>
#include <QWidget>

class QFormLayout;

namespace ordo::ui {

// A form for a step's inputs, one field per key with a widget for the value's
// JSON type: a stand-in for the catalog's schema-driven form, to be swapped
// for it. Fields are named "input_<key>".
class InputsForm final : public QWidget
{
    Q_OBJECT

public:
    explicit InputsForm(QWidget *parent = nullptr);

    void setInputs(const QJsonObject &inputs);
    // The fields whose value was edited, with their new values: what a retry overrides.
    QJsonObject editedValues() const;
    // Whether every field holds a value of its type (a JSON field, valid JSON).
    bool isValid() const;

Q_SIGNALS:
    void edited();

private:
    QJsonValue valueOf(const QString &key) const;

    QFormLayout *m_layout;
    QJsonObject m_inputs;
    QHash<QString, QWidget *> m_fields;
};

} // namespace ordo::ui
