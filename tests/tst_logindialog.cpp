#include "TestSupport.h"

#include "client/OrdoClient.h"
#include "security/SecretStore.h"
#include "shell/LoginDialog.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>

using namespace ordo;
using namespace ordo::test;

// The sign-in dialog against a real database and the real keychain.
class TestLoginDialog : public QObject
{
    Q_OBJECT

    template<typename T>
    static T *child(QWidget &dialog, const char *name)
    {
        auto *found = dialog.findChild<T *>(QLatin1String(name));
        if (!found)
            qFatal("no %s", name);
        return found;
    }

    // Types the credentials and presses Enter, as a user would.
    static void signIn(ui::LoginDialog &dialog, const QString &user, const QString &password, bool remember)
    {
        auto *userField = child<QLineEdit>(dialog, "loginUser");
        auto *passwordField = child<QLineEdit>(dialog, "loginPassword");
        userField->clear();
        QTest::keyClicks(userField, user);
        passwordField->clear();
        QTest::keyClicks(passwordField, password);
        child<QCheckBox>(dialog, "loginRemember")->setChecked(remember);
        QTest::keyClick(passwordField, Qt::Key_Return);
    }

private Q_SLOTS:
    void init()
    {
        QSettings().clear();
        (void)SecretStore(QStringLiteral("ordo-console")).remove(ui::LoginDialog::secretName(QStringLiteral("alice")));
    }

    void aWrongPasswordSaysSoInTheDialog()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        ui::LoginDialog dialog(client);
        QSignalSpy signedIn(&dialog, &ui::LoginDialog::signedIn);
        dialog.open();
        signIn(dialog, QStringLiteral("alice"), QStringLiteral("wrong"), false);
        auto *error = child<QLabel>(dialog, "loginError");
        QTRY_VERIFY(error->isVisible());
        QVERIFY2(error->text().startsWith(QStringLiteral("Cannot sign in:")), qPrintable(error->text()));
        QVERIFY(dialog.isVisible());
        QCOMPARE(signedIn.count(), 0);

        // Corrected in the same dialog.
        signIn(dialog, QStringLiteral("alice"), QStringLiteral("demo"), false);
        QTRY_COMPARE(signedIn.count(), 1);
        QCOMPARE(signedIn.first().first().value<Session>().user.name, QStringLiteral("alice"));
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void anEmptyPasswordIsNotSent()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        ui::LoginDialog dialog(client);
        dialog.open();
        signIn(dialog, QStringLiteral("alice"), QString(), false);
        QVERIFY(child<QLabel>(dialog, "loginError")->isVisible());
        QVERIFY(dialog.isVisible());
    }

    // "Remember password" keeps it in the keychain, and only there; the next
    // dialog fills it in; unticked, it is gone from the keychain.
    void aRememberedPasswordLivesInTheKeychainOnly()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        const SecretStore keychain(QStringLiteral("ordo-console"));
        const QString secret = ui::LoginDialog::secretName(QStringLiteral("alice"));
        {
            ui::LoginDialog dialog(client);
            QSignalSpy remembered(&dialog, &ui::LoginDialog::passwordRemembered);
            dialog.open();
            signIn(dialog, QStringLiteral("alice"), QStringLiteral("demo"), true);
            QTRY_COMPARE(remembered.count(), 1);
            QCOMPARE(remembered.first().first().toBool(), true);
        }
        const auto stored = keychain.read(secret);
        ORDO_VERIFY_OK(stored);
        QCOMPARE(*stored, QByteArray("demo"));
        // The settings know the user, not the password.
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY2(written.contains("alice"), written.constData());
        QVERIFY2(!written.contains("demo"), written.constData());

        {
            ui::LoginDialog dialog(client);
            QSignalSpy loaded(&dialog, &ui::LoginDialog::rememberedPasswordLoaded);
            QSignalSpy signedIn(&dialog, &ui::LoginDialog::signedIn);
            QSignalSpy remembered(&dialog, &ui::LoginDialog::passwordRemembered);
            dialog.open();
            QTRY_COMPARE(loaded.count(), 1);
            QCOMPARE(child<QLineEdit>(dialog, "loginUser")->text(), QStringLiteral("alice"));
            QCOMPARE(child<QLineEdit>(dialog, "loginPassword")->text(), QStringLiteral("demo"));
            QVERIFY(child<QCheckBox>(dialog, "loginRemember")->isChecked());
            // Signs in with what is filled in, and forgets it.
            child<QCheckBox>(dialog, "loginRemember")->setChecked(false);
            QTest::keyClick(child<QLineEdit>(dialog, "loginPassword"), Qt::Key_Return);
            QTRY_COMPARE(signedIn.count(), 1);
            QTRY_COMPARE(remembered.count(), 1);
            QCOMPARE(remembered.first().first().toBool(), false);
        }
        QCOMPARE(keychain.read(secret).ok(), false);
    }
};

QTEST_MAIN(TestLoginDialog)
#include "tst_logindialog.moc"
