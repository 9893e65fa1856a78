#pragma once

#include "domain/Accounts.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace ordo {
class OrdoClient;
}

namespace ordo::ui {

// Asks for user, password and (optionally) tenant and signs in through the
// client, never waiting on the GUI thread: signedIn() follows, or a message
// in the dialog says why not. "Remember password" keeps the password in the
// keychain (SecretStore, service "ordo-console") and nowhere else; the user
// name alone goes to the settings. Open it with open() or show().
class LoginDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit LoginDialog(OrdoClient &client, QWidget *parent = nullptr);

    // The keychain entry of a user's remembered password.
    static QString secretName(const QString &user);

    void accept() override;

Q_SIGNALS:
    void signedIn(const ordo::Session &session);
    // The remembered password of the user, if any, is in the password field.
    void rememberedPasswordLoaded(bool found);
    // The keychain holds (or no longer holds) the password as asked.
    void passwordRemembered(bool remembered);

private:
    void loadRememberedPassword();
    void signedInAs(const Session &session, const QString &password);
    void showError(const QString &message);

    OrdoClient &m_client;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLineEdit *m_tenant;
    QCheckBox *m_remember;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace ordo::ui
