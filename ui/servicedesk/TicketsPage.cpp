#include "servicedesk/TicketsPage.h"

#include "client/OrdoClient.h"
#include "common/ListWidgets.h"
#include "common/SearchFilterModel.h"
#include "common/WhenDone.h"
#include "engine/States.h"
#include "servicedesk/TicketModel.h"
#include "services/Access.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcTicketsPage, "ordo.ui.tickets", QtInfoMsg)

namespace ordo::ui {

namespace {

QString paragraphs(const QString &text)
{
    return QStringLiteral("<p style=\"white-space: pre-wrap\">%1</p>").arg(text.toHtmlEscaped());
}

} // namespace

TicketsPage::TicketsPage(OrdoClient &client, const Session &session, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_session(session)
    , m_model(new TicketModel(this))
    , m_filter(new SearchFilterModel(this))
    , m_stateFilter(new QComboBox(this))
    , m_textFilter(newSearchField(QStringLiteral("ticketFilterText"), tr("Search tickets"), tr("Search tickets (Ctrl+F)"), this))
    , m_details(new QTextBrowser(this))
    , m_openWorkflow(new QPushButton(tr("&Open workflow"), this))
    , m_status(new QLabel(this))
{
    m_filter->setSourceModel(m_model);
    m_stateFilter->setObjectName(QStringLiteral("ticketStateFilter"));
    m_stateFilter->setAccessibleName(tr("Workflow state"));
    m_stateFilter->addItem(tr("Every workflow state"), QString());
    using W = engine::WorkflowState;
    for (W s : {W::Paused, W::Failed, W::Running, W::RollingBack, W::Succeeded, W::RolledBack, W::Cancelled})
        m_stateFilter->addItem(TicketModel::stateText(engine::workflowStateName(s)), engine::workflowStateName(s));
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] { m_filter->setState(m_stateFilter->currentData().toString()); });
    connect(m_textFilter, &QLineEdit::textChanged, m_filter, &SearchFilterModel::setText);

    m_view = newListTable(m_filter, QStringLiteral("ticketList"), tr("Tickets"), this);
    m_view->sortByColumn(TicketModel::Id, Qt::DescendingOrder);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TicketsPage::showSelected);
    // Enter or a double click on a ticket opens its workflow.
    connect(m_view, &QTableView::activated, this, &TicketsPage::openWorkflow);

    m_details->setObjectName(QStringLiteral("ticketDetails"));
    m_details->setAccessibleName(tr("Ticket and its comments"));
    m_details->setOpenLinks(false);
    m_openWorkflow->setObjectName(QStringLiteral("openWorkflowButton"));
    m_openWorkflow->setToolTip(tr("Show the workflow this ticket is about in the workflow monitor (Enter on the ticket)"));
    m_openWorkflow->setEnabled(false);
    connect(m_openWorkflow, &QPushButton::clicked, this, &TicketsPage::openWorkflow);
    m_status->setObjectName(QStringLiteral("ticketsStatus"));

    auto *detailsPane = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(detailsPane);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_details, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_openWorkflow);
    detailsLayout->addLayout(buttons);
    layOutListPage(this, m_stateFilter, m_textFilter, m_view, detailsPane, m_status, QStringLiteral("ticketsSplitter"), 3, 2);
    setTabOrder(m_view, m_details);
    setTabOrder(m_details, m_openWorkflow);

    connect(&m_client, &OrdoClient::changed, this, &TicketsPage::onChanges);
    // Queued: a load that finishes before its continuation is attached would
    // report before whoever made the page has connected to it.
    QMetaObject::invokeMethod(this, &TicketsPage::reload, Qt::QueuedConnection);
}

void TicketsPage::reload()
{
    if (m_loading) {
        m_stale = true;
        return;
    }
    load();
}

