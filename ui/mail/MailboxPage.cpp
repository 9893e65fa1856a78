#include "mail/MailboxPage.h"

#include "client/OrdoClient.h"
#include "common/ListWidgets.h"
#include "common/SearchFilterModel.h"
#include "common/WhenDone.h"
#include "mail/MailboxModel.h"
#include "services/Access.h"

#include <QComboBox>
#include <QLabel>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcMailboxPage, "ordo.ui.mailbox", QtInfoMsg)

namespace ordo::ui {

MailboxPage::MailboxPage(OrdoClient &client, const Session &session, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_session(session)
    , m_model(new MailboxModel(this))
    , m_filter(new SearchFilterModel(this))
    , m_stateFilter(new QComboBox(this))
    , m_textFilter(newSearchField(QStringLiteral("mailboxFilterText"), tr("Search mail"), tr("Search by recipient, subject or text (Ctrl+F)"), this))
    , m_header(new QLabel(this))
    , m_body(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
{
    m_filter->setSourceModel(m_model);
    m_stateFilter->setObjectName(QStringLiteral("mailboxStateFilter"));
    m_stateFilter->setAccessibleName(tr("Delivery"));
    m_stateFilter->addItem(tr("Every mail"), QString());
    m_stateFilter->addItem(tr("In the mailbox"), QStringLiteral("kept"));
    m_stateFilter->addItem(tr("Waiting to be sent"), QStringLiteral("queued"));
    m_stateFilter->addItem(tr("Sent"), QStringLiteral("sent"));
    m_stateFilter->addItem(tr("Not delivered"), QStringLiteral("failed"));
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] { m_filter->setState(m_stateFilter->currentData().toString()); });
    connect(m_textFilter, &QLineEdit::textChanged, m_filter, &SearchFilterModel::setText);

    m_view = newListTable(m_filter, QStringLiteral("mailboxTableView"), tr("Mailbox"), this);
    m_view->sortByColumn(MailboxModel::Created, Qt::DescendingOrder);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MailboxPage::showSelected);
    // A delivery that moves on shows in the open mail too.
    connect(m_filter, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        const int row = m_view->currentIndex().row();
        if (row >= from.row() && row <= to.row())
            showSelected();
    });

    m_header->setObjectName(QStringLiteral("mailHeader"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_header->setWordWrap(true);
    m_body->setObjectName(QStringLiteral("mailBodyView"));
    m_body->setAccessibleName(tr("Mail text"));
    m_body->setReadOnly(true);
    m_status->setObjectName(QStringLiteral("mailboxStatus"));

    auto *mailPane = new QWidget(this);
    auto *mailLayout = new QVBoxLayout(mailPane);
    mailLayout->setContentsMargins(0, 0, 0, 0);
    mailLayout->addWidget(m_header);
    mailLayout->addWidget(m_body, 1);
    layOutListPage(this, m_stateFilter, m_textFilter, m_view, mailPane, m_status, QStringLiteral("mailboxSplitter"), 2, 3);
    setTabOrder(m_view, m_body);

    connect(&m_client, &OrdoClient::changed, this, &MailboxPage::onChanges);
    // Queued: a load that finishes before its continuation is attached would
    // report before whoever made the page has connected to it.
    QMetaObject::invokeMethod(this, &MailboxPage::reload, Qt::QueuedConnection);
}

void MailboxPage::reload()
{
    if (m_loading) {
        m_stale = true;
        return;
    }
    load();
}

void MailboxPage::load()
{
    m_loading = true;
    m_stale = false;
    whenDone(this, m_client.outbox(m_session), [this](const Result<QList<OutboxEntry>> &mails) {
        m_loading = false;
        if (!mails) {
            qCWarning(lcMailboxPage) << "loading failed:" << mails.error().message;
            m_status->setText(tr("Cannot load the mailbox: %1").arg(mails.error().message));
            Q_EMIT loadFailed(mails.error().message);
        } else {
            const bool first = m_model->rowCount() == 0;
            m_model->setEntries(*mails);
            if (first)
                m_view->resizeColumnsToContents();
            m_status->setText(tr("%n mail(s)", nullptr, static_cast<int>(mails->size())));
        }
        if (m_stale)
            load();
        else if (mails)
            Q_EMIT loaded(static_cast<int>(mails->size()));
    });
}

void MailboxPage::onChanges(const QList<Change> &changes)
{
    // Orders, approvals and workflows queue mail in their own transaction;
    // tickets and CMDB records never do.
    const bool relevant = std::any_of(changes.cbegin(), changes.cend(), [this](const Change &c) {
        return c.kind != ChangeKind::Ticket && c.kind != ChangeKind::CmdbItem && concerns(m_session, c.tenantId);
    });
    if (relevant)
        reload();
}

void MailboxPage::showSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_header->clear();
        m_body->clear();
        return;
    }
    const auto field = [&](int column) { return current.siblingAtColumn(column).data().toString(); };
    QString header = tr("To: %1\nSubject: %2\nWritten: %3\nDelivery: %4")
                         .arg(field(MailboxModel::To), field(MailboxModel::Subject), field(MailboxModel::Created), field(MailboxModel::State));
    if (const QString error = current.data(MailboxModel::ErrorRole).toString(); !error.isEmpty())
        header += QLatin1Char('\n') + tr("Last error: %1").arg(error);
    m_header->setText(header);
    m_body->setPlainText(current.data(MailboxModel::BodyRole).toString());
}

} // namespace ordo::ui
