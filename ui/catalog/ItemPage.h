#pragma once

#include "domain/Commerce.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;

namespace ordo {
class OrdoClient;
}

namespace ordo::ui {

class ParameterForm;
class PreviewPanel;

// One catalog item: its parameter form and, beside it, the core's live
// preview of price, quota impact and approval route for what is filled in;
// "Add to cart" puts it in the user's cart.
class ItemPage final : public QWidget
{
    Q_OBJECT

public:
    ItemPage(OrdoClient &client, const Session &session, QWidget *parent = nullptr);

    void showItem(const CatalogItem &item);
    const CatalogItem &item() const { return m_item; }
    ParameterForm *form() const { return m_form; }

    // Asks the core for the preview of what the form holds; the answer to the
    // latest request wins.
    void refreshPreview();

Q_SIGNALS:
    void backRequested();
    void addedToCart(ordo::Id lineId);

private:
    void addToCart();

    OrdoClient &m_client;
    Session m_session;
    CatalogItem m_item;
    quint64 m_previewRequest = 0;
    quint64 m_shown = 0; // counts showItem calls: tells an answer for the item shown before
    QLabel *m_title;
    QLabel *m_description;
    ParameterForm *m_form;
    QSpinBox *m_quantity;
    PreviewPanel *m_preview;
    QPushButton *m_add;
    QLabel *m_status;
};

} // namespace ordo::ui