void TicketsPage::load()
{
    m_loading = true;
    m_stale = false;
    const Session session = m_session;
    whenDone(this, m_client.call<QList<connectors::Ticket>>([session](Ordo &o) { return o.serviceDesk().tickets(session); }),
        [this](const Result<QList<connectors::Ticket>> &tickets) {
            m_loading = false;
            if (!tickets) {
                qCWarning(lcTicketsPage) << "loading failed:" << tickets.error().message;
                m_status->setText(tr("Cannot load the tickets: %1").arg(tickets.error().message));
                Q_EMIT loadFailed(tickets.error().message);
            } else {
                const bool first = m_model->rowCount() == 0;
                m_model->setTickets(*tickets);
                if (first)
                    m_view->resizeColumnsToContents();
                m_status->setText(tr("%n ticket(s)", nullptr, static_cast<int>(tickets->size())));
                showSelected();
            }
            if (m_stale)
                load();
            else if (tickets)
                Q_EMIT loaded(static_cast<int>(tickets->size()));
        });
}

void TicketsPage::onChanges(const QList<Change> &changes)
{
    // Tickets, and the workflows whose state the list shows; steps change no ticket.
    const bool relevant = std::any_of(changes.cbegin(), changes.cend(), [this](const Change &c) {
        return (c.kind == ChangeKind::Ticket || c.kind == ChangeKind::Workflow) && concerns(m_session, c.tenantId);
    });
    if (relevant)
        reload();
}

void TicketsPage::showSelected()
{
    const QModelIndex current = m_view->currentIndex();
    const qint64 id = current.isValid() ? current.data(TicketModel::TicketIdRole).toLongLong() : 0;
    const qint64 workflow = current.isValid() ? current.data(TicketModel::WorkflowIdRole).toLongLong() : 0;
    m_openWorkflow->setEnabled(workflow != 0);
    if (!id) {
        m_shownTicket = 0;
        m_details->clear();
        return;
    }
    const QString version = current.data(TicketModel::UpdatedRole).toString() + QLatin1Char('|') + current.data(SearchFilterModel::StateRole).toString();
    if (id == m_shownTicket && version == m_shownVersion)
        return; // a refresh that did not touch it: keep where the reader is
    m_shownTicket = id;
    m_shownVersion = version;
    loadComments(id);
}

void TicketsPage::loadComments(qint64 ticketId)
{
    const quint64 asked = ++m_commentsAsked;
    const Session session = m_session;
    whenDone(this, m_client.call<QList<connectors::TicketComment>>([session, ticketId](Ordo &o) { return o.serviceDesk().ticketComments(session, ticketId); }),
        [this, asked, ticketId](const Result<QList<connectors::TicketComment>> &comments) {
            const int row = m_model->rowOf(ticketId);
            if (asked != m_commentsAsked || row < 0)
                return;
            const auto field = [&](int column, int role = Qt::DisplayRole) { return m_model->index(row, column).data(role).toString(); };
            QString html = QStringLiteral("<h3>%1</h3>").arg(field(TicketModel::Title).toHtmlEscaped());
            QStringList facts{tr("Ticket %1").arg(ticketId), tr("severity %1").arg(field(TicketModel::Severity)),
                              tr("opened %1").arg(field(TicketModel::Created))};
            if (const QString workflow = field(TicketModel::Workflow); !workflow.isEmpty())
                facts << tr("workflow %1: %2").arg(workflow, field(TicketModel::State));
            if (const QString order = field(TicketModel::Order); !order.isEmpty())
                facts << tr("order %1").arg(order);
            html += QStringLiteral("<p><i>%1</i></p>").arg(facts.join(QStringLiteral(" · ")).toHtmlEscaped());
            html += paragraphs(field(TicketModel::Id, TicketModel::DescriptionRole));
            if (!comments) {
                html += QStringLiteral("<p>%1</p>").arg(tr("Cannot load the comments: %1").arg(comments.error().message).toHtmlEscaped());
            } else {
                html += QStringLiteral("<h4>%1</h4>").arg(tr("%n comment(s)", nullptr, static_cast<int>(comments->size())).toHtmlEscaped());
                for (const connectors::TicketComment &c : *comments)
                    html += QStringLiteral("<p><b>%1</b></p>").arg(localTime(c.createdAt).toHtmlEscaped()) + paragraphs(c.comment);
            }
            m_details->setHtml(html);
            if (comments)
                Q_EMIT commentsShown(ticketId, static_cast<int>(comments->size()));
        });
}

void TicketsPage::openWorkflow()
{
    const qint64 workflow = m_view->currentIndex().data(TicketModel::WorkflowIdRole).toLongLong();
    if (workflow)
        Q_EMIT workflowRequested(workflow);
}

} // namespace ordo::ui
