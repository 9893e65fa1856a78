#pragma once

#include "approvals/DecisionResultModel.h"
#include "domain/Accounts.h"
#include "store/ChangeLog.h"

#include <QSet>
#include <QWidget>

#include <optional>

class QAbstractButton;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSystemTrayIcon;
class QTableView;
class QTextBrowser;

namespace ordo {
class OrdoClient;
struct ApprovalDetails;
}

namespace ordo::ui {

class ApprovalQueueFilter;
class ApprovalQueueModel;

// The approval workbench: the orders waiting for this approver, filtered,
// with what to weigh about the current one, and approve or reject with a
// comment for one order or the selected many. Keyboard first: J/K move,
// A or R choose the decision, C goes to the comment, Ctrl+Enter confirms,
// Esc takes the choice back. The queue follows the change feed; an order
// decided elsewhere leaves it with a message naming who decided and when.
class ApprovalsPage final : public QWidget
{
    Q_OBJECT

public:
    // The client must outlive the page.
    ApprovalsPage(OrdoClient &client, const Session &session, QWidget *parent = nullptr);

    ApprovalQueueModel *queueModel() const { return m_queue; }
    ApprovalQueueFilter *queueFilter() const { return m_filter; }
    DecisionResultModel *resultModel() const { return m_results; }

    // Selects the order once it is in the queue (the approval mail's link);
    // if it does not wait for this approver, the message line says why.
    void showOrder(ordo::Id orderId);

Q_SIGNALS:
    void queueLoaded(int orders);
    void detailsLoaded(ordo::Id orderId);
    // The decision confirmed last has a result for every order it covered.
    void decisionsFinished(int orders);
    // An order started waiting for this approver while the page was open.
    void newOrderWaiting(ordo::Id orderId);
    void loadFailed(const QString &message);
    // showOrder's order is not in this approver's queue; the message line says why.
    void orderNotWaiting(ordo::Id orderId);

private:
    enum class Choice { None, Approve, Reject };

    void buildLayout();
    void buildShortcuts();
    void loadQueue();
    void showQueue(QList<Order> orders);
    void onChanges(const QList<Change> &changes);
    void onCurrentChanged();
    void loadDetails(Id orderId);
    void showDetails(const ApprovalDetails &details);
    void tellDecidedElsewhere(Id orderId);
    void selectRequestedOrder();
    void tellNotWaiting(Id orderId);
    void moveCurrent(int step);
    void choose(Choice choice);
    void confirm();
    void showResults(const QList<DecisionResult> &results);
    QList<Id> selectedOrderIds() const;
    Id currentOrderId() const;
    void updateRequesters();
    void updateActions();
    void announce(const QList<Id> &arrived);

    OrdoClient &m_client;
    const Session m_session;
    bool m_loading = false;
    bool m_stale = false; // changed while it loaded: load again
    bool m_loadedOnce = false;
    bool m_deciding = false;
    Choice m_choice = Choice::None;
    Id m_detailsFor = 0;
    Id m_orderToShow = 0; // asked for by showOrder, selected when the queue has loaded
    QSet<Id> m_decidedHere; // orders this page decided: their leaving the queue is no news
    ApprovalQueueModel *m_queue;
    ApprovalQueueFilter *m_filter;
    DecisionResultModel *m_results;
    QLineEdit *m_textFilter;
    QComboBox *m_requesterFilter;
    QDoubleSpinBox *m_minimumCost;
    QTableView *m_queueView;
    QTextBrowser *m_details;
    QPlainTextEdit *m_comment;
    QPushButton *m_approve;
    QPushButton *m_reject;
    QPushButton *m_confirm;
    QLabel *m_message;
    QTableView *m_resultView;
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace ordo::ui
