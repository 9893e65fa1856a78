#pragma once

#include "domain/Commerce.h"
#include "store/ChangeLog.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace ordo {
class OrdoClient;
}

namespace ordo::ui {

class OrdersModel;

// The user's own orders with their state, provisioning progress and whom
// they wait on; follows the change feed (orders, workflows and steps).
class MyOrdersPage final : public QWidget
{
    Q_OBJECT

public:
    MyOrdersPage(OrdoClient &client, const Session &session, QWidget *parent = nullptr);

    void reload();
    // Selects the order once it is listed (now, or when a load brings it).
    void showOrder(Id orderId);
    OrdersModel *model() const { return m_model; }

Q_SIGNALS:
    void loaded(int orders);

private:
    void load();
    void selectPending();
    void onChanges(const QList<Change> &changes);

    OrdoClient &m_client;
    Session m_session;
    OrdersModel *m_model;
    QTableView *m_view;
    QLabel *m_status;
    Id m_orderToShow = 0;
    bool m_loading = false;
    bool m_stale = false; // changed while it loaded: load again
    bool m_changeReloadScheduled = false; // a burst of changes waits for one reload
};

} // namespace ordo::ui
