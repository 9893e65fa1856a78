#pragma once

#include "util/Result.h"

#include <QMainWindow>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace ordo::engine {
class Engine;
}

namespace ordo::ui {

class CatalogModel;
class MailboxModel;

// The console's window. For now it shows the service catalog of the opened
// database and the mailbox (the mail outbox); the full console (cart,
// approvals, workflow monitor) follows.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QString databasePath, QWidget *parent = nullptr);

    CatalogModel *catalogModel() const { return m_catalogModel; }

    // Loads the catalog and the mailbox on a worker thread; catalogLoaded()
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
    QString m_databasePath;
    engine::Engine *m_engine = nullptr;
    CatalogModel *m_catalogModel;
    QTableView *m_catalogView;
    MailboxModel *m_mailboxModel;
    QTableView *m_mailboxView;
    QPlainTextEdit *m_mailBody;
    QLabel *m_statusLabel;
};

} // namespace ordo::ui
