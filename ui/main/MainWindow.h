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
class QStackedWidget;

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
class CmdbPage;
class MailboxPage;
class MyOrdersPage;
class TicketsPage;
class WorkflowsPage;

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

    // Signs in if not yet, or loads the support pages again, without waiting:
    // the pages load by themselves once signed in; catalogLoaded() and
    // mailboxLoaded(), or loadFailed(), follow.
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
    // The page of one section.
    QWidget *createSection(Section section, const Session &session);
    void setSession(const Session &session);
    void load();
    // The pages follow the feed by themselves; the window shows how fresh the data is.
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
    QString m_catalogSummary; // the status line while the catalog is shown
    QDateTime m_liveSince; // when the feed opened
    QString m_notLiveBecause; // why the feed stopped, while it is stopped
    CatalogPage *m_catalogPage = nullptr;
    CartPage *m_cartPage = nullptr;
    MyOrdersPage *m_ordersPage = nullptr;
    WorkflowsPage *m_workflowsPage = nullptr;
    TicketsPage *m_ticketsPage = nullptr;
    CmdbPage *m_cmdbPage = nullptr;
    MailboxPage *m_mailboxPage = nullptr;
    QListWidget *m_sectionList;
    QStackedWidget *m_pages;
    QLabel *m_statusLabel;
    QLabel *m_statusUser;
    QLabel *m_statusTenant;
    QLabel *m_statusDatabase;
    QLabel *m_statusFreshness;
};

} // namespace ordo::ui
