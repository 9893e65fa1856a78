#include "workflows/InputsForm.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QSpinBox>

#include <cmath>

namespace ordo::ui {

namespace {

bool isInteger(const QJsonValue &v)
{
    return v.isDouble() && std::trunc(v.toDouble()) == v.toDouble() && std::abs(v.toDouble()) < 2e9;
}

QString jsonOf(const QJsonValue &v)
{
    const QString wrapped = QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
    return wrapped.mid(1, wrapped.size() - 2);
}

std::optional<QJsonValue> parseJson(const QString &text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(text).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().first();
}

} // namespace

InputsForm::InputsForm(QWidget *parent) : QWidget(parent), m_layout(new QFormLayout(this))
{
    setObjectName(QStringLiteral("inputsForm"));
}

void InputsForm::setInputs(const QJsonObject &inputs)
{
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_fields.clear();
    m_inputs = inputs;
    for (auto it = inputs.begin(); it != inputs.end(); ++it) {
        const QJsonValue v = it.value();
        QWidget *field = nullptr;
        if (v.isBool()) {
            auto *box = new QCheckBox(this);
            box->setChecked(v.toBool());
            connect(box, &QCheckBox::toggled, this, &InputsForm::edited);
            field = box;
        } else if (isInteger(v)) {
            auto *spin = new QSpinBox(this);
            spin->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
            spin->setValue(v.toInt());
            connect(spin, &QSpinBox::valueChanged, this, &InputsForm::edited);
            field = spin;
        } else if (v.isDouble()) {
            auto *spin = new QDoubleSpinBox(this);
            spin->setRange(-1e15, 1e15);
            spin->setDecimals(6);
            spin->setValue(v.toDouble());
            connect(spin, &QDoubleSpinBox::valueChanged, this, &InputsForm::edited);
            field = spin;
        } else {
            // Strings as they are; objects, arrays and null as JSON.
            auto *line = new QLineEdit(v.isString() ? v.toString() : jsonOf(v), this);
            connect(line, &QLineEdit::textChanged, this, &InputsForm::edited);
            field = line;
        }
        field->setObjectName(QStringLiteral("input_") + it.key());
        field->setAccessibleName(it.key());
        m_layout->addRow(it.key(), field);
        m_fields.insert(it.key(), field);
    }
}

QJsonValue InputsForm::valueOf(const QString &key) const
{
    QWidget *field = m_fields.value(key);
    if (auto *box = qobject_cast<QCheckBox *>(field))
        return box->isChecked();
    if (auto *spin = qobject_cast<QSpinBox *>(field))
        return spin->value();
    if (auto *spin = qobject_cast<QDoubleSpinBox *>(field))
        return spin->value();
    auto *line = qobject_cast<QLineEdit *>(field);
    if (!line)
        return QJsonValue::Undefined;
    if (m_inputs.value(key).isString())
        return line->text();
    return parseJson(line->text()).value_or(QJsonValue(QJsonValue::Undefined));
}

QJsonObject InputsForm::editedValues() const
{
    QJsonObject edited;
    for (auto it = m_inputs.begin(); it != m_inputs.end(); ++it) {
        const QJsonValue v = valueOf(it.key());
        if (!v.isUndefined() && v != it.value())
            edited.insert(it.key(), v);
    }
    return edited;
}

bool InputsForm::isValid() const
{
    return std::all_of(m_fields.keyBegin(), m_fields.keyEnd(), [this](const QString &key) { return !valueOf(key).isUndefined(); });
}

} // namespace ordo::ui
