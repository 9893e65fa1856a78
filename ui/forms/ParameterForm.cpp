#include "forms/ParameterForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <algorithm>
#include <limits>

namespace ordo::ui {

namespace {

int clampToInt(qint64 n)
{
    return static_cast<int>(std::clamp<qint64>(n, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

QString jsonText(const QVariant &value)
{
    // Wrapped and unwrapped, so that scalars print too.
    const QByteArray wrapped = QJsonDocument(QJsonArray{QJsonValue::fromVariant(value)}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace

ParameterForm::ParameterForm(QWidget *parent)
    : QWidget(parent), m_layout(new QGridLayout(this))
{
    m_layout->setColumnStretch(1, 1);
    m_layout->setColumnStretch(2, 1);
}

void ParameterForm::setSchema(const ParameterSchema &schema, const QVariantMap &values)
{
    while (QLayoutItem *item = m_layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_fields.clear();
    m_messages.clear();
    m_schema = schema;

    int row = 0;
    QWidget *previous = nullptr;
    for (const Parameter &p : m_schema.parameters()) {
        QWidget *field = makeField(p, values.contains(p.name) ? values.value(p.name) : p.defaultValue);
        field->setObjectName(QStringLiteral("parameter_") + p.name);
        field->setAccessibleName(p.label);
        auto *message = new QLabel(this);
        message->setObjectName(QStringLiteral("parameterMessage_") + p.name);
        message->setWordWrap(true);
        if (p.type == Parameter::Type::Boolean) {
            m_layout->addWidget(field, row, 0, 1, 2);
        } else {
            auto *label = new QLabel(p.required ? tr("%1 *").arg(p.label) : p.label, this);
            label->setBuddy(field);
            m_layout->addWidget(label, row, 0);
            m_layout->addWidget(field, row, 1);
        }
        m_layout->addWidget(message, row, 2);
        m_fields.insert(p.name, field);
        m_messages.insert(p.name, message);
        if (previous)
            setTabOrder(previous, field);
        previous = field;
        ++row;
    }
    m_layout->setRowStretch(row, 1);
    check();
}

QWidget *ParameterForm::makeField(const Parameter &p, const QVariant &value)
{
    switch (p.type) {
    case Parameter::Type::Integer: {
        auto *spin = new QSpinBox(this);
        spin->setRange(p.minimum ? clampToInt(*p.minimum) : std::numeric_limits<int>::min(),
                       p.maximum ? clampToInt(*p.maximum) : std::numeric_limits<int>::max());
        if (value.isValid())
            spin->setValue(clampToInt(value.toLongLong()));
        // The text as typed: an out-of-range number must reach the core's check,
        // and the spin box itself signals only numbers within its range.
        connect(spin->findChild<QLineEdit *>(), &QLineEdit::textChanged, this, &ParameterForm::check);
        return spin;
    }
    case Parameter::Type::Boolean: {
        auto *box = new QCheckBox(p.label, this);
        box->setChecked(value.toBool());
        connect(box, &QCheckBox::toggled, this, &ParameterForm::check);
        return box;
    }
    case Parameter::Type::Choice: {
        auto *combo = new QComboBox(this);
        combo->addItems(p.choices);
        combo->setCurrentIndex(std::max(0, static_cast<int>(p.choices.indexOf(value.toString()))));
        connect(combo, &QComboBox::currentIndexChanged, this, &ParameterForm::check);
        return combo;
    }
    case Parameter::Type::String:
    case Parameter::Type::Json: {
        auto *edit = new QLineEdit(this);
        edit->setText(p.type == Parameter::Type::Json ? (value.isValid() ? jsonText(value) : QString()) : value.toString());
        connect(edit, &QLineEdit::textChanged, this, &ParameterForm::check);
        return edit;
    }
    }
    Q_UNREACHABLE();
    return nullptr;
}

QVariantMap ParameterForm::values() const
{
    QVariantMap out;
    for (const Parameter &p : m_schema.parameters()) {
        QWidget *field = m_fields.value(p.name);
        if (auto *spin = qobject_cast<QSpinBox *>(field)) {
            bool ok = false;
            const qint64 n = spin->cleanText().toLongLong(&ok);
            out.insert(p.name, ok ? QVariant(n) : QVariant(spin->cleanText()));
        } else if (auto *box = qobject_cast<QCheckBox *>(field)) {
            out.insert(p.name, box->isChecked());
        } else if (auto *combo = qobject_cast<QComboBox *>(field)) {
            out.insert(p.name, combo->currentText());
        } else if (auto *edit = qobject_cast<QLineEdit *>(field)) {
            // An optional text left empty is not given: its default (if any) applies.
            if (!edit->text().isEmpty() || p.required)
                out.insert(p.name, edit->text());
        }
    }
    return out;
}

void ParameterForm::check()
{
    m_problems = m_schema.problems(values());
    for (auto it = m_messages.begin(); it != m_messages.end(); ++it) {
        const QString problem = m_problems.value(it.key());
        it.value()->setText(problem);
        m_fields.value(it.key())->setAccessibleDescription(problem);
    }
    Q_EMIT edited();
}

} // namespace ordo::ui
