#include "main/MainWindow.h"

#include "approvals/ApprovalsPage.h"
#include "cart/CartPage.h"
#include "catalog/CatalogPage.h"
#include "common/WhenDone.h"
#include "mail/MailboxPage.h"
#include "orders/MyOrdersPage.h"
#include "servicedesk/CmdbPage.h"
#include "servicedesk/TicketsPage.h"
#include "workflows/WorkflowsPage.h"

#include "client/OrdoClient.h"
#include "engine/Engine.h"
#include "catalog/CatalogModel.h"

#include <QCloseEvent>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QLoggingCategory>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

#include <utility>

Q_LOGGING_CATEGORY(lcUi, "ordo.ui", QtInfoMsg)

namespace ordo::ui {

namespace {

const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");

} // namespace

MainWindow::MainWindow(OrdoClient &client, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_sectionList(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_statusLabel(new QLabel(this))
    , m_statusUser(new QLabel(this))
    , m_statusTenant(new QLabel(this))
    , m_statusDatabase(new QLabel(this))
    , m_statusFreshness(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Ordo"));
    m_sectionList->setObjectName(QStringLiteral("sections"));
    m_sectionList->setAccessibleName(tr("Sections"));
    m_sectionList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_pages->setObjectName(QStringLiteral("pages"));
    connect(m_sectionList, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    // The catalog's count belongs to the catalog; anything else the line says stays until replaced.
    connect(m_sectionList, &QListWidget::currentRowChanged, this, [this](int row) {
        const bool catalogShown = row >= 0 && row < m_sections.size() && m_sections.at(row) == Section::Catalog;
        if (!catalogShown && m_statusLabel->text() == m_catalogSummary)
            m_statusLabel->clear();
        else if (catalogShown && m_statusLabel->text().isEmpty())
            m_statusLabel->setText(m_catalogSummary);
    });
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("mainSplitter"));
    split->addWidget(m_sectionList);
    split->addWidget(m_pages);
    split->setStretchFactor(1, 1);
    setCentralWidget(split);
    // Ctrl+1..9: the n-th section, from anywhere in the window.
    for (int n = 1; n <= 9; ++n) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + n)), this);
        connect(shortcut, &QShortcut::activated, this, [this, n] {
            if (n <= m_sectionList->count())
                m_sectionList->setCurrentRow(n - 1);
        });
    }

    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusUser->setObjectName(QStringLiteral("statusUser"));
    m_statusTenant->setObjectName(QStringLiteral("statusTenant"));
    m_statusDatabase->setObjectName(QStringLiteral("statusDatabase"));
    m_statusFreshness->setObjectName(QStringLiteral("statusFreshness"));
    statusBar()->addWidget(m_statusLabel, 1);
    for (QLabel *label : {m_statusUser, m_statusTenant, m_statusDatabase, m_statusFreshness})
        statusBar()->addPermanentWidget(label);
    showFreshness();

    resize(900, 500);
    QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
    connect(&m_client, &OrdoClient::changed, this, &MainWindow::onChanges);
    connect(&m_client, &OrdoClient::feedStopped, this, [this](const QString &why) {
        m_live = false;
        m_notLiveBecause = why;
        showFreshness();
    });
    connect(&m_client, &OrdoClient::feedResumed, this, [this] {
        m_live = true;
        m_notLiveBecause.clear();
        showFreshness();
    });
    whenDone(this, m_client.opened(), [this](const Status &opened) {
        // The change feed opens with the database: live from then on.
        m_live = opened.ok();
        m_liveSince = QDateTime::currentDateTime();
        showFreshness();
    });
    whenDone(this, m_client.call<QString>([](Ordo &o) -> Result<QString> { return o.databasePath(); }),
        [this](const Result<QString> &path) {
        if (path) {
            m_statusDatabase->setText(*path);
            m_statusDatabase->setToolTip(tr("The database this console works on"));
        }
    });
}

MainWindow::MainWindow(OrdoClient &client, QString user, QString password, QWidget *parent)
    : MainWindow(client, parent)
{
    m_user = std::move(user);
    m_password = std::move(password);
    m_statusLabel->setText(tr("Signing in as %1 ...").arg(m_user));
}

MainWindow::MainWindow(OrdoClient &client, const Session &session, QWidget *parent)
    : MainWindow(client, parent)
{
    m_user = session.user.name;
    setSession(session);
}

