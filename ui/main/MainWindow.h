#pragma once

#include "domain/Accounts.h"
#include "services/Sections.h"
#include "store/ChangeLog.h"
#include "util/DeepLink.h"

#include <QDateTime>
#include <QMainWindow>

#include <optional>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QStackedWidget;
class QTableView;

namespace ordo {
class OrdoClient;
}

namespace ordo::engine {
class Engine;
}

namespace ordo::ui {

class CartPage;
class CatalogModel;
class CatalogPage;
class MyOrdersPage;
class MailboxModel;

// The console's window, for one signed-in user: a list of the sections the
// session's roles open (core's sectionsFor) beside the page of the current
// one, and a status bar with the user, the tenant, the database and how fresh
// the data is. Everything comes through the client, continued on the GUI
// thread; the pages follow the change feed by themselves.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    // Signs in through the client at the first reload(), for scripts that sign
    // in without the dialog; the client must outlive the window.
    MainWindow(OrdoClient &client, QString user, QString password, QWidget *parent = nullptr);
    // For a session the login dialog opened.
    MainWindow(OrdoClient &client, const Session &session, QWidget *parent = nullptr);

    // The catalog page's items; nullptr until signed in.
    CatalogModel *catalogModel() const;
    // The sections shown, in the order of the list; empty until signed in.
    QList<Section> sections() const { return m_sections; }
    static QString sectionTitle(Section section);

    // Loads the catalog and the mailbox without waiting for them; catalogLoaded()
    // and mailboxLoaded(), or loadFailed(), follow.
    void reload();

    // Shows the section, if the session has it.
    bool showSection(Section section);

    // Shows the window in front of the others.
    void raiseWindow();

    // Raises the window and shows the link's order once signed in: approvals
    // for an approver, else My orders. Only shows: changes nothing.
    void openLink(const DeepLink &link);

    // The engine the console hosts. Closing the window hands its running steps
    // back without waiting for their actions; closed() follows.
    void hostEngine(engine::Engine *engine);

Q_SIGNALS:
    // The window is closed and the hosted engine, if any, has handed back its steps.
    void closed();
    void signedIn();
    void catalogLoaded(int items);
    void mailboxLoaded(int mails);
    void loadFailed(const QString &message);
    // A link was opened on this section: its page shows the order.
    void orderRequested(ordo::Section section, qint64 orderId);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    MainWindow(OrdoClient &client, QWidget *parent);
    // The page of one section; the lead swaps the placeholders for the real pages.
    QWidget *createSection(Section section, const Session &session);
    QWidget *placeholder(Section section);
    void setSession(const Session &session);
    void load();
    void loadMailbox();
    void onChanges(const QList<Change> &changes);
    void showFreshness();
    void openPendingLink();
    void fail(const QString &message);

    OrdoClient &m_client;
    engine::Engine *m_engine = nullptr;
    QString m_user;
    QString m_password; // until signed in
    std::optional<Session> m_session;
    QList<Section> m_sections;
    std::optional<DeepLink> m_pendingLink;
    bool m_live = false;
    QDateTime m_lastChange;
    QDateTime m_liveSince; // when the feed opened
    QString m_notLiveBecause; // why the feed stopped, while it is stopped
    bool m_mailboxLoading = false;
    bool m_mailboxStale = false; // changed while it loaded: load again
    CatalogPage *m_catalogPage = nullptr;
    CartPage *m_cartPage = nullptr;
    MyOrdersPage *m_ordersPage = nullptr;
    MailboxModel *m_mailboxModel;
    QTableView *m_mailboxView = nullptr;
    QPlainTextEdit *m_mailBody = nullptr;
    QListWidget *m_sectionList;
    QStackedWidget *m_pages;
    QLabel *m_statusLabel;
    QLabel *m_statusUser;
    QLabel *m_statusTenant;
    QLabel *m_statusDatabase;
    QLabel *m_statusFreshness;
};

} // namespace ordo::ui
