#include "main/MainWindow.h"

#include "client/OrdoClient.h"
#include "services/Access.h"
#include "engine/Engine.h"
#include "catalog/CatalogModel.h"
#include "mail/MailboxModel.h"

#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

Q_LOGGING_CATEGORY(lcUi, "ordo.ui", QtInfoMsg)

namespace ordo::ui {

MainWindow::MainWindow(OrdoClient &client, QString user, QString password, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_user(std::move(user))
    , m_password(std::move(password))
    , m_catalogModel(new CatalogModel(this))
    , m_catalogView(new QTableView(this))
    , m_mailboxModel(new MailboxModel(this))
    , m_mailboxView(new QTableView(this))
    , m_mailBody(new QPlainTextEdit(this))
    , m_tabs(new QTabWidget(this))
    , m_mailbox(nullptr)
    , m_statusLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Ordo"));
    m_catalogView->setObjectName(QStringLiteral("catalogTableView"));
    m_catalogView->setModel(m_catalogModel);
    m_catalogView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_catalogView->horizontalHeader()->setStretchLastSection(true);
    m_catalogView->verticalHeader()->hide();

    m_mailboxView->setObjectName(QStringLiteral("mailboxTableView"));
    m_mailboxView->setModel(m_mailboxModel);
    m_mailboxView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_mailboxView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_mailboxView->horizontalHeader()->setStretchLastSection(true);
    m_mailboxView->verticalHeader()->hide();
    m_mailBody->setObjectName(QStringLiteral("mailBodyView"));
    m_mailBody->setReadOnly(true);
    connect(m_mailboxView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        m_mailBody->setPlainText(current.data(MailboxModel::BodyRole).toString());
    });
    auto *mailbox = new QSplitter(Qt::Vertical, this);
    mailbox->addWidget(m_mailboxView);
    mailbox->addWidget(m_mailBody);
    m_mailbox = mailbox;

    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_catalogView, tr("Catalog"));
    m_tabs->addTab(mailbox, tr("Mailbox"));
    setCentralWidget(m_tabs);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    statusBar()->addWidget(m_statusLabel, 1);
    m_statusLabel->setText(tr("Signing in as %1 ...").arg(m_user));
    resize(900, 500);
    connect(&m_client, &OrdoClient::changed, this, &MainWindow::onChanges);
}

void MainWindow::reload()
{
    if (m_session) {
        load();
        return;
    }
    m_client.opened().then(this, [this](const Status &opened) {
        if (!opened) {
            fail(tr("Cannot open the database: %1").arg(opened.error().message));
            return;
        }
        m_client.login(m_user, m_password).then(this, [this](const Result<Session> &session) {
            if (!session) {
                fail(tr("Cannot sign in as %1: %2").arg(m_user, session.error().message));
                return;
            }
            m_session = *session;
            m_password.clear();
            load();
        });
    });
}

void MainWindow::load()
{
    loadCatalog();
    loadMailbox();
}

void MainWindow::loadCatalog()
{
    m_client.catalogItems(*m_session).then(this, [this](const Result<QList<CatalogItem>> &items) {
        if (!items) {
            fail(tr("Cannot load the catalog: %1").arg(items.error().message));
            return;
        }
        m_catalogModel->setItems(*items);
        m_catalogView->resizeColumnsToContents();
        m_statusLabel->setText(tr("%n service(s) in the catalog of %1", nullptr, static_cast<int>(items->size()))
                                   .arg(m_session->tenant.name));
        Q_EMIT catalogLoaded(static_cast<int>(items->size()));
    });
}

void MainWindow::loadMailbox()
{
    if (m_mailboxLoading) {
        m_mailboxStale = true;
        return;
    }
    m_mailboxLoading = true;
    m_client.outbox(*m_session).then(this, [this](const Result<QList<OutboxEntry>> &mails) {
        m_mailboxLoading = false;
        // Customers and approvers have no mailbox: the outbox is staff's.
        const bool allowed = mails || mails.error().code != ErrorCode::NotPermitted;
        m_tabs->setTabEnabled(m_tabs->indexOf(m_mailbox), allowed);
        if (!mails && allowed) {
            fail(tr("Cannot load the mailbox: %1").arg(mails.error().message));
            return;
        }
        const QList<OutboxEntry> entries = mails ? *mails : QList<OutboxEntry>();
        m_mailboxModel->setEntries(entries);
        m_mailboxView->resizeColumnsToContents();
        m_mailBody->clear();
        Q_EMIT mailboxLoaded(static_cast<int>(entries.size()));
        if (std::exchange(m_mailboxStale, false))
            loadMailbox();
    });
}

void MainWindow::onChanges(const QList<Change> &changes)
{
    if (!m_session)
        return;
    // Orders, approvals and workflows queue mail in their own transaction:
    // a change in a tenant the mailbox shows may have added some.
    const bool relevant = std::any_of(changes.cbegin(), changes.cend(), [&](const Change &c) { return concerns(*m_session, c.tenantId); });
    if (relevant && m_tabs->isTabEnabled(m_tabs->indexOf(m_mailbox)))
        loadMailbox();
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