CatalogModel *MainWindow::catalogModel() const
{
    return m_catalogPage ? m_catalogPage->model() : nullptr;
}

QString MainWindow::sectionTitle(Section section)
{
    switch (section) {
    case Section::Catalog: return tr("Catalog");
    case Section::Cart: return tr("Cart");
    case Section::MyOrders: return tr("My orders");
    case Section::Approvals: return tr("Approvals");
    case Section::Workflows: return tr("Workflows");
    case Section::Tickets: return tr("Tickets");
    case Section::Cmdb: return tr("CMDB");
    case Section::Mailbox: return tr("Mailbox");
    }
    return {};
}

void MainWindow::setSession(const Session &session)
{
    m_session = session;
    m_sections = sectionsFor(session);
    for (const Section section : std::as_const(m_sections)) {
        const int n = m_sectionList->count() + 1;
        auto *item = new QListWidgetItem(sectionTitle(section), m_sectionList);
        if (n <= 9)
            item->setToolTip(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + n)).toString(QKeySequence::NativeText));
        m_pages->addWidget(createSection(section, session));
    }
    m_sectionList->setCurrentRow(0);
    m_statusUser->setText(session.user.displayName.isEmpty() ? session.user.name : session.user.displayName);
    m_statusTenant->setText(session.tenant.name.isEmpty() ? tr("every tenant") : session.tenant.name);
    setWindowTitle(tr("Ordo - %1").arg(m_statusUser->text()));
    Q_EMIT signedIn();
}

QWidget *MainWindow::createSection(Section section, const Session &session)
{
    switch (section) {
    case Section::Catalog: {
        m_catalogPage = new CatalogPage(m_client, session, this);
        m_catalogPage->setObjectName(QStringLiteral("catalogPage"));
        connect(m_catalogPage, &CatalogPage::loaded, this, [this](int items) {
            m_catalogSummary = tr("%n service(s) in the catalog of %1", nullptr, items).arg(m_session->tenant.name);
            if (m_pages->currentWidget() == m_catalogPage)
                m_statusLabel->setText(m_catalogSummary);
            Q_EMIT catalogLoaded(items);
        });
        connect(m_catalogPage, &CatalogPage::loadFailed, this, &MainWindow::fail);
        connect(m_catalogPage, &CatalogPage::addedToCart, this, [this] {
            if (m_cartPage)
                m_cartPage->reload();
        });
        return m_catalogPage;
    }
    case Section::Cart:
        m_cartPage = new CartPage(m_client, session, this);
        m_cartPage->setObjectName(QStringLiteral("cartPage"));
        connect(m_cartPage, &CartPage::orderPlaced, this, [this](Id orderId) {
            showSection(Section::MyOrders);
            if (m_ordersPage)
                m_ordersPage->showOrder(orderId);
        });
        return m_cartPage;
    case Section::MyOrders:
        m_ordersPage = new MyOrdersPage(m_client, session, this);
        m_ordersPage->setObjectName(QStringLiteral("myOrdersPage"));
        connect(this, &MainWindow::orderRequested, m_ordersPage, [this](Section requested, qint64 orderId) {
            if (requested == Section::MyOrders)
                m_ordersPage->showOrder(orderId);
        });
        return m_ordersPage;
    case Section::Mailbox:
        m_mailboxPage = new MailboxPage(m_client, session, this);
        m_mailboxPage->setObjectName(QStringLiteral("mailboxPage"));
        connect(m_mailboxPage, &MailboxPage::loaded, this, &MainWindow::mailboxLoaded);
        connect(m_mailboxPage, &MailboxPage::loadFailed, this, &MainWindow::fail);
        return m_mailboxPage;
    case Section::Approvals: {
        auto *approvals = new ApprovalsPage(m_client, session, this);
        connect(this, &MainWindow::orderRequested, approvals, [approvals](Section requested, qint64 orderId) {
            if (requested == Section::Approvals)
                approvals->showOrder(orderId);
        });
        return approvals;
    }
    case Section::Workflows:
        m_workflowsPage = new WorkflowsPage(m_client, session, this);
        return m_workflowsPage;
    case Section::Tickets:
        m_ticketsPage = new TicketsPage(m_client, session, this);
        m_ticketsPage->setObjectName(QStringLiteral("ticketsPage"));
        connect(m_ticketsPage, &TicketsPage::loadFailed, this, &MainWindow::fail);
        connect(m_ticketsPage, &TicketsPage::workflowRequested, this, [this](qint64 workflowId) {
            if (m_workflowsPage && showSection(Section::Workflows))
                m_workflowsPage->showWorkflow(workflowId);
        });
        return m_ticketsPage;
    case Section::Cmdb:
        m_cmdbPage = new CmdbPage(m_client, session, this);
        m_cmdbPage->setObjectName(QStringLiteral("cmdbPage"));
        connect(m_cmdbPage, &CmdbPage::loadFailed, this, &MainWindow::fail);
        return m_cmdbPage;
    }
    Q_UNREACHABLE();
    return nullptr;
}

