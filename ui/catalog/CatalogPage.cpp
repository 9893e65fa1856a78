#include "catalog/CatalogPage.h"

#include "catalog/CatalogModel.h"
#include "catalog/ItemPage.h"
#include "client/OrdoClient.h"
#include "common/WhenDone.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QShortcut>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace ordo::ui {

CatalogPage::CatalogPage(OrdoClient &client, const Session &session, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_session(session)
    , m_model(new CatalogModel(this))
    , m_filter(new CatalogFilterModel(this))
    , m_stack(new QStackedWidget(this))
    , m_browser(new QWidget(this))
    , m_search(new QLineEdit(m_browser))
    , m_category(new QComboBox(m_browser))
    , m_viewMode(new QToolButton(m_browser))
    , m_view(new QListView(m_browser))
    , m_status(new QLabel(m_browser))
    , m_itemPage(new ItemPage(client, session, this))
{
    m_filter->setSourceModel(m_model);

    m_search->setObjectName(QStringLiteral("catalogSearch"));
    m_search->setPlaceholderText(tr("Search the catalog (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search the catalog"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_filter, &CatalogFilterModel::setSearchText);
    auto *find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        showCatalog();
        m_search->setFocus();
        m_search->selectAll();
    });
    // Down from the search field goes to the results, so search, pick and open need no mouse.
    m_search->installEventFilter(this);

    m_category->setObjectName(QStringLiteral("catalogCategory"));
    m_category->setAccessibleName(tr("Category"));
    connect(m_category, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setCategory(m_category->currentData().toString()); });

    m_viewMode->setObjectName(QStringLiteral("catalogViewMode"));
    m_viewMode->setCheckable(true);
    m_viewMode->setAccessibleName(tr("Show as a list"));
    m_viewMode->setText(tr("List"));
    m_viewMode->setToolTip(tr("Show the catalog as a list instead of cards"));
    connect(m_viewMode, &QToolButton::toggled, this, [this](bool list) { setCardMode(!list); });

    m_view->setObjectName(QStringLiteral("catalogView"));
    m_view->setAccessibleName(tr("Catalog items"));
    m_view->setModel(m_filter);
    m_view->setModelColumn(CatalogModel::Name);
    m_view->setUniformItemSizes(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_view, &QListView::activated, this,
            [this](const QModelIndex &index) { openItem(index.data(CatalogModel::ItemIdRole).toString()); });
    setCardMode(true);

    m_status->setObjectName(QStringLiteral("catalogStatus"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(m_category);
    bar->addWidget(m_viewMode);
    auto *browserLayout = new QVBoxLayout(m_browser);
    browserLayout->addLayout(bar);
    browserLayout->addWidget(m_view, 1);
    browserLayout->addWidget(m_status);

    m_itemPage->setObjectName(QStringLiteral("itemPage"));
    connect(m_itemPage, &ItemPage::backRequested, this, &CatalogPage::showCatalog);
    connect(m_itemPage, &ItemPage::addedToCart, this, &CatalogPage::addedToCart);

    m_stack->addWidget(m_browser);
    m_stack->addWidget(m_itemPage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    setTabOrder(m_search, m_category);
    setTabOrder(m_category, m_viewMode);
    setTabOrder(m_viewMode, m_view);

    connect(&m_client, &OrdoClient::changed, this, &CatalogPage::onChanges);
    // Queued: a load that finishes before its continuation is attached would
    // report before whoever made the page has connected to it.
    QMetaObject::invokeMethod(this, &CatalogPage::reload, Qt::QueuedConnection);
}

bool CatalogPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Down) {
        m_view->setFocus();
        if (!m_view->currentIndex().isValid() && m_filter->rowCount() > 0)
            m_view->setCurrentIndex(m_filter->index(0, CatalogModel::Name));
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void CatalogPage::reload()
{
    m_status->setText(tr("Loading the catalog…"));
    whenDone(this, m_client.catalogItems(m_session), [this](const Result<QList<CatalogItem>> &items) {
        if (!items) {
            const QString message = tr("Cannot load the catalog: %1").arg(items.error().message);
            m_status->setText(message);
            Q_EMIT loadFailed(message);
            return;
        }
        m_model->setItems(*items);
        const QString current = m_category->currentData().toString();
        QStringList categories;
        for (const CatalogItem &item : *items) {
            if (!categories.contains(item.category))
                categories.append(item.category);
        }
        categories.sort(Qt::CaseInsensitive);
        {
            const QSignalBlocker block(m_category);
            m_category->clear();
            m_category->addItem(tr("All categories"), QString());
            for (const QString &category : std::as_const(categories))
                m_category->addItem(category, category);
            m_category->setCurrentIndex(std::max(0, m_category->findData(current)));
        }
        m_filter->setCategory(m_category->currentData().toString());
        m_status->setText(tr("%n service(s)", nullptr, static_cast<int>(items->size())));
        Q_EMIT loaded(static_cast<int>(items->size()));
    });
}

bool CatalogPage::openItem(const QString &itemId)
{
    for (const CatalogItem &item : m_model->items()) {
        if (item.id == itemId) {
            m_itemPage->showItem(item);
            m_stack->setCurrentWidget(m_itemPage);
            return true;
        }
    }
    return false;
}

void CatalogPage::showCatalog()
{
    m_stack->setCurrentWidget(m_browser);
    m_view->setFocus();
}

void CatalogPage::setCardMode(bool cards)
{
    m_view->setViewMode(cards ? QListView::IconMode : QListView::ListMode);
    m_view->setIconSize(cards ? QSize(48, 48) : QSize(24, 24));
    m_view->setGridSize(cards ? QSize(180, 110) : QSize());
    m_view->setWordWrap(cards);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
}

void CatalogPage::onChanges(const QList<Change> &changes)
{
    // An order placed, decided or finished moves the quota figures of the open item's preview.
    if (m_stack->currentWidget() != m_itemPage)
        return;
    for (const Change &change : changes) {
        if (change.kind == ChangeKind::Order && change.tenantId == m_session.tenant.id) {
            m_itemPage->refreshPreview();
            return;
        }
    }
}

} // namespace ordo::ui
