#include "forms/ParameterForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>

using namespace ordo;
using namespace ordo::ui;

namespace {

ParameterSchema vmSchema()
{
    auto schema = ParameterSchema::fromJson(QJsonDocument::fromJson(R"([
        {"name": "cpus", "label": "vCPUs", "type": "integer", "min": 1, "max": 16, "default": 2},
        {"name": "template", "type": "choice", "choices": ["debian-12", "ubuntu-24.04"], "default": "debian-12"},
        {"name": "applyUpdates", "type": "boolean", "default": true},
        {"name": "hostname", "type": "string", "required": true}
    ])").array(), QStringLiteral("test"));
    Q_ASSERT(schema);
    return *schema;
}

// Types into a field the way a user does: select what is there, then type.
void retype(QWidget *field, const QString &text)
{
    field->setFocus();
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(field, text);
}

} // namespace

class TestParameterForm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneWidgetOfItsTypePerParameter()
    {
        ParameterForm form;
        form.setSchema(vmSchema(), {{QStringLiteral("template"), QStringLiteral("ubuntu-24.04")}});
        auto *cpus = qobject_cast<QSpinBox *>(form.field(QStringLiteral("cpus")));
        QVERIFY(cpus);
        QCOMPARE(cpus->minimum(), 1);
        QCOMPARE(cpus->maximum(), 16);
        QCOMPARE(cpus->value(), 2);
        QCOMPARE(cpus->accessibleName(), QStringLiteral("vCPUs"));
        auto *os = qobject_cast<QComboBox *>(form.field(QStringLiteral("template")));
        QVERIFY(os);
        QCOMPARE(os->currentText(), QStringLiteral("ubuntu-24.04"));
        QCOMPARE(os->count(), 2);
        auto *updates = qobject_cast<QCheckBox *>(form.field(QStringLiteral("applyUpdates")));
        QVERIFY(updates);
        QVERIFY(updates->isChecked());
        QVERIFY(qobject_cast<QLineEdit *>(form.field(QStringLiteral("hostname"))));
        QCOMPARE(form.findChild<QWidget *>(QStringLiteral("parameter_cpus")), cpus);
    }

    // The message beside the field follows what is typed, keystroke by keystroke.
    void showsTheCoresMessageBesideTheFieldAsTheUserTypes()
    {
        ParameterForm form;
        form.setSchema(vmSchema());
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        QLabel *hostMessage = form.message(QStringLiteral("hostname"));
        QLabel *cpusMessage = form.message(QStringLiteral("cpus"));
        QVERIFY(hostMessage && cpusMessage);
        QVERIFY2(hostMessage->text().contains(QStringLiteral("must not be empty")), qPrintable(hostMessage->text()));
        QVERIFY(cpusMessage->text().isEmpty());
        QVERIFY(!form.isValid());

        QTest::keyClicks(form.field(QStringLiteral("hostname")), QStringLiteral("web1"));
        QVERIFY(hostMessage->text().isEmpty());

        retype(form.field(QStringLiteral("cpus")), QStringLiteral("0"));
        QVERIFY2(cpusMessage->text().contains(QStringLiteral("below the minimum 1")), qPrintable(cpusMessage->text()));
        QVERIFY(!form.isValid());
        QVERIFY(!form.validated());

        retype(form.field(QStringLiteral("cpus")), QStringLiteral("4"));
        QVERIFY(cpusMessage->text().isEmpty());
        QVERIFY(form.isValid());
        auto values = form.validated();
        QVERIFY(values);
        QCOMPARE(values->value(QStringLiteral("cpus")).toLongLong(), 4);
        QCOMPARE(values->value(QStringLiteral("hostname")).toString(), QStringLiteral("web1"));
        QCOMPARE(values->value(QStringLiteral("applyUpdates")).toBool(), true);
    }

    // Arbitrary inputs (a workflow step's) edit through the same form.
    void editsInputsWithoutASchema()
    {
        const QJsonObject inputs = QJsonDocument::fromJson(R"({"count": 3, "name": "web", "tags": ["a"]})").object();
        ParameterForm form;
        form.setSchema(ParameterSchema::describing(inputs));
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        QVERIFY(form.isValid());
        QCOMPARE(QJsonObject::fromVariantMap(*form.validated()), inputs);

        auto *tags = qobject_cast<QLineEdit *>(form.field(QStringLiteral("tags")));
        QVERIFY(tags);
        QCOMPARE(tags->text(), QStringLiteral(R"(["a"])"));
        retype(tags, QStringLiteral(R"(["a", "b")"));
        QVERIFY(!form.message(QStringLiteral("tags"))->text().isEmpty());
        QTest::keyClicks(tags, QStringLiteral("]"));
        QVERIFY(form.message(QStringLiteral("tags"))->text().isEmpty());
        QCOMPARE(form.validated()->value(QStringLiteral("tags")).toStringList(),
                 (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    }
};

QTEST_MAIN(TestParameterForm)
#include "tst_parameterform.moc"
