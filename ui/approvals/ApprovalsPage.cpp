#include "approvals/ApprovalsPage.h"

#include "approvals/ApprovalQueueModel.h"
#include "client/OrdoClient.h"
#include "common/WhenDone.h"
#include "domain/Catalog.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ordo::ui {

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString when(const QDateTime &at)
{
    return QLocale().toString(at.toLocalTime(), QLocale::ShortFormat);
}

QString valueText(const QVariant &value)
{
    if (!value.isValid())
        return ApprovalsPage::tr("(none)");
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? ApprovalsPage::tr("yes") : ApprovalsPage::tr("no");
    return value.toString();
}

QString limitText(const std::optional<qint64> &limit)
{
    return limit ? QString::number(*limit) : ApprovalsPage::tr("unlimited");
}

// overBy: the core's verdict on this resource; above zero, the cell stands out.
QString quotaCell(qint64 before, qint64 after, const std::optional<qint64> &limit, qint64 overBy)
{
    const QString cell = QStringLiteral("%1 → %2 / %3").arg(before).arg(after).arg(limitText(limit));
    return overBy > 0 ? QStringLiteral("<b>%1</b>").arg(cell) : cell;
}

} // namespace

ApprovalsPage::ApprovalsPage(OrdoClient &client, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_client(client),
      m_session(session),
      m_queue(new ApprovalQueueModel(this)),
      m_filter(new ApprovalQueueFilter(this)),
      m_results(new DecisionResultModel(this)),
      m_textFilter(new QLineEdit(this)),
      m_requesterFilter(new QComboBox(this)),
      m_minimumCost(new QDoubleSpinBox(this)),
      m_queueView(new QTableView(this)),
      m_details(new QTextBrowser(this)),
      m_comment(new QPlainTextEdit(this)),
      m_approve(new QPushButton(tr("&Approve"), this)),
      m_reject(new QPushButton(tr("&Reject"), this)),
      m_confirm(new QPushButton(tr("Confirm"), this)),
      m_message(new QLabel(this)),
      m_resultView(new QTableView(this))
{
    setObjectName(QStringLiteral("approvalsPage"));
    m_filter->setSourceModel(m_queue);
    buildLayout();
    buildShortcuts();
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(style()->standardIcon(QStyle::SP_MessageBoxInformation), this);
        m_tray->setToolTip(tr("Ordo approvals"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            window()->show();
            window()->raise();
            window()->activateWindow();
        });
        m_tray->show();
    }
    connect(&m_client, &OrdoClient::changed, this, &ApprovalsPage::onChanges);
    updateActions();
    // Queued: a call that is done before its continuation is attached continues at once,
    // and signals from inside the constructor reach nobody.
    QMetaObject::invokeMethod(this, &ApprovalsPage::loadQueue, Qt::QueuedConnection);
}

