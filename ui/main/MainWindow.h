#pragma once

#include "util/Result.h"

#include <QMainWindow>

class QLabel;
class QPlainTextEdit;
class QTableView;

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

Q_SIGNALS:
    void catalogLoaded(int items);
    void mailboxLoaded(int mails);
    void loadFailed(const QString &message);

private:
    QString m_databasePath;
    CatalogModel *m_catalogModel;
    QTableView *m_catalogView;
    MailboxModel *m_mailboxModel;
    QTableView *m_mailboxView;
    QPlainTextEdit *m_mailBody;
    QLabel *m_statusLabel;
};

} // namespace ordo::ui
