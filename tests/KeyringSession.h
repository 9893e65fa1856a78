#pragma once

#include "security/SecretStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <sys/prctl.h>

namespace ordo::test {

// A private session bus with an unlocked gnome-keyring on it, for the one
// test that uses it: the real keychain, not a stand-in, and no test sees
// another's secrets.
class KeyringSession
{
public:
    KeyringSession()
    {
        for (const char *tool : {"dbus-daemon", "dbus-send", "gnome-keyring-daemon"}) {
            if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
                qFatal("the keyring tests need %s on PATH (Debian packages dbus and gnome-keyring; scripts/setup installs them)", tool);
        }
        // A session bus without service activation. With it, the first call to
        // org.freedesktop.secrets that came before our daemon had taken the name
        // started a second gnome-keyring-daemon (Debian's activation file runs it
        // with --start, no password): its login collection was locked, or missing,
        // and the tests of that process failed on the keychain.
        const QString config = m_home.filePath(QStringLiteral("bus.conf"));
        {
            QFile file(config);
            if (!file.open(QIODevice::WriteOnly)
                || file.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                              " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                              "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>\n"
                              "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                              "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                       < 0)
                qFatal("cannot write %s", qPrintable(config));
        }
        m_bus.setProgram(QStringLiteral("dbus-daemon"));
        // The bus (and the keyring, which leaves with it) ends with the test process, even one that crashed.
        m_bus.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_bus.setArguments({QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"), QStringLiteral("--print-address")});
        m_bus.start();
        if (!m_bus.waitForStarted() || !m_bus.waitForReadyRead(10000))
            qFatal("cannot start dbus-daemon");
        m_address = QString::fromUtf8(m_bus.readLine()).trimmed();
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toUtf8());

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home.path());
        m_keyring.setProcessEnvironment(env);
        m_keyring.setProgram(QStringLiteral("gnome-keyring-daemon"));
        // It reads the password, unlocks (making the login keyring), then goes
        // to the background; it leaves when its session bus goes.
        m_keyring.setArguments({QStringLiteral("--daemonize"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
        m_keyring.setProcessChannelMode(QProcess::MergedChannels);
        startKeyring();
        // Ready once what the tests store into exists and is unlocked: the login
        // collection that --unlock creates can come well after the service
        // answers on the bus, under load.
        QString lastAnswer;
        QElapsedTimer sinceStart;
        sinceStart.start();
        int restarts = 0;
        for (int i = 0; i < 300; ++i) {
            QProcess probe;
            probe.setProcessChannelMode(QProcess::MergedChannels);
            probe.start(QStringLiteral("dbus-send"),
                        {QStringLiteral("--bus=") + m_address, QStringLiteral("--print-reply"), QStringLiteral("--dest=org.freedesktop.secrets"),
                         QStringLiteral("/org/freedesktop/secrets/collection/login"), QStringLiteral("org.freedesktop.DBus.Properties.Get"),
                         QStringLiteral("string:org.freedesktop.Secret.Collection"), QStringLiteral("string:Locked")});
            probe.waitForFinished(5000);
            lastAnswer = QString::fromUtf8(probe.readAll()).simplified();
            if (probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0 && lastAnswer.endsWith(QLatin1String("boolean false")))
                return;
            // Seen once in a clean-clone run: the daemon went to the background and
            // never took its name on the bus. Nobody owns it after 10 s: started again.
            if (lastAnswer.contains(QLatin1String("ServiceUnknown")) && sinceStart.hasExpired(10000) && restarts < 2) {
                qWarning("gnome-keyring-daemon has not taken org.freedesktop.secrets within 10 s; starting it again (%s)",
                         qPrintable(m_keyringOutput));
                ++restarts;
                startKeyring();
                sinceStart.start();
            }
            QTest::qWait(100);
        }
        qFatal("the keyring's login collection did not come up unlocked within 30 s; last answer: %s; the daemon said: %s", qPrintable(lastAnswer),
               qPrintable(m_keyringOutput));
    }

    ~KeyringSession()
    {
        SecretStore::stopKeychainThread();
        m_bus.kill();
        m_bus.waitForFinished(5000);
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    }

    // Locks the login collection, as a screen lock would; it stays locked.
    bool lock() const
    {
        QProcess locker;
        locker.start(QStringLiteral("dbus-send"), {QStringLiteral("--bus=") + m_address, QStringLiteral("--dest=org.freedesktop.secrets"),
                                                   QStringLiteral("--type=method_call"), QStringLiteral("--print-reply"),
                                                   QStringLiteral("/org/freedesktop/secrets"), QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                                                   QStringLiteral("array:objpath:/org/freedesktop/secrets/collection/login")});
        return locker.waitForFinished(30000) && locker.exitStatus() == QProcess::NormalExit && locker.exitCode() == 0;
    }

    QString address() const { return m_address; }
    QString keyringHome() const { return m_home.path(); }

private:
    QTemporaryDir m_home;
    QProcess m_bus;
    QProcess m_keyring;
    QString m_address;
    QString m_keyringOutput;

    void startKeyring()
    {
        m_keyring.start();
        if (!m_keyring.waitForStarted())
            qFatal("cannot start gnome-keyring-daemon");
        m_keyring.write("test-keyring-password");
        m_keyring.closeWriteChannel();
        const bool finished = m_keyring.waitForFinished(30000);
        m_keyringOutput = QString::fromUtf8(m_keyring.readAll()).simplified();
        if (!finished || m_keyring.exitCode() != 0)
            qFatal("gnome-keyring-daemon did not start: %s", qPrintable(m_keyringOutput));
    }
};

} // namespace ordo::test
