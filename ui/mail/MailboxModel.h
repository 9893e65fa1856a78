#pragma once

#include "domain/Mail.h"

#include <QAbstractTableModel>

namespace ordo::ui {

// The mail outbox as a table, newest first: with no SMTP server configured it
// is the embedded mailbox, where the mails Ordo wrote can be read.
class MailboxModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Created, To, Subject, State, ColumnCount };
    enum Roles { BodyRole = Qt::UserRole + 1 };

    explicit MailboxModel(QObject *parent = nullptr);

    void setEntries(QList<OutboxEntry> entries);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<OutboxEntry> m_entries;
};

} // namespace ordo::ui
