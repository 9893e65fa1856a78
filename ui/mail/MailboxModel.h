#pragma once

#include "common/KeyedTableModel.h"
#include "domain/Mail.h"

namespace ordo::ui {

// The mail outbox as a table, newest first: with no SMTP server configured it
// is the embedded mailbox, where the mails Ordo wrote can be read. Patched in
// place as mails arrive or their delivery moves on.
class MailboxModel final : public KeyedTableModel<OutboxEntry>
{
    Q_OBJECT

public:
    enum Column { Created, To, Subject, State, ColumnCount };
    enum Roles {
        BodyRole = Qt::UserRole + 1,
        MailIdRole,
        ErrorRole, // why the last delivery failed; empty if none did
    };

    explicit MailboxModel(QObject *parent = nullptr);

    void setEntries(QList<OutboxEntry> entries);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    qint64 keyOf(const OutboxEntry &entry) const override { return entry.id; }
    bool sameRow(const OutboxEntry &a, const OutboxEntry &b) const override;
};

} // namespace ordo::ui
