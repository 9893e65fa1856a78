#pragma once

#include "domain/Commerce.h"
#include "store/ChangeLog.h"

#include <QWidget>

#include <functional>
#include <optional>

class QDialog;
class QLabel;
class QPushButton;
class QTableView;

namespace ordo {
class Ordo;
class OrdoClient;
}

namespace ordo::ui {

class CartModel;
class ParameterForm;
class PreviewPanel;

// The user's cart (stored in the database, so it survives restarts): lines
// with editable quantities and parameters, remove, totals, and the core's
// preview and per-line problems after every change. Checkout confirms with
// the preview in a window of its own (checkoutDialog), then places the order.
class CartPage final : public QWidget
{
    Q_OBJECT

public:
    CartPage(OrdoClient &client, const Session &session, QWidget *parent = nullptr);

    // Loads the cart again (after something was added elsewhere); loaded() follows.
    void reload();
    CartModel *model() const { return m_model; }
    // The confirmation while it is open, else nullptr.
    QDialog *checkoutDialog() const { return m_checkoutDialog; }

Q_SIGNALS:
    void loaded(int lines);
    void orderPlaced(ordo::Id orderId);

private:
    struct Snapshot;
    void load();
    void present(const Snapshot &snapshot);
    void showLineEditor();
    void applyParameters();
    void setQuantity(Id lineId, int quantity);
    void removeLine();
    void openCheckout();
    void placeOrder(const QString &requestId, const QString &cartVersion);
    // Runs a change of the cart, then reloads; a refusal is shown in the status line.
    void change(std::function<Status(Ordo &)> fn);
    void onChanges(const QList<Change> &changes);

    OrdoClient &m_client;
    Session m_session;
    CartModel *m_model;
    QTableView *m_view;
    ParameterForm *m_lineForm;
    QPushButton *m_applyParameters;
    QPushButton *m_remove;
    QPushButton *m_checkout;
    QLabel *m_total;
    QLabel *m_status;
    PreviewPanel *m_preview;
    QDialog *m_checkoutDialog = nullptr;
    std::optional<CheckoutPreview> m_lastPreview;
    Id m_formLine = 0; // the line the parameter form was built for
    QVariantMap m_formStored; // that line's parameters as last loaded
    QVariantMap m_formBaseline; // what the form held when built or applied: differs once the user edits
    bool m_loading = false;
    bool m_stale = false; // changed while it loaded: load again
};

} // namespace ordo::ui
