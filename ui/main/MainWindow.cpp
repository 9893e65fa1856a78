#include "main/MainWindow.h"

#include "Ordo.h"
#include "catalog/CatalogModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLoggingCategory>
#include <QStatusBar>
#include <QTableView>
#include <QtConcurrent>

Q_LOGGING_CATEGORY(lcUi, "ordo.ui", QtInfoMsg)

namespace ordo::ui {

MainWindow::MainWindow(QString databasePath, QWidget *parent)
    : QMainWindow(parent)
    , m_databasePath(std::move(databasePath))
    , m_catalogModel(new CatalogModel(this))
    , m_catalogView(new QTableView(this))
    , m_statusLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Ordo"));
    m_catalogView->setObjectName(QStringLiteral("catalogTableView"));
    m_catalogView->setModel(m_catalogModel);
    m_catalogView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_catalogView->horizontalHeader()->setStretchLastSection(true);
    m_catalogView->verticalHeader()->hide();
    setCentralWidget(m_catalogView);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    statusBar()->addWidget(m_statusLabel, 1);
    m_statusLabel->setText(tr("Opening %1 ...").arg(m_databasePath));
    resize(900, 500);
}

void MainWindow::reload()
{
    // The database is opened on the worker thread that reads it: a Qt SQL
    // connection belongs to the thread that made it, and the GUI never waits on disk.
    QtConcurrent::run([path = m_databasePath]() -> Result<QList<CatalogItem>> {
        ORDO_TRY(opened, Ordo::open(path));
        return opened->store().catalogItems();
    }).then(this, [this](const Result<QList<CatalogItem>> &items) {
        if (!items) {
            qCWarning(lcUi) << "loading the catalog failed:" << items.error().message;
            m_statusLabel->setText(tr("Cannot open the database: %1").arg(items.error().message));
            Q_EMIT loadFailed(items.error().message);
            return;
        }
        m_catalogModel->setItems(*items);
        m_catalogView->resizeColumnsToContents();
        m_statusLabel->setText(tr("%n service(s) in the catalog of %1", nullptr, static_cast<int>(items->size()))
                                   .arg(m_databasePath));
        Q_EMIT catalogLoaded(static_cast<int>(items->size()));
    });
}

} // namespace ordo::ui
