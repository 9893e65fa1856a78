#pragma once

#include "domain/Accounts.h"
#include "store/ChangeLog.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace ordo {
class OrdoClient;
}

namespace ordo::ui {

class SearchFilterModel;
class TicketModel;

// Support's tickets from the embedded ticket store: the list, filtered by the
// state of the workflow each one is about and by text, and the selected
// ticket with its comments. Follows the change feed: a ticket opened or
// commented on, or its workflow moving on, shows without a manual reload.
class TicketsPage final : public QWidget
{
    Q_OBJECT

public:
    TicketsPage(OrdoClient &client, const Session &session, QWidget *parent = nullptr);

    TicketModel *model() const { return m_model; }
    void reload();

Q_SIGNALS:
    void loaded(int tickets);
    void loadFailed(const QString &message);
    // The selected ticket's details show its comments.
    void commentsShown(qint64 ticketId, int comments);
    // "Open workflow": the window shows this workflow in the monitor.
    void workflowRequested(qint64 workflowId);

private:
    void load();
    void onChanges(const QList<Change> &changes);
    void showSelected();
    void loadComments(qint64 ticketId);
    void openWorkflow();

    OrdoClient &m_client;
    Session m_session;
    TicketModel *m_model;
    SearchFilterModel *m_filter;
    QComboBox *m_stateFilter;
    QLineEdit *m_textFilter;
    QTableView *m_view;
    QTextBrowser *m_details;
    QPushButton *m_openWorkflow;
    QLabel *m_status;
    bool m_loading = false;
    bool m_stale = false; // changed while it loaded: load again
    qint64 m_shownTicket = 0;
    QString m_shownVersion; // the shown ticket's newest comment time and workflow state: when they move, it shows again
    quint64 m_commentsAsked = 0; // the newest comment request: older answers are dropped
};

} // namespace ordo::ui
