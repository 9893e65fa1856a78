#include "main/MainWindow.h"

#include "Ordo.h"
#include "catalog/CatalogModel.h"
#include "engine/Engine.h"
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
#include <QtConcurrent>

Q_LOGGING_CATEGORY(lcUi, "ordo.ui", QtInfoMsg)

namespace ordo::ui {

MainWindow::MainWindow(QString databasePath, QWidget *parent)
    : QMainWindow(parent)
    , m_databasePath(std::move(databasePath))
    , m_catalogModel(new CatalogModel(this))
    , m_catalogView(new QTableView(this))
    , m_mailboxModel(new MailboxModel(this))
    , m_mailboxView(new QTableView(this))
    , m_mailBody(new QPlainTextEdit(this))
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

    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("mainTabs"));
    tabs->addTab(m_catalogView, tr("Catalog"));
    tabs->addTab(mailbox, tr("Mailbox"));
    setCentralWidget(tabs);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    statusBar()->addWidget(m_statusLabel, 1);
    m_statusLabel->setText(tr("Opening %1 ...").arg(m_databasePath));
    resize(900, 500);
}

void MainWindow::reload()
{
    struct Loaded
    {
        QList<CatalogItem> catalog;
        QList<OutboxEntry> mails;
    };
    // The database is opened on the worker thread that reads it: a Qt SQL
    // connection belongs to the thread that made it, and the GUI never waits on disk.
    QtConcurrent::run([path = m_databasePath]() -> Result<Loaded> {
        ORDO_TRY(opened, Ordo::open(path));
        ORDO_TRY(catalog, opened->store().catalogItems());
        ORDO_TRY(mails, opened->outbox().entries());
        return Loaded{catalog, mails};
    }).then(this, [this](const Result<Loaded> &loaded) {
        if (!loaded) {
            qCWarning(lcUi) << "loading failed:" << loaded.error().message;
            m_statusLabel->setText(tr("Cannot open the database: %1").arg(loaded.error().message));
            Q_EMIT loadFailed(loaded.error().message);
            return;
        }
        m_catalogModel->setItems(loaded->catalog);
        m_catalogView->resizeColumnsToContents();
        m_mailboxModel->setEntries(loaded->mails);
        m_mailboxView->resizeColumnsToContents();
        m_mailBody->clear();
        m_statusLabel->setText(tr("%n service(s) in the catalog of %1", nullptr, static_cast<int>(loaded->catalog.size()))
                                   .arg(m_databasePath));
        Q_EMIT catalogLoaded(static_cast<int>(loaded->catalog.size()));
        Q_EMIT mailboxLoaded(static_cast<int>(loaded->mails.size()));
    });
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
