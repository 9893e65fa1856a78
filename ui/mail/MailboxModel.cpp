#include "mail/MailboxModel.h"

#include "common/SearchFilterModel.h"

#include <QLocale>

namespace ordo::ui {

MailboxModel::MailboxModel(QObject *parent) : KeyedTableModel(parent) {}

void MailboxModel::setEntries(QList<OutboxEntry> entries)
{
    std::reverse(entries.begin(), entries.end());
    patchRows(std::move(entries));
}

bool MailboxModel::sameRow(const OutboxEntry &a, const OutboxEntry &b) const
{
    // What a mail says never changes; its delivery does.
    return a.state == b.state && a.attempts == b.attempts && a.lastError == b.lastError;
}

int MailboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MailboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OutboxEntry &entry = rowAt(index.row());
    switch (role) {
    case BodyRole: return entry.message.body;
    case MailIdRole: return entry.id;
    case ErrorRole: return entry.lastError;
    case SearchFilterModel::StateRole: return entry.state;
    case SearchFilterModel::SearchRole:
        return QStringList{entry.message.to.join(QLatin1Char(' ')), entry.message.subject, entry.message.body}.join(QLatin1Char('\n'));
    case SearchFilterModel::SortRole:
        // Ids follow the writing order, also of mails written in the same millisecond.
        return index.column() == Created ? QVariant(entry.id) : data(index, Qt::DisplayRole);
    default:
        break;
    }
    if (role == Qt::ToolTipRole && index.column() == State && !entry.lastError.isEmpty())
        return entry.lastError;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Created:
        return QLocale().toString(entry.createdAt.toLocalTime(), QLocale::ShortFormat);
    case To:
        return entry.message.to.join(QStringLiteral(", "));
    case Subject:
        return entry.message.subject;
    case State:
        if (entry.state == QLatin1String("kept"))
            return tr("in the mailbox");
        if (entry.state == QLatin1String("queued"))
            return entry.attempts > 0 ? tr("waiting to be sent (%n attempt(s))", nullptr, entry.attempts) : tr("waiting to be sent");
        if (entry.state == QLatin1String("sent"))
            return tr("sent");
        return tr("not delivered");
    default:
        return {};
    }
}

QVariant MailboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Created:
        return tr("Written");
    case To:
        return tr("To");
    case Subject:
        return tr("Subject");
    case State:
        return tr("State");
    default:
        return {};
    }
}

} // namespace ordo::ui
