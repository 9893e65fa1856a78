#pragma once

#include "domain/Commerce.h"
#include "store/ChangeLog.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QStackedWidget;
class QToolButton;

namespace ordo {
class OrdoClient;
}

namespace ordo::ui {

class CatalogFilterModel;
class CatalogModel;
class ItemPage;

// The service catalog of the user's tenant as cards or a list, narrowed by
// category and by search as you type; opening an item shows its ItemPage.
// Loads itself through the client; orders changing elsewhere refresh the open
// item's preview (its quota figures).
class CatalogPage final : public QWidget
{
    Q_OBJECT

public:
    CatalogPage(OrdoClient &client, const Session &session, QWidget *parent = nullptr);

    void reload();
    // Shows the item page of an item of the loaded catalog; false if there is none such.
    bool openItem(const QString &itemId);
    void showCatalog();

    CatalogModel *model() const { return m_model; }
    ItemPage *itemPage() const { return m_itemPage; }

Q_SIGNALS:
    void loaded(int items);
    void loadFailed(const QString &message);
    void addedToCart(ordo::Id lineId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setCardMode(bool cards);
    void onChanges(const QList<Change> &changes);

    OrdoClient &m_client;
    Session m_session;
    CatalogModel *m_model;
    CatalogFilterModel *m_filter;
    QStackedWidget *m_stack;
    QWidget *m_browser;
    QLineEdit *m_search;
    QComboBox *m_category;
    QToolButton *m_viewMode;
    QListView *m_view;
    QLabel *m_status;
    ItemPage *m_itemPage;
};

} // namespace ordo::ui