bool MainWindow::showSection(Section section)
{
    const int row = int(m_sections.indexOf(section));
    if (row < 0)
        return false;
    m_sectionList->setCurrentRow(row);
    return true;
}

void MainWindow::raiseWindow()
{
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
}

void MainWindow::openLink(const DeepLink &link)
{
    raiseWindow();
    m_pendingLink = link;
    if (m_session)
        openPendingLink();
}

void MainWindow::openPendingLink()
{
    const DeepLink link = *std::exchange(m_pendingLink, std::nullopt);
    // An approval link for someone who does not approve shows the order as theirs, if it is.
    const Section section = link.target == DeepLink::Target::Approval && m_sections.contains(Section::Approvals)
                                ? Section::Approvals
                                : Section::MyOrders;
    showSection(section);
    Q_EMIT orderRequested(section, link.orderId);
}

void MainWindow::reload()
{
    if (m_session) {
        load();
        return;
    }
    whenDone(this, m_client.opened(), [this](const Status &opened) {
        if (!opened) {
            fail(tr("Cannot open the database: %1").arg(opened.error().message));
            return;
        }
        whenDone(this, m_client.login(m_user, m_password), [this](const Result<Session> &session) {
            if (!session) {
                fail(tr("Cannot sign in as %1: %2").arg(m_user, session.error().message));
                return;
            }
            m_password.clear();
            setSession(*session);
            if (m_pendingLink)
                openPendingLink();
        });
    });
}

void MainWindow::load()
{
    if (m_ticketsPage)
        m_ticketsPage->reload();
    if (m_cmdbPage)
        m_cmdbPage->reload();
    if (m_mailboxPage)
        m_mailboxPage->reload();
}

void MainWindow::onChanges(const QList<Change> &)
{
    m_live = true;
    m_lastChange = QDateTime::currentDateTime();
    showFreshness();
}

void MainWindow::showFreshness()
{
    const QString last = m_lastChange.isValid() ? QLocale().toString(m_lastChange.time(), QLocale::ShortFormat) : QString();
    if (m_live) {
        m_statusFreshness->setText(tr("Live"));
        m_statusFreshness->setToolTip(last.isEmpty() ? tr("Changes show as they happen") : tr("Changes show as they happen; the last at %1").arg(last));
    } else if (!m_notLiveBecause.isEmpty()) {
        // What is shown was current at the last change seen (or when the feed opened, if none came).
        const QDateTime asOf = m_lastChange.isValid() ? m_lastChange : m_liveSince;
        m_statusFreshness->setText(tr("⚠ Not live: as of %1").arg(QLocale().toString(asOf.time(), QLocale::ShortFormat)));
        m_statusFreshness->setToolTip(tr("Changes no longer reach this window: %1").arg(m_notLiveBecause));
    } else {
        m_statusFreshness->setText(last.isEmpty() ? tr("Not live") : tr("As of %1").arg(last));
        m_statusFreshness->setToolTip(tr("Changes do not reach this window at the moment"));
    }
    m_statusFreshness->setAccessibleName(tr("Freshness: %1").arg(m_statusFreshness->text()));
}

void MainWindow::fail(const QString &message)
{
    qCWarning(lcUi) << "loading failed:" << message;
    m_statusLabel->setText(message);
    Q_EMIT loadFailed(message);
}

void MainWindow::hostEngine(engine::Engine *engine)
{
    m_engine = engine;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    event->accept();
    if (!m_engine) {
        Q_EMIT closed();
        return;
    }
    // An action may take minutes, or never notice that it is asked to stop:
    // the window goes now, and the steps go back to the queue for any engine.
    connect(m_engine, &engine::Engine::stopped, this, &MainWindow::closed, Qt::SingleShotConnection);
    m_engine->requestStop();
}

} // namespace ordo::ui
