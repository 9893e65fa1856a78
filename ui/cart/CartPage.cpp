#include "cart/CartPage.h"

#include "cart/CartModel.h"
#include "catalog/PreviewPanel.h"
#include "client/OrdoClient.h"
#include "common/WhenDone.h"
#include "forms/ParameterForm.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QUuid>
#include <QVBoxLayout>

namespace ordo::ui {

// Everything the page shows, read in one call on the database thread.
struct CartPage::Snapshot
{
    QList<CartRow> rows;
    std::optional<CheckoutPreview> preview;
    QString previewProblem; // why there is no preview
};

CartPage::CartPage(OrdoClient &client, const Session &session, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_session(session)
    , m_model(new CartModel(this))
    , m_view(new QTableView(this))
    , m_lineForm(new ParameterForm(this))
    , m_applyParameters(new QPushButton(tr("A&pply parameters"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_checkout(new QPushButton(tr("&Check out…"), this))
    , m_total(new QLabel(this))
    , m_status(new QLabel(this))
    , m_preview(new PreviewPanel(this))
{
    m_view->setObjectName(QStringLiteral("cartView"));
    m_view->setAccessibleName(tr("Cart lines"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::AnyKeyPressed);
    // The parameters take what the other columns leave (elided; the form beside shows them whole),
    // so the quantity cell being current never scrolls the service's name out of view.
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(CartModel::Parameters, QHeaderView::Stretch);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    connect(m_model, &CartModel::quantityEdited, this, &CartPage::setQuantity);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CartPage::showLineEditor);

    m_lineForm->setObjectName(QStringLiteral("cartLineForm"));
    m_applyParameters->setObjectName(QStringLiteral("cartApplyParameters"));
    m_remove->setObjectName(QStringLiteral("cartRemove"));
    m_remove->setToolTip(tr("Remove the selected line (Del)"));
    m_checkout->setObjectName(QStringLiteral("cartCheckout"));
    m_total->setObjectName(QStringLiteral("cartTotal"));
    m_status->setObjectName(QStringLiteral("cartStatus"));
    m_status->setWordWrap(true);
    m_preview->setObjectName(QStringLiteral("cartPreview"));
    connect(m_lineForm, &ParameterForm::edited, this, [this] { m_applyParameters->setEnabled(m_lineForm->isValid()); });
    connect(m_applyParameters, &QPushButton::clicked, this, &CartPage::applyParameters);
    connect(m_remove, &QPushButton::clicked, this, &CartPage::removeLine);
    connect(m_checkout, &QPushButton::clicked, this, &CartPage::openCheckout);
    auto *del = new QShortcut(QKeySequence::Delete, m_view);
    del->setContext(Qt::WidgetShortcut);
    connect(del, &QShortcut::activated, this, &CartPage::removeLine);

    auto *lineBox = new QGroupBox(tr("Selected line"), this);
    auto *lineLayout = new QVBoxLayout(lineBox);
    lineLayout->addWidget(m_lineForm);
    lineLayout->addWidget(m_applyParameters, 0, Qt::AlignRight);
    auto *previewBox = new QGroupBox(tr("Order preview"), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_preview);
    auto *side = new QVBoxLayout;
    side->addWidget(lineBox);
    side->addWidget(previewBox);
    side->addStretch();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_remove);
    buttons->addStretch();
    buttons->addWidget(m_total);
    buttons->addWidget(m_checkout);
    auto *content = new QVBoxLayout;
    content->addWidget(m_view, 1);
    content->addLayout(buttons);
    content->addWidget(m_status);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(content, 3);
    layout->addLayout(side, 2);

    connect(&m_client, &OrdoClient::changed, this, &CartPage::onChanges);
    // Queued: a load that finishes before its continuation is attached would
    // report before whoever made the page has connected to it.
    QMetaObject::invokeMethod(this, &CartPage::reload, Qt::QueuedConnection);
}

void CartPage::reload()
{
    if (m_loading) {
        m_stale = true;
        return;
    }
    load();
}

void CartPage::load()
{
    m_loading = true;
    m_stale = false;
    const Session session = m_session;
    whenDone(this, m_client.call<Snapshot>([session](Ordo &ordo) -> Result<Snapshot> {
            Snapshot s;
            ORDO_TRY(lines, ordo.cart().lines(session));
            ORDO_TRY(problems, ordo.cart().problems(session));
            for (const CartLine &line : std::as_const(lines)) {
                CartRow row{line, {}, {}, 0, {}, problems.value(line.id)};
                if (auto item = ordo.catalog().item(session, line.itemId)) {
                    row.itemName = item->name;
                    row.schema = item->schema;
                    if (row.problem.isEmpty()) {
                        ORDO_TRY(quote, ordo.catalog().quote(*item, line.parameters));
                        row.unitMonthlyCents = quote.unitMonthlyCents;
                        row.currency = quote.currency;
                    }
                }
                s.rows.append(row);
            }
            if (lines.isEmpty()) {
                s.previewProblem = tr("Your cart is empty: add services from the catalog.");
            } else if (!problems.isEmpty()) {
                s.previewProblem = tr("Fix or remove the lines marked with a problem.");
            } else if (auto preview = ordo.orders().preview(session)) {
                s.preview = *preview;
            } else {
                s.previewProblem = preview.error().message;
            }
            return s;
        }), [this](const Result<Snapshot> &snapshot) {
            m_loading = false;
            if (!snapshot)
                m_status->setText(tr("Cannot load the cart: %1").arg(snapshot.error().message));
            else
                present(*snapshot);
            if (m_stale)
                load();
            else if (snapshot)
                Q_EMIT loaded(static_cast<int>(snapshot->rows.size()));
        });
}

void CartPage::present(const Snapshot &snapshot)
{
    const Id current = m_view->currentIndex().data(CartModel::LineIdRole).toLongLong();
    m_model->setRows(snapshot.rows);
    m_view->resizeColumnsToContents();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row, 0).data(CartModel::LineIdRole).toLongLong() == current)
            m_view->setCurrentIndex(m_model->index(row, CartModel::Quantity));
    }
    if (!m_view->currentIndex().isValid() && m_model->rowCount() > 0)
        m_view->setCurrentIndex(m_model->index(0, CartModel::Quantity));
    showLineEditor();

    m_lastPreview = snapshot.preview;
    if (snapshot.preview) {
        m_preview->setPreview(*snapshot.preview);
        m_total->setText(tr("Total: %1 per month").arg(formatMoney(snapshot.preview->monthlyCents, snapshot.preview->currency)));
    } else {
        m_preview->setUnavailable(snapshot.previewProblem);
        m_total->clear();
    }
    m_checkout->setEnabled(snapshot.preview && snapshot.preview->violations.isEmpty());
    m_remove->setEnabled(!snapshot.rows.isEmpty());
}

void CartPage::showLineEditor()
{
    const int row = m_view->currentIndex().row();
    if (row < 0 || row >= m_model->rows().size()) {
        m_lineForm->setSchema({});
        m_formLine = 0;
        m_applyParameters->setEnabled(false);
        return;
    }
    const CartRow &line = m_model->rows().at(row);
    // A reload (change feed, an answer to a change) keeps the form of the same
    // line: rebuilding it would throw away what the user is typing. It is
    // built anew for another line, or when the stored parameters changed
    // elsewhere and the user has not touched the form.
    const bool sameLine = line.line.id == m_formLine;
    const bool edited = m_lineForm->values() != m_formBaseline;
    if (!sameLine || (!edited && line.line.parameters != m_formStored)) {
        m_lineForm->setSchema(line.schema, line.line.parameters);
        m_formLine = line.line.id;
        m_formBaseline = m_lineForm->values();
    } else if (m_lineForm->values() == line.line.parameters) {
        m_formBaseline = m_lineForm->values(); // applied: the form and the cart agree again
    }
    m_formStored = line.line.parameters;
    m_applyParameters->setEnabled(m_lineForm->isValid() && !line.schema.parameters().isEmpty());
}

void CartPage::applyParameters()
{
    const Id lineId = m_view->currentIndex().data(CartModel::LineIdRole).toLongLong();
    if (lineId == 0 || !m_lineForm->isValid())
        return;
    const QVariantMap parameters = m_lineForm->values();
    const Session session = m_session;
    change([=](Ordo &ordo) { return ordo.cart().setParameters(session, lineId, parameters); });
}

void CartPage::setQuantity(Id lineId, int quantity)
{
    const Session session = m_session;
    change([=](Ordo &ordo) { return ordo.cart().setQuantity(session, lineId, quantity); });
}

void CartPage::removeLine()
{
    const Id lineId = m_view->currentIndex().data(CartModel::LineIdRole).toLongLong();
    if (lineId == 0)
        return;
    const Session session = m_session;
    change([=](Ordo &ordo) { return ordo.cart().remove(session, lineId); });
}

void CartPage::change(std::function<Status(Ordo &)> fn)
{
    m_status->clear();
    whenDone(this, m_client.call<Ok>(std::move(fn)), [this](const Status &done) {
        if (!done)
            m_status->setText(done.error().message);
        reload();
    });
}

void CartPage::openCheckout()
{
    if (!m_lastPreview || m_checkoutDialog)
        return;
    // One request id per confirmation: pressing "Place order" twice places one order.
    const QString requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("checkoutDialog"));
    dialog->setWindowTitle(tr("Confirm your order"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *intro = new QLabel(tr("%n service line(s) will be ordered:", nullptr, static_cast<int>(m_lastPreview->lines.size())), dialog);
    auto *preview = new PreviewPanel(dialog);
    preview->setObjectName(QStringLiteral("checkoutPreview"));
    preview->setPreview(*m_lastPreview);
    auto *error = new QLabel(dialog);
    error->setObjectName(QStringLiteral("checkoutError"));
    error->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    QPushButton *confirm = buttons->addButton(tr("&Place order"), QDialogButtonBox::AcceptRole);
    confirm->setObjectName(QStringLiteral("checkoutConfirm"));
    confirm->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    // The cart shown is the cart ordered: the core refuses one that changed since this preview.
    connect(confirm, &QPushButton::clicked, this, [this, requestId, confirm, cartVersion = m_lastPreview->cartVersion] {
        confirm->setEnabled(false);
        placeOrder(requestId, cartVersion);
    });
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(intro);
    layout->addWidget(preview);
    layout->addWidget(error);
    layout->addWidget(buttons);
    m_checkoutDialog = dialog;
    connect(dialog, &QObject::destroyed, this, [this] { m_checkoutDialog = nullptr; });
    dialog->open();
}

void CartPage::placeOrder(const QString &requestId, const QString &cartVersion)
{
    const Session session = m_session;
    whenDone(this, m_client.call<Order>([=](Ordo &ordo) { return ordo.orders().checkout(session, requestId, cartVersion); }),
        [this](const Result<Order> &order) {
            if (!order && order.error().code == ErrorCode::Conflict) {
                // The cart moved: what the dialog shows is no longer what would be ordered.
                if (m_checkoutDialog)
                    m_checkoutDialog->reject();
                m_status->setText(tr("The order was not placed: %1").arg(order.error().message));
                reload();
                return;
            }
            if (!order) {
                if (m_checkoutDialog) {
                    if (auto *error = m_checkoutDialog->findChild<QLabel *>(QStringLiteral("checkoutError")))
                        error->setText(tr("The order was not placed: %1").arg(order.error().message));
                    if (auto *confirm = m_checkoutDialog->findChild<QPushButton *>(QStringLiteral("checkoutConfirm")))
                        confirm->setEnabled(true);
                }
                reload();
                return;
            }
            if (m_checkoutDialog)
                m_checkoutDialog->accept();
            m_status->setText(tr("Order %1 placed.").arg(order->id));
            reload();
            Q_EMIT orderPlaced(order->id);
        });
}

void CartPage::onChanges(const QList<Change> &changes)
{
    // Orders of the tenant move the quota figures of the preview.
    for (const Change &change : changes) {
        if (change.kind == ChangeKind::Order && change.tenantId == m_session.tenant.id) {
            reload();
            return;
        }
    }
}

} // namespace ordo::ui
