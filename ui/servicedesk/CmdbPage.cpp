#include "servicedesk/CmdbPage.h"

#include "client/OrdoClient.h"
#include "common/ListWidgets.h"
#include "common/SearchFilterModel.h"
#include "common/WhenDone.h"
#include "servicedesk/CmdbModel.h"
#include "services/Access.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcCmdbPage, "ordo.ui.cmdb", QtInfoMsg)

namespace ordo::ui {

CmdbPage::CmdbPage(OrdoClient &client, const Session &session, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_session(session)
    , m_model(new CmdbModel(this))
    , m_filter(new SearchFilterModel(this))
    , m_stateFilter(new QComboBox(this))
    , m_textFilter(newSearchField(QStringLiteral("cmdbFilterText"), tr("Search configuration items"),
                                  tr("Search by name, IP address or configuration (Ctrl+F)"), this))
    , m_summary(new QLabel(this))
    , m_configuration(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
{
    m_filter->setSourceModel(m_model);
    m_stateFilter->setObjectName(QStringLiteral("cmdbStateFilter"));
    m_stateFilter->setAccessibleName(tr("State"));
    m_stateFilter->addItem(tr("In service and removed"), QString());
    m_stateFilter->addItem(tr("In service"), CmdbModel::kPresent);
    m_stateFilter->addItem(tr("Removed"), CmdbModel::kRemoved);
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] { m_filter->setState(m_stateFilter->currentData().toString()); });
    connect(m_textFilter, &QLineEdit::textChanged, m_filter, &SearchFilterModel::setText);

    m_view = newListTable(m_filter, QStringLiteral("cmdbList"), tr("Configuration items"), this);
    m_view->sortByColumn(CmdbModel::Id, Qt::DescendingOrder);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CmdbPage::showSelected);
    // A refresh that changes the selected item shows it anew.
    connect(m_filter, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        const int row = m_view->currentIndex().row();
        if (row >= from.row() && row <= to.row())
            showSelected();
    });

    m_summary->setObjectName(QStringLiteral("cmdbItemSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_summary->setWordWrap(true);
    m_configuration->setObjectName(QStringLiteral("cmdbConfiguration"));
    m_configuration->setAccessibleName(tr("Configuration"));
    m_configuration->setReadOnly(true);
    m_configuration->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_status->setObjectName(QStringLiteral("cmdbStatus"));

    auto *detailsPane = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(detailsPane);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_summary);
    detailsLayout->addWidget(m_configuration, 1);
    layOutListPage(this, m_stateFilter, m_textFilter, m_view, detailsPane, m_status, QStringLiteral("cmdbSplitter"), 3, 2);
    setTabOrder(m_view, m_configuration);

    connect(&m_client, &OrdoClient::changed, this, &CmdbPage::onChanges);
    // Queued: a load that finishes before its continuation is attached would
    // report before whoever made the page has connected to it.
    QMetaObject::invokeMethod(this, &CmdbPage::reload, Qt::QueuedConnection);
}

void CmdbPage::reload()
{
    if (m_loading) {
        m_stale = true;
        return;
    }
    load();
}

void CmdbPage::load()
{
    m_loading = true;
    m_stale = false;
    const Session session = m_session;
    whenDone(this, m_client.call<QList<connectors::CmdbItem>>([session](Ordo &o) { return o.serviceDesk().cmdbItems(session); }),
        [this](const Result<QList<connectors::CmdbItem>> &items) {
            m_loading = false;
            if (!items) {
                qCWarning(lcCmdbPage) << "loading failed:" << items.error().message;
                m_status->setText(tr("Cannot load the configuration items: %1").arg(items.error().message));
                Q_EMIT loadFailed(items.error().message);
            } else {
                const bool first = m_model->rowCount() == 0;
                m_model->setItems(*items);
                if (first)
                    m_view->resizeColumnsToContents();
                m_status->setText(tr("%n configuration item(s)", nullptr, static_cast<int>(items->size())));
            }
            if (m_stale)
                load();
            else if (items)
                Q_EMIT loaded(static_cast<int>(items->size()));
        });
}

void CmdbPage::onChanges(const QList<Change> &changes)
{
    const bool relevant = std::any_of(changes.cbegin(), changes.cend(), [this](const Change &c) {
        return c.kind == ChangeKind::CmdbItem && concerns(m_session, c.tenantId);
    });
    if (relevant)
        reload();
}

void CmdbPage::showSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_summary->clear();
        m_configuration->clear();
        return;
    }
    const auto field = [&](int column) { return current.siblingAtColumn(column).data().toString(); };
    QString summary = tr("%1 (%2), %3, %4 since %5")
                          .arg(field(CmdbModel::Name), field(CmdbModel::Ip), field(CmdbModel::Class), field(CmdbModel::State), field(CmdbModel::Created));
    if (const QString removed = field(CmdbModel::Removed); !removed.isEmpty())
        summary = tr("%1 (%2), %3, registered %4, removed %5")
                      .arg(field(CmdbModel::Name), field(CmdbModel::Ip), field(CmdbModel::Class), field(CmdbModel::Created), removed);
    m_summary->setText(summary);
    m_configuration->setPlainText(current.data(CmdbModel::ConfigurationRole).toString());
}

} // namespace ordo::ui
