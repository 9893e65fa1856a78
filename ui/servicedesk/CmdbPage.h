#pragma once

#include "domain/Accounts.h"
#include "store/ChangeLog.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace ordo {
class OrdoClient;
}

namespace ordo::ui {

class CmdbModel;
class SearchFilterModel;

// Support's view of the embedded CMDB: the configuration items the
// provisioning workflows registered, filtered by state and text, and the
// selected one's configuration as readable JSON. Follows the change feed.
class CmdbPage final : public QWidget
{
    Q_OBJECT

public:
    CmdbPage(OrdoClient &client, const Session &session, QWidget *parent = nullptr);

    CmdbModel *model() const { return m_model; }
    void reload();

Q_SIGNALS:
    void loaded(int items);
    void loadFailed(const QString &message);

private:
    void load();
    void onChanges(const QList<Change> &changes);
    void showSelected();

    OrdoClient &m_client;
    Session m_session;
    CmdbModel *m_model;
    SearchFilterModel *m_filter;
    QComboBox *m_stateFilter;
    QLineEdit *m_textFilter;
    QTableView *m_view;
    QLabel *m_summary;
    QPlainTextEdit *m_configuration;
    QLabel *m_status;
    bool m_loading = false;
    bool m_stale = false; // changed while it loaded: load again
};

} // namespace ordo::ui
