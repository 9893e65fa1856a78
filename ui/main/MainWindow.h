#pragma once

#include "util/Result.h"

#include <QMainWindow>

class QLabel;
class QTableView;

namespace ordo::ui {

class CatalogModel;

// The console's window. For now it shows the service catalog of the opened
// database; the full console (cart, approvals, workflow monitor) follows.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QString databasePath, QWidget *parent = nullptr);

    CatalogModel *catalogModel() const { return m_catalogModel; }

    // Loads the catalog on a worker thread; catalogLoaded() or loadFailed() follows.
    void reload();

Q_SIGNALS:
    void catalogLoaded(int items);
    void loadFailed(const QString &message);

private:
    QString m_databasePath;
    CatalogModel *m_catalogModel;
    QTableView *m_catalogView;
    QLabel *m_statusLabel;
};

} // namespace ordo::ui
