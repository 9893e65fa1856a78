#include "orders/MyOrdersPage.h"

#include "client/OrdoClient.h"
#include "common/WhenDone.h"
#include "orders/OrdersModel.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QStyleOption>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace ordo::ui {

namespace {

// Changes arriving within this long bring one reload: a stream of step changes
// (1,000 a second) otherwise reloaded the page back to back, stalling the GUI.
constexpr int kCoalesceMs = 200;

// The provisioning column as a progress bar, with the steps as its text.
class ProgressDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const int percent = index.data(OrdersModel::ProgressRole).toInt();
        if (percent < 0) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 2, -2, -2);
        bar.minimum = 0;
        bar.maximum = 100;
        bar.progress = percent;
        bar.text = index.data().toString();
        bar.textVisible = true;
        bar.state = option.state | QStyle::State_Horizontal;
        QStyle *style = option.widget ? option.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
    }
};

} // namespace

MyOrdersPage::MyOrdersPage(OrdoClient &client, const Session &session, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_session(session)
    , m_model(new OrdersModel(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
{
    m_view->setObjectName(QStringLiteral("myOrdersView"));
    m_view->setAccessibleName(tr("My orders"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setItemDelegateForColumn(OrdersModel::Progress, new ProgressDelegate(m_view));
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    m_status->setObjectName(QStringLiteral("myOrdersStatus"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    connect(&m_client, &OrdoClient::changed, this, &MyOrdersPage::onChanges);
    // Queued: a load that finishes before its continuation is attached would
    // report before whoever made the page has connected to it.
    QMetaObject::invokeMethod(this, &MyOrdersPage::reload, Qt::QueuedConnection);
}

void MyOrdersPage::reload()
{
    if (m_loading) {
        m_stale = true;
        return;
    }
    load();
}

void MyOrdersPage::load()
{
    m_loading = true;
    m_stale = false;
    const Session session = m_session;
    whenDone(this, m_client.call<QList<OrderRow>>([session](Ordo &ordo) -> Result<QList<OrderRow>> {
            ORDO_TRY(orders, ordo.orders().mine(session));
            QList<OrderRow> rows;
            for (const Order &order : std::as_const(orders)) {
                ORDO_TRY(progress, ordo.orders().progress(session, order.id));
                rows.append({order, progress});
            }
            std::sort(rows.begin(), rows.end(), [](const OrderRow &a, const OrderRow &b) { return a.order.id > b.order.id; });
            return rows;
        }), [this](const Result<QList<OrderRow>> &rows) {
            m_loading = false;
            if (!rows) {
                m_status->setText(tr("Cannot load your orders: %1").arg(rows.error().message));
            } else {
                const Id current = m_view->currentIndex().data(OrdersModel::OrderIdRole).toLongLong();
                m_model->setRows(*rows);
                m_view->resizeColumnsToContents();
                if (const int row = m_model->rowOf(current); row >= 0)
                    m_view->setCurrentIndex(m_model->index(row, 0));
                selectPending();
                m_status->setText(tr("%n order(s)", nullptr, static_cast<int>(rows->size())));
            }
            if (m_stale)
                load();
            else if (rows)
                Q_EMIT loaded(static_cast<int>(rows->size()));
        });
}

void MyOrdersPage::showOrder(Id orderId)
{
    m_orderToShow = orderId;
    selectPending();
    if (m_orderToShow != 0)
        reload();
}

void MyOrdersPage::selectPending()
{
    if (m_orderToShow == 0)
        return;
    if (const int row = m_model->rowOf(m_orderToShow); row >= 0) {
        m_view->setCurrentIndex(m_model->index(row, 0));
        m_view->scrollTo(m_model->index(row, 0));
        m_orderToShow = 0;
    }
}

void MyOrdersPage::onChanges(const QList<Change> &changes)
{
    for (const Change &change : changes) {
        // Approvals, workflows and steps move an order's state and progress; tickets and CMDB records do not.
        const bool movesOrders = change.kind == ChangeKind::Order || change.kind == ChangeKind::Approval
                                 || change.kind == ChangeKind::Workflow || change.kind == ChangeKind::Step;
        if (movesOrders && change.tenantId == m_session.tenant.id) {
            if (!std::exchange(m_changeReloadScheduled, true))
                QTimer::singleShot(kCoalesceMs, this, [this] {
                    m_changeReloadScheduled = false;
                    reload();
                });
            return;
        }
    }
}

} // namespace ordo::ui
