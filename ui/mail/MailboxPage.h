#pragma once

#include "domain/Accounts.h"
#include "store/ChangeLog.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace ordo {
class OrdoClient;
}

namespace ordo::ui {

class MailboxModel;
class SearchFilterModel;

// Support's mailbox: the mails Ordo wrote (the outbox, which is the mailbox
// when no SMTP server is configured), newest first, filtered by delivery state
// and by recipient or text, and the selected mail in full. Mail is queued with
// the order, approval or workflow change that causes it, so the page reloads
// when such a change of a tenant it shows arrives.
class MailboxPage final : public QWidget
{
    Q_OBJECT

public:
    MailboxPage(OrdoClient &client, const Session &session, QWidget *parent = nullptr);

    MailboxModel *model() const { return m_model; }
    void reload();

Q_SIGNALS:
    void loaded(int mails);
    void loadFailed(const QString &message);

private:
    void load();
    void onChanges(const QList<Change> &changes);
    void showSelected();

    OrdoClient &m_client;
    Session m_session;
    MailboxModel *m_model;
    SearchFilterModel *m_filter;
    QComboBox *m_stateFilter;
    QLineEdit *m_textFilter;
    QTableView *m_view;
    QLabel *m_header;
    QPlainTextEdit *m_body;
    QLabel *m_status;
    bool m_loading = false;
    bool m_stale = false; // changed while it loaded: load again
};

} // namespace ordo::ui