void ApprovalsPage::buildLayout()
{
    m_textFilter->setObjectName(QStringLiteral("approvalTextFilter"));
    m_textFilter->setPlaceholderText(tr("Search order, requester or item"));
    m_textFilter->setAccessibleName(tr("Search the queue"));
    m_textFilter->setClearButtonEnabled(true);
    m_requesterFilter->setObjectName(QStringLiteral("approvalRequesterFilter"));
    m_requesterFilter->setAccessibleName(tr("Requester"));
    m_requesterFilter->addItem(tr("Every requester"), QString());
    m_minimumCost->setObjectName(QStringLiteral("approvalMinimumCost"));
    m_minimumCost->setAccessibleName(tr("Lowest monthly cost"));
    m_minimumCost->setToolTip(tr("Show only orders that cost at least this much a month"));
    m_minimumCost->setRange(0, 1e9);
    m_minimumCost->setDecimals(2);
    connect(m_textFilter, &QLineEdit::textChanged, m_filter, &ApprovalQueueFilter::setText);
    connect(m_requesterFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setRequester(m_requesterFilter->currentData().toString()); });
    connect(m_minimumCost, &QDoubleSpinBox::valueChanged, this,
            [this](double value) { m_filter->setMinimumMonthlyCents(qRound64(value * 100)); });

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_textFilter, 2);
    auto *requesterLabel = new QLabel(tr("Re&quester:"), this);
    requesterLabel->setBuddy(m_requesterFilter);
    filters->addWidget(requesterLabel);
    filters->addWidget(m_requesterFilter, 1);
    auto *costLabel = new QLabel(tr("Co&st from:"), this);
    costLabel->setBuddy(m_minimumCost);
    filters->addWidget(costLabel);
    filters->addWidget(m_minimumCost);

    m_queueView->setObjectName(QStringLiteral("approvalQueue"));
    m_queueView->setAccessibleName(tr("Orders waiting for your approval"));
    m_queueView->setModel(m_filter);
    m_queueView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queueView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_queueView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_queueView->verticalHeader()->hide();
    m_queueView->horizontalHeader()->setStretchLastSection(true);
    m_queueView->setToolTip(tr("J or Down: next order; K or Up: previous; Shift or Ctrl to select several for one decision"));
    connect(m_queueView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ApprovalsPage::onCurrentChanged);
    connect(m_queueView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ApprovalsPage::updateActions);

    m_details->setObjectName(QStringLiteral("approvalDetails"));
    m_details->setAccessibleName(tr("Order details"));
    m_details->setOpenLinks(false);

    m_comment->setObjectName(QStringLiteral("approvalComment"));
    m_comment->setAccessibleName(tr("Comment"));
    m_comment->setPlaceholderText(tr("Comment (a rejection needs one)"));
    m_comment->setToolTip(tr("C: write a comment; Ctrl+Enter confirms the decision, Esc takes it back"));
    m_comment->setTabChangesFocus(true);
    m_comment->setMaximumHeight(80);

    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_approve->setCheckable(true);
    m_approve->setToolTip(tr("A: approve the selected orders (Ctrl+Enter confirms)"));
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_reject->setCheckable(true);
    m_reject->setToolTip(tr("R: reject the selected orders (Ctrl+Enter confirms)"));
    m_confirm->setObjectName(QStringLiteral("confirmButton"));
    m_confirm->setToolTip(tr("Ctrl+Enter: decide on the selected orders with the comment"));
    connect(m_approve, &QPushButton::clicked, this, [this] { choose(m_choice == Choice::Approve ? Choice::None : Choice::Approve); });
    connect(m_reject, &QPushButton::clicked, this, [this] { choose(m_choice == Choice::Reject ? Choice::None : Choice::Reject); });
    connect(m_confirm, &QPushButton::clicked, this, &ApprovalsPage::confirm);

    m_message->setObjectName(QStringLiteral("decisionMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_resultView->setObjectName(QStringLiteral("decisionResults"));
    m_resultView->setAccessibleName(tr("Results of the decision"));
    m_resultView->setModel(m_results);
    m_resultView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_resultView->verticalHeader()->hide();
    m_resultView->horizontalHeader()->setStretchLastSection(true);
    m_resultView->setMaximumHeight(140);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_approve);
    buttons->addWidget(m_reject);
    buttons->addStretch(1);
    buttons->addWidget(m_confirm);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_details, 1);
    rightLayout->addWidget(m_comment);
    rightLayout->addLayout(buttons);
    rightLayout->addWidget(m_message);
    rightLayout->addWidget(m_resultView);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_queueView);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);

    setTabOrder(m_textFilter, m_requesterFilter);
    setTabOrder(m_requesterFilter, m_minimumCost);
    setTabOrder(m_minimumCost, m_queueView);
    setTabOrder(m_queueView, m_details);
    setTabOrder(m_details, m_comment);
    setTabOrder(m_comment, m_approve);
    setTabOrder(m_approve, m_reject);
    setTabOrder(m_reject, m_confirm);
    setTabOrder(m_confirm, m_resultView);
}

