#pragma once

#include "domain/Commerce.h"

#include <QWidget>

class QLabel;

namespace ordo::ui {

// What an order would cost, use of the quotas and need in approvals, as the
// core's CheckoutPreview says: beside the item form, in the cart and in the
// checkout confirmation. Labels: previewPrice, previewQuota, previewRoute, previewProblems.
class PreviewPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit PreviewPanel(QWidget *parent = nullptr);

    void setPreview(const CheckoutPreview &preview);
    // No preview, and why (the form is incomplete, the core refused, ...).
    void setUnavailable(const QString &reason);

private:
    QLabel *m_price;
    QLabel *m_quota;
    QLabel *m_route;
    QLabel *m_problems;
};

} // namespace ordo::ui
