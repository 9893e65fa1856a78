#include "shell/LoginDialog.h"

#include "client/OrdoClient.h"
#include "common/WhenDone.h"
#include "security/SecretStore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

namespace ordo::ui {

namespace {

const QString kUserKey = QStringLiteral("login/user");
const QString kRememberKey = QStringLiteral("login/remember");

SecretStore keychain()
{
    return SecretStore(QStringLiteral("ordo-console"));
}

} // namespace

LoginDialog::LoginDialog(OrdoClient &client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_tenant(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("&Remember password"), this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Sign in to Ordo"));
    m_user->setObjectName(QStringLiteral("loginUser"));
    m_user->setAccessibleName(tr("User"));
    m_password->setObjectName(QStringLiteral("loginPassword"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_tenant->setObjectName(QStringLiteral("loginTenant"));
    m_tenant->setAccessibleName(tr("Tenant"));
    m_tenant->setPlaceholderText(tr("your own"));
    m_remember->setObjectName(QStringLiteral("loginRemember"));
    m_remember->setToolTip(tr("Keeps the password in the system keychain, nowhere else"));
    m_error->setObjectName(QStringLiteral("loginError"));
    m_error->setWordWrap(true);
    m_error->hide();
    m_buttons->setObjectName(QStringLiteral("loginButtons"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Sign in"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("&Tenant:"), m_tenant);
    form->addRow(m_remember);
    form->addRow(m_error);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &LoginDialog::reject);

    QSettings settings;
    m_user->setText(settings.value(kUserKey).toString());
    m_remember->setChecked(settings.value(kRememberKey, false).toBool());
    if (m_user->text().isEmpty())
        m_user->setFocus();
    else
        m_password->setFocus();
    if (m_remember->isChecked() && !m_user->text().isEmpty())
        loadRememberedPassword();
}

QString LoginDialog::secretName(const QString &user)
{
    return QStringLiteral("login.") + user;
}

void LoginDialog::loadRememberedPassword()
{
    const QString name = secretName(m_user->text());
    // The keychain blocks until it answers: off the GUI thread.
    whenDone(this, QtConcurrent::run([name] { return keychain().read(name); }), [this](const Result<QByteArray> &password) {
        if (password && m_password->text().isEmpty())
            m_password->setText(QString::fromUtf8(*password));
        Q_EMIT rememberedPasswordLoaded(password.ok());
    });
}

void LoginDialog::accept()
{
    const QString user = m_user->text().trimmed();
    const QString password = m_password->text();
    if (user.isEmpty() || password.isEmpty()) {
        showError(tr("Enter your user name and password."));
        return;
    }
    m_error->hide();
    m_buttons->setEnabled(false);
    whenDone(this, m_client.login(user, password, m_tenant->text().trimmed()), [this, password](const Result<Session> &session) {
        m_buttons->setEnabled(true);
        if (!session) {
            showError(tr("Cannot sign in: %1").arg(session.error().message));
            m_password->selectAll();
            m_password->setFocus();
            return;
        }
        signedInAs(*session, password);
    });
}

void LoginDialog::signedInAs(const Session &session, const QString &password)
{
    QSettings settings;
    settings.setValue(kUserKey, session.user.name);
    const bool remember = m_remember->isChecked();
    settings.setValue(kRememberKey, remember);
    const QString name = secretName(session.user.name);
    whenDone(this, QtConcurrent::run([name, remember, password] {
        return remember ? keychain().write(name, password.toUtf8()) : keychain().remove(name);
    }), [this, remember](const Status &stored) {
        Q_EMIT passwordRemembered(remember && stored.ok());
    });
    Q_EMIT signedIn(session);
    QDialog::accept();
}

void LoginDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

} // namespace ordo::ui
