#pragma once

#include "domain/Accounts.h"
#include "store/ChangeLog.h"

#include <QMainWindow>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableView;

namespace ordo {
class OrdoClient;
}

namespace ordo::engine {
class Engine;
}

namespace ordo::ui {

class CatalogModel;
class MailboxModel;

// The console's window, for one signed-in user. For now it shows the service
// catalog of the user's tenant and the mailbox (the mail outbox, for staff);
// the full console (cart, approvals, workflow monitor) follows. Everything
// comes through the client, continued on the GUI thread; the mailbox follows
// the change feed by itself.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    // Signs in through the client at the first reload(); the client must outlive the window.
    MainWindow(OrdoClient &client, QString user, QString password, QWidget *parent = nullptr);

    CatalogModel *catalogModel() const { return m_catalogModel; }

    // Loads the catalog and the mailbox without waiting for them; catalogLoaded()
    // and mailboxLoaded(), or loadFailed(), follow.
    void reload();

    // The engine the console hosts. Closing the window hands its running steps
    // back without waiting for their actions; closed() follows.
    void hostEngine(engine::Engine *engine);

Q_SIGNALS:
    // The window is closed and the hosted engine, if any, has handed back its steps.
    void closed();
    void catalogLoaded(int items);
    void mailboxLoaded(int mails);
    void loadFailed(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void load();
    void loadCatalog();
    void loadMailbox();
    void onChanges(const QList<Change> &changes);
    void fail(const QString &message);

    OrdoClient &m_client;
    engine::Engine *m_engine = nullptr;
    QString m_user;
    QString m_password; // until signed in
    std::optional<Session> m_session;
    bool m_mailboxLoading = false;
    bool m_mailboxStale = false; // changed while it loaded: load again
    CatalogModel *m_catalogModel;
    QTableView *m_catalogView;
    MailboxModel *m_mailboxModel;
    QTableView *m_mailboxView;
    QPlainTextEdit *m_mailBody;
    QTabWidget *m_tabs;
    QWidget *m_mailbox;
    QLabel *m_statusLabel;
};

} // namespace ordo::ui
