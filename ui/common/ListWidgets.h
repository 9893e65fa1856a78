#pragma once

#include <QAbstractItemModel>
#include <QBoxLayout>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>

namespace ordo::ui {

// The read-only, sortable, one-row-at-a-time table of support's lists.
inline QTableView *newListTable(QAbstractItemModel *model, const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSortingEnabled(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

// A search field that Ctrl+F reaches from anywhere on the page.
inline QLineEdit *newSearchField(const QString &objectName, const QString &accessibleName, const QString &placeholder, QWidget *page)
{
    auto *field = new QLineEdit(page);
    field->setObjectName(objectName);
    field->setAccessibleName(accessibleName);
    field->setPlaceholderText(placeholder);
    field->setClearButtonEnabled(true);
    auto *find = new QShortcut(QKeySequence::Find, page);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(find, &QShortcut::activated, field, [field] {
        field->setFocus(Qt::ShortcutFocusReason);
        field->selectAll();
    });
    return field;
}

// Lays out one of support's list pages: the state filter and the search field
// above, the list over its details pane (a splitter named splitterName, shared
// listStretch : detailsStretch), the status line below. Tab runs state filter,
// search, list; the page continues it into its details.
inline void layOutListPage(QWidget *page, QComboBox *stateFilter, QLineEdit *textFilter, QTableView *list,
                           QWidget *detailsPane, QLabel *status, const QString &splitterName, int listStretch, int detailsStretch)
{
    auto *filters = new QHBoxLayout;
    filters->addWidget(stateFilter);
    filters->addWidget(textFilter, 1);
    auto *split = new QSplitter(Qt::Vertical, page);
    split->setObjectName(splitterName);
    split->addWidget(list);
    split->addWidget(detailsPane);
    split->setStretchFactor(0, listStretch);
    split->setStretchFactor(1, detailsStretch);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(filters);
    layout->addWidget(split, 1);
    layout->addWidget(status);
    QWidget::setTabOrder(stateFilter, textFilter);
    QWidget::setTabOrder(textFilter, list);
}

} // namespace ordo::ui
