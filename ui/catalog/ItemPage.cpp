#include "catalog/ItemPage.h"

#include "catalog/PreviewPanel.h"
#include "client/OrdoClient.h"
#include "common/WhenDone.h"
#include "forms/ParameterForm.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace ordo::ui {

ItemPage::ItemPage(OrdoClient &client, const Session &session, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_session(session)
    , m_title(new QLabel(this))
    , m_description(new QLabel(this))
    , m_form(new ParameterForm(this))
    , m_quantity(new QSpinBox(this))
    , m_preview(new PreviewPanel(this))
    , m_add(new QPushButton(tr("&Add to cart"), this))
    , m_status(new QLabel(this))
{
    auto *back = new QToolButton(this);
    back->setObjectName(QStringLiteral("itemBack"));
    back->setText(tr("Back to the catalog"));
    back->setToolTip(tr("Back to the catalog (Esc)"));
    back->setArrowType(Qt::LeftArrow);
    back->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(back, &QToolButton::clicked, this, &ItemPage::backRequested);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &ItemPage::backRequested);

    m_title->setObjectName(QStringLiteral("itemTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_description->setObjectName(QStringLiteral("itemDescription"));
    m_description->setWordWrap(true);
    m_form->setObjectName(QStringLiteral("itemForm"));
    m_quantity->setObjectName(QStringLiteral("itemQuantity"));
    m_quantity->setAccessibleName(tr("Quantity"));
    m_quantity->setRange(1, CartService::kMaxQuantity);
    m_preview->setObjectName(QStringLiteral("itemPreview"));
    m_add->setObjectName(QStringLiteral("addToCart"));
    m_status->setObjectName(QStringLiteral("itemStatus"));
    m_status->setWordWrap(true);

    auto *formBox = new QGroupBox(tr("Parameters"), this);
    auto *formLayout = new QVBoxLayout(formBox);
    formLayout->addWidget(m_form);
    auto *quantityRow = new QFormLayout;
    auto *quantityLabel = new QLabel(tr("&Quantity"), formBox);
    quantityLabel->setBuddy(m_quantity);
    quantityRow->addRow(quantityLabel, m_quantity);
    formLayout->addLayout(quantityRow);
    formLayout->addStretch();

    auto *previewBox = new QGroupBox(tr("Preview"), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_preview);
    previewLayout->addStretch();
    previewLayout->addWidget(m_add);
    previewLayout->addWidget(m_status);

    auto *columns = new QHBoxLayout;
    columns->addWidget(formBox, 3);
    columns->addWidget(previewBox, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(back, 0, Qt::AlignLeft);
    layout->addWidget(m_title);
    layout->addWidget(m_description);
    layout->addLayout(columns, 1);

    connect(m_form, &ParameterForm::edited, this, &ItemPage::refreshPreview);
    connect(m_quantity, &QSpinBox::valueChanged, this, &ItemPage::refreshPreview);
    connect(m_add, &QPushButton::clicked, this, &ItemPage::addToCart);
    setTabOrder(m_quantity, m_add);
}

void ItemPage::showItem(const CatalogItem &item)
{
    m_item = item;
    ++m_shown;
    m_title->setText(item.name);
    m_description->setText(item.description);
    m_status->clear();
    const QSignalBlocker blockQuantity(m_quantity);
    m_quantity->setValue(1);
    m_form->setSchema(item.schema);
    refreshPreview();
    if (QWidget *first = m_form->field(item.schema.parameters().value(0).name))
        first->setFocus();
    else
        m_quantity->setFocus();
}

void ItemPage::refreshPreview()
{
    const quint64 request = ++m_previewRequest;
    if (!m_form->isValid()) {
        m_add->setEnabled(false);
        m_preview->setUnavailable(tr("Correct the marked parameters to see the price."));
        return;
    }
    m_add->setEnabled(true);
    const QString itemId = m_item.id;
    const QVariantMap parameters = m_form->values();
    const int quantity = m_quantity->value();
    const Session session = m_session;
    whenDone(this, m_client.call<CheckoutPreview>([=](Ordo &ordo) { return ordo.orders().previewItem(session, itemId, parameters, quantity); }),
        [this, request](const Result<CheckoutPreview> &preview) {
            if (request != m_previewRequest)
                return; // the user changed something since: a newer preview is on its way
            if (preview)
                m_preview->setPreview(*preview);
            else
                m_preview->setUnavailable(preview.error().message);
        });
}

void ItemPage::addToCart()
{
    if (!m_form->isValid())
        return;
    m_add->setEnabled(false);
    const QString itemId = m_item.id;
    const QString itemName = m_item.name;
    const quint64 shown = m_shown;
    const QVariantMap parameters = m_form->values();
    const int quantity = m_quantity->value();
    const Session session = m_session;
    whenDone(this, m_client.call<CartLine>([=](Ordo &ordo) { return ordo.cart().add(session, itemId, parameters, quantity); }),
        [this, shown, itemName](const Result<CartLine> &line) {
            // The user may have opened another item meanwhile: the answer names
            // the item it is about instead of passing for the one shown now.
            const bool stillShown = shown == m_shown;
            if (stillShown)
                m_add->setEnabled(m_form->isValid());
            if (!line) {
                m_status->setText(stillShown ? tr("Not added: %1").arg(line.error().message)
                                             : tr("%1 was not added: %2").arg(itemName, line.error().message));
                return;
            }
            m_status->setText(stillShown ? tr("Added to your cart.") : tr("%1 was added to your cart.").arg(itemName));
            Q_EMIT addedToCart(line->id);
        });
}

} // namespace ordo::ui