void ApprovalsPage::buildShortcuts()
{
    // Plain letters do not fire while a text field has the focus: those keys type there.
    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::Key_J), [this] { moveCurrent(1); });
    shortcut(QKeySequence(Qt::Key_K), [this] { moveCurrent(-1); });
    shortcut(QKeySequence(Qt::Key_A), [this] { choose(Choice::Approve); });
    shortcut(QKeySequence(Qt::Key_R), [this] { choose(Choice::Reject); });
    shortcut(QKeySequence(Qt::Key_C), [this] { m_comment->setFocus(Qt::ShortcutFocusReason); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { confirm(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { confirm(); });
    shortcut(QKeySequence(Qt::Key_Escape), [this] {
        choose(Choice::None);
        m_queueView->setFocus(Qt::ShortcutFocusReason);
    });
}

void ApprovalsPage::loadQueue()
{
    if (m_loading) {
        m_stale = true;
        return;
    }
    m_loading = true;
    const Session session = m_session;
    whenDone(this, m_client.call<QList<Order>>([session](Ordo &o) { return o.approvals().pending(session); }),
        [this](const Result<QList<Order>> &orders) {
            m_loading = false;
            if (!orders) {
                m_message->setText(tr("Cannot load the approval queue: %1").arg(orders.error().message));
                Q_EMIT loadFailed(orders.error().message);
            } else {
                showQueue(*orders);
            }
            if (std::exchange(m_stale, false))
                loadQueue();
        });
}

void ApprovalsPage::showQueue(QList<Order> orders)
{
    QSet<Id> before;
    for (const Order &o : m_queue->orders())
        before.insert(o.id);
    const QList<Id> selected = selectedOrderIds();
    const Id current = currentOrderId();
    const int currentRow = m_queueView->currentIndex().row();

    QList<Id> arrived;
    QSet<Id> now;
    for (const Order &o : std::as_const(orders)) {
        now.insert(o.id);
        if (m_loadedOnce && !before.contains(o.id))
            arrived.append(o.id);
    }
    m_queue->setOrders(std::move(orders));
    updateRequesters();
    // The order a decision was chosen for left: the choice is taken back, so
    // Ctrl+Enter cannot decide the order that moves up in its place.
    if (current && m_queue->rowOf(current) < 0 && m_choice != Choice::None) {
        m_choice = Choice::None;
        updateActions();
    }

    // The selection survives the reload by order id; a current order that left moves on to the next.
    QItemSelection selection;
    for (const Id id : selected) {
        const int row = m_queue->rowOf(id);
        if (row >= 0) {
            const QModelIndex index = m_filter->mapFromSource(m_queue->index(row, 0));
            if (index.isValid())
                selection.select(index, index);
        }
    }
    QModelIndex currentIndex;
    if (const int row = m_queue->rowOf(current); row >= 0)
        currentIndex = m_filter->mapFromSource(m_queue->index(row, 0));
    else if (m_filter->rowCount() > 0)
        currentIndex = m_filter->index(std::clamp(currentRow, 0, m_filter->rowCount() - 1), 0);
    if (currentIndex.isValid()) {
        if (selection.isEmpty())
            selection.select(currentIndex, currentIndex);
        m_queueView->selectionModel()->setCurrentIndex(currentIndex, QItemSelectionModel::NoUpdate);
        m_queueView->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    if (!currentIndex.isValid())
        onCurrentChanged();

    if (current != 0 && !now.contains(current) && !m_decidedHere.contains(current))
        tellDecidedElsewhere(current);
    for (const Id id : before) {
        if (!now.contains(id))
            m_decidedHere.remove(id);
    }
    m_loadedOnce = true;
    selectRequestedOrder();
    updateActions();
    Q_EMIT queueLoaded(static_cast<int>(m_queue->rowCount()));
    announce(arrived);
}

void ApprovalsPage::showOrder(Id orderId)
{
    m_orderToShow = orderId;
    // A fresh queue: the order may have arrived since the last load.
    loadQueue();
}

void ApprovalsPage::selectRequestedOrder()
{
    if (m_orderToShow == 0 || m_stale)
        return; // nothing asked for, or a newer queue is on its way
    const Id orderId = std::exchange(m_orderToShow, 0);
    const int row = m_queue->rowOf(orderId);
    if (row < 0) {
        tellNotWaiting(orderId);
        return;
    }
    QModelIndex index = m_filter->mapFromSource(m_queue->index(row, 0));
    if (!index.isValid()) {
        // Hidden by the filters: the link asks for this order, so they go.
        m_textFilter->clear();
        m_requesterFilter->setCurrentIndex(0);
        m_minimumCost->setValue(0);
        index = m_filter->mapFromSource(m_queue->index(row, 0));
    }
    m_queueView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_queueView->scrollTo(index);
    // The keys (A, R, C, Ctrl+Enter) act on the queue: the link's order is ready for them.
    m_queueView->setFocus(Qt::OtherFocusReason);
    m_message->setText(tr("Order %1 waits for your decision.").arg(orderId));
}

void ApprovalsPage::tellNotWaiting(Id orderId)
{
    const Session session = m_session;
    whenDone(this, m_client.call<ApprovalDetails>([session, orderId](Ordo &o) { return o.approvals().details(session, orderId); }),
        [this, orderId](const Result<ApprovalDetails> &details) {
            if (!details) {
                // Another tenant's order looks like one that does not exist: no more is said.
                m_message->setText(tr("Order %1 does not wait for your approval: it is not an order you approve.").arg(orderId));
            } else if (const Order &order = details->order; order.state != OrderState::PendingApproval) {
                const QString state = orderStateName(order.state);
                if (details->decisions.isEmpty()) {
                    m_message->setText(tr("Order %1 does not wait for your approval: it is %2 (last changed by %3 at %4).")
                                           .arg(orderId)
                                           .arg(state, details->lastActor, when(details->lastChangeAt)));
                } else {
                    const ApprovalDecision &last = details->decisions.constLast();
                    m_message->setText(tr("Order %1 does not wait for your approval: it is %2, decided by %3 at %4.")
                                           .arg(orderId)
                                           .arg(state, last.approverName, when(last.decidedAt)));
                }
            } else {
                const QStringList approvers = details->levels.value(order.approvalLevel).approvers;
                m_message->setText(tr("Order %1 does not wait for your approval: it waits for %2.")
                                       .arg(orderId)
                                       .arg(approvers.isEmpty() ? tr("someone else") : approvers.join(QStringLiteral(", "))));
            }
            Q_EMIT orderNotWaiting(orderId);
        });
}

void ApprovalsPage::onChanges(const QList<Change> &changes)
{
    const bool relevant = std::any_of(changes.cbegin(), changes.cend(), [this](const Change &c) {
        return (c.kind == ChangeKind::Order || c.kind == ChangeKind::Approval) && c.tenantId == m_session.tenant.id;
    });
    if (relevant)
        loadQueue();
}

void ApprovalsPage::updateRequesters()
{
    QStringList names;
    for (const Order &o : m_queue->orders()) {
        if (!names.contains(o.requesterName))
            names.append(o.requesterName);
    }
    names.sort(Qt::CaseInsensitive);
    const QString chosen = m_requesterFilter->currentData().toString();
    if (!chosen.isEmpty() && !names.contains(chosen))
        names.append(chosen); // the filter stays until the approver changes it
    QSignalBlocker block(m_requesterFilter);
    while (m_requesterFilter->count() > 1)
        m_requesterFilter->removeItem(1);
    for (const QString &name : std::as_const(names))
        m_requesterFilter->addItem(name, name);
    m_requesterFilter->setCurrentIndex(std::max(0, m_requesterFilter->findData(chosen)));
}

Id ApprovalsPage::currentOrderId() const
{
    const QModelIndex current = m_queueView->currentIndex();
    return current.isValid() ? current.data(ApprovalQueueModel::OrderIdRole).toLongLong() : 0;
}

QList<Id> ApprovalsPage::selectedOrderIds() const
{
    QList<Id> ids;
    const QModelIndexList rows = m_queueView->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        ids.append(index.data(ApprovalQueueModel::OrderIdRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void ApprovalsPage::onCurrentChanged()
{
    const Id id = currentOrderId();
    if (id == 0) {
        m_detailsFor = 0;
        m_details->setHtml(m_queue->rowCount() == 0 ? tr("<p>Nothing waits for your approval.</p>")
                                                    : tr("<p>Choose an order.</p>"));
        return;
    }
    if (id != m_detailsFor)
        loadDetails(id);
}

void ApprovalsPage::loadDetails(Id orderId)
{
    m_detailsFor = orderId;
    const Session session = m_session;
    whenDone(this, m_client.call<ApprovalDetails>([session, orderId](Ordo &o) { return o.approvals().details(session, orderId); }),
        [this, orderId](const Result<ApprovalDetails> &details) {
            if (orderId != m_detailsFor)
                return; // the approver moved on meanwhile
            if (!details) {
                m_details->setHtml(QStringLiteral("<p>%1</p>").arg(esc(details.error().message)));
                return;
            }
            showDetails(*details);
            Q_EMIT detailsLoaded(orderId);
        });
}

void ApprovalsPage::showDetails(const ApprovalDetails &d)
{
    const Order &o = d.order;
    QString html = tr("<h3>Order %1</h3>").arg(o.id);
    html += QStringLiteral("<p>");
    html += tr("Requested by <b>%1</b> (%2) on %3").arg(esc(d.requesterDisplayName), esc(o.requesterName), when(o.createdAt));
    html += QStringLiteral("<br>");
    html += tr("Cost: <b>%1</b> a month").arg(esc(formatMoney(o.monthlyCents, o.currency)));
    html += QStringLiteral("<br>");
    html += tr("State: %1").arg(esc(orderStateName(o.state)));
    if (o.approvalExpiresAt.isValid())
        html += QStringLiteral("<br>") + tr("Decided by default if nobody decides by %1").arg(when(o.approvalExpiresAt));
    html += QStringLiteral("</p>");

    html += tr("<h4>Policy</h4>") + QStringLiteral("<ol>");
    for (qsizetype i = 0; i < d.levels.size(); ++i) {
        const ApprovalRouteStep &level = d.levels.at(i);
        const QString mode = level.mode == ApprovalLevel::Mode::AllOf ? tr("all of %1") : tr("any one of %1");
        QString line = tr("%1: %2").arg(esc(level.level), mode.arg(esc(level.approvers.join(QStringLiteral(", ")))));
        if (i == o.approvalLevel && o.state == OrderState::PendingApproval)
            line = tr("<b>%1 (waiting here)</b>").arg(line);
        html += QStringLiteral("<li>%1</li>").arg(line);
    }
    html += QStringLiteral("</ol>");

    html += tr("<h4>Items</h4>") + QStringLiteral("<ul>");
    for (const ApprovalLineDetails &l : d.lines) {
        html += QStringLiteral("<li>");
        html += tr("%1 × %2, %3 a month each").arg(l.line.quantity).arg(esc(l.line.itemName), esc(formatMoney(l.line.unitMonthlyCents, o.currency)));
        if (!l.itemInCatalog) {
            html += QStringLiteral("<br><i>%1</i>").arg(tr("no longer in the catalog: nothing to compare with"));
        } else if (l.changedParameters.isEmpty()) {
            html += QStringLiteral("<br><i>%1</i>").arg(tr("every parameter as the catalog's default"));
        } else {
            for (const ParameterChange &c : l.changedParameters)
                html += QStringLiteral("<br>") + tr("%1: <b>%2</b> (catalog default %3)").arg(esc(c.label), esc(valueText(c.ordered)), esc(valueText(c.catalogDefault)));
        }
        html += QStringLiteral("</li>");
    }
    html += QStringLiteral("</ul>");

    html += tr("<h4>Quota impact</h4>");
    if (d.quotaExceeded) {
        html += QStringLiteral("<p><b>%1</b></p><ul>").arg(tr("The order exceeds a quota:"));
        for (const QString &overrun : d.quotaOverruns)
            html += QStringLiteral("<li>%1</li>").arg(esc(overrun));
        html += QStringLiteral("</ul>");
    } else {
        html += QStringLiteral("<p>%1</p>").arg(tr("The order stays within every quota."));
    }
    html += QStringLiteral("<table cellspacing=\"4\"><tr><th></th><th>%1</th><th>%2</th><th>%3</th></tr>").arg(tr("vCPUs"), tr("GiB"), tr("VMs"));
    for (const QuotaCheck &q : d.quotas) {
        const Footprint over = q.overBy();
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                    .arg(q.scope == QLatin1String("tenant") ? tr("Tenant") : tr("Requester"),
                         quotaCell(q.inUse.vcpus, q.afterOrder.vcpus, q.limit.vcpus, over.vcpus),
                         quotaCell(q.inUse.memoryGiB, q.afterOrder.memoryGiB, q.limit.memoryGiB, over.memoryGiB),
                         quotaCell(q.inUse.vms, q.afterOrder.vms, q.limit.vms, over.vms));
    }
    html += QStringLiteral("</table><p><small>%1</small></p>").arg(tr("in use without the order → with it / limit"));

    html += tr("<h4>Decisions</h4>");
    if (d.decisions.isEmpty()) {
        html += tr("<p>No decisions yet.</p>");
    } else {
        html += QStringLiteral("<ul>");
        for (const ApprovalDecision &dec : d.decisions) {
            const QString level = dec.level < d.levels.size() ? d.levels.at(dec.level).level : QString::number(dec.level + 1);
            const QString text = dec.decision == Decision::Approve ? tr("%1 approved at level %2 on %3") : tr("%1 rejected at level %2 on %3");
            html += QStringLiteral("<li>%1").arg(text.arg(esc(dec.approverName), esc(level), when(dec.decidedAt)));
            if (!dec.comment.isEmpty())
                html += QStringLiteral(": “%1”").arg(esc(dec.comment));
            html += QStringLiteral("</li>");
        }
        html += QStringLiteral("</ul>");
    }
    m_details->setHtml(html);
}

void ApprovalsPage::tellDecidedElsewhere(Id orderId)
{
    const Session session = m_session;
    whenDone(this, m_client.call<ApprovalDetails>([session, orderId](Ordo &o) { return o.approvals().details(session, orderId); }),
        [this, orderId](const Result<ApprovalDetails> &details) {
            if (!details) {
                m_message->setText(tr("Order %1 left your queue.").arg(orderId));
                return;
            }
            m_message->setText(tr("Order %1 left your queue: it is %2, decided by %3 at %4.")
                                   .arg(orderId)
                                   .arg(orderStateName(details->order.state), details->lastActor, when(details->lastChangeAt)));
        });
}

void ApprovalsPage::moveCurrent(int step)
{
    const int rows = m_filter->rowCount();
    if (rows == 0)
        return;
    const int row = m_queueView->currentIndex().isValid() ? std::clamp(m_queueView->currentIndex().row() + step, 0, rows - 1) : 0;
    m_queueView->selectionModel()->setCurrentIndex(m_filter->index(row, 0),
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ApprovalsPage::choose(Choice choice)
{
    if (choice != Choice::None && selectedOrderIds().isEmpty())
        return;
    m_choice = choice;
    updateActions();
    if (choice != Choice::None)
        m_comment->setFocus(Qt::ShortcutFocusReason);
}

void ApprovalsPage::updateActions()
{
    const int selected = static_cast<int>(selectedOrderIds().size());
    if (selected == 0)
        m_choice = Choice::None;
    m_approve->setEnabled(selected > 0 && !m_deciding);
    m_reject->setEnabled(selected > 0 && !m_deciding);
    m_approve->setChecked(m_choice == Choice::Approve);
    m_reject->setChecked(m_choice == Choice::Reject);
    m_confirm->setEnabled(m_choice != Choice::None && !m_deciding);
    if (m_choice == Choice::Approve)
        m_confirm->setText(tr("Approve %n order(s)", nullptr, selected));
    else if (m_choice == Choice::Reject)
        m_confirm->setText(tr("Reject %n order(s)", nullptr, selected));
    else
        m_confirm->setText(tr("Confirm"));
}

void ApprovalsPage::confirm()
{
    if (m_choice == Choice::None || m_deciding)
        return;
    const QList<Id> ids = selectedOrderIds();
    if (ids.isEmpty())
        return;
    QHash<Id, int> versions; // what the approver saw: a later change is a conflict
    for (const Id id : ids)
        versions.insert(id, m_queue->orders().at(m_queue->rowOf(id)).version);
    const Decision decision = m_choice == Choice::Approve ? Decision::Approve : Decision::Reject;
    const QString comment = m_comment->toPlainText().trimmed();
    const Session session = m_session;
    m_deciding = true;
    updateActions();
    m_message->setText(tr("Deciding on %n order(s) ...", nullptr, static_cast<int>(ids.size())));
    whenDone(this, m_client.call<QList<DecisionResult>>([session, ids, versions, decision, comment](Ordo &o) -> Result<QList<DecisionResult>> {
                QList<DecisionResult> results;
                for (const Id id : ids) {
                    auto outcome = o.approvals().decide(session, id, decision, comment, versions.value(id));
                    if (outcome) {
                        const OrderState state = outcome->order.state;
                        const auto kind = state == OrderState::Rejected ? DecisionResult::Kind::Rejected
                            : outcome->finalDecision                     ? DecisionResult::Kind::Approved
                                                                         : DecisionResult::Kind::Advanced;
                        results.append({id, kind, {}});
                        continue;
                    }
                    // Somebody was first when the order no longer waits: the message says who and when.
                    auto now = o.orders().order(session, id);
                    const bool decidedElsewhere = outcome.error().code == ErrorCode::Conflict && now
                        && now->state != OrderState::PendingApproval;
                    results.append({id, decidedElsewhere ? DecisionResult::Kind::AlreadyDecided : DecisionResult::Kind::Failed,
                                    outcome.error().message});
                }
                return results;
            }), [this, ids](const Result<QList<DecisionResult>> &results) {
            m_deciding = false;
            if (!results) {
                m_message->setText(tr("Cannot decide: %1").arg(results.error().message));
                updateActions();
                return;
            }
            showResults(*results);
            loadQueue();
        });
}

void ApprovalsPage::showResults(const QList<DecisionResult> &results)
{
    int done = 0;
    for (const DecisionResult &r : results) {
        if (r.kind != DecisionResult::Kind::Failed && r.kind != DecisionResult::Kind::AlreadyDecided) {
            ++done;
            m_decidedHere.insert(r.orderId);
        }
    }
    m_results->setResults(results);
    m_resultView->resizeColumnsToContents();
    if (results.size() == 1) {
        const DecisionResult &r = results.first();
        m_message->setText(r.message.isEmpty() ? tr("Order %1: %2.").arg(r.orderId).arg(DecisionResultModel::kindName(r.kind))
                                               : tr("Order %1: %2").arg(r.orderId).arg(r.message));
    } else {
        m_message->setText(tr("%1 of %n order(s) decided; the table below has each result.", nullptr, static_cast<int>(results.size())).arg(done));
    }
    if (done == results.size()) {
        m_comment->clear();
        m_choice = Choice::None;
    }
    updateActions();
    m_queueView->setFocus(Qt::OtherFocusReason);
    Q_EMIT decisionsFinished(static_cast<int>(results.size()));
}

void ApprovalsPage::announce(const QList<Id> &arrived)
{
    for (const Id id : arrived) {
        Q_EMIT newOrderWaiting(id);
        if (!m_tray)
            continue;
        const Order &o = m_queue->orders().at(m_queue->rowOf(id));
        m_tray->showMessage(tr("An order waits for your approval"),
                            tr("Order %1 from %2: %3 a month").arg(o.id).arg(o.requesterName, formatMoney(o.monthlyCents, o.currency)));
    }
}

} // namespace ordo::ui
