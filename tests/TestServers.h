#pragma once

#include <QDir>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QProcess>
#include <QSaveFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace ordo::test {

// A test server goes when its test process goes, even one that crashed.
inline void endWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}

// SIGTERM, and SIGKILL for a server that does not end within 10 s.
inline void stopServer(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished();
    }
}

inline quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        qFatal("no free loopback port");
    return probe.serverPort();
}

// A self-signed certificate for localhost and 127.0.0.1, made with openssl:
// servers present it, clients trust it through a CA file setting.
class TestCertificate
{
public:
    TestCertificate()
    {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), keyFile(), QStringLiteral("-out"), certFile(), QStringLiteral("-days"), QStringLiteral("2"),
                       QStringLiteral("-subj"), QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost")});
        if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0)
            qFatal("openssl could not make a certificate: %s", openssl.readAllStandardError().constData());
    }
    QString certFile() const { return m_dir.filePath(QStringLiteral("cert.pem")); }
    QString keyFile() const { return m_dir.filePath(QStringLiteral("key.pem")); }

private:
    QTemporaryDir m_dir;
};

// One of our Python test servers (tests/servers/): TLS with the test
// certificate, one user whose password it gets in its environment, a free
// loopback port; ready once it prints "ready", stopped with SIGTERM.
class PythonServer
{
public:
    PythonServer(const TestCertificate &certificate, QString user, QString password)
        : m_certificate(certificate), m_user(std::move(user)), m_password(std::move(password)), m_port(freeLoopbackPort())
    {
    }
    ~PythonServer() { stop(); }

    // `arguments`: the script's own, after the port, certificate and user.
    void start(const char *script, const QStringList &arguments = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ORDO_TEST_SERVER_PASSWORD"), m_password);
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        endWithParent(m_process);
        m_process.start(QStringLiteral("/usr/bin/python3"),
                        QStringList{QStringLiteral(ORDO_TEST_SERVERS_DIR "/") + QLatin1String(script), QStringLiteral("--port"), QString::number(m_port),
                                    QStringLiteral("--cert"), m_certificate.certFile(), QStringLiteral("--key"), m_certificate.keyFile(),
                                    QStringLiteral("--user"), m_user}
                            + arguments);
        if (!m_process.waitForStarted() || !m_process.waitForReadyRead(30000) || !m_process.readLine().startsWith("ready"))
            qFatal("the test server %s did not start", script);
    }

    void stop() { stopServer(m_process); }

    quint16 port() const { return m_port; }
    const TestCertificate &certificate() const { return m_certificate; }

private:
    const TestCertificate &m_certificate;
    QString m_user;
    QString m_password;
    quint16 m_port;
    QProcess m_process;
};

// aiosmtpd through tests/servers/smtp_server.py: STARTTLS required (or SMTPS),
// AUTH for one user, each accepted mail a file in a Maildir.
class SmtpServer
{
public:
    struct Options
    {
        bool implicitTls = false; // SMTPS: TLS from the first byte, no STARTTLS
        bool rendezvous = false;  // the first mail waits until a second connection begins one
    };

    SmtpServer(const TestCertificate &certificate, QString user, QString password) : m_server(certificate, std::move(user), std::move(password)) {}

    void start() { start(Options()); }
    void start(Options options)
    {
        QStringList arguments{QStringLiteral("--maildir"), maildir(), QStringLiteral("--replies"), repliesFile()};
        if (options.implicitTls)
            arguments.append(QStringLiteral("--implicit-tls"));
        if (options.rendezvous)
            arguments.append(QStringLiteral("--rendezvous"));
        m_server.start("smtp_server.py", arguments);
    }
    void stop() { m_server.stop(); }

    // From now on the server answers `command` (MAIL, RCPT or DATA) with
    // `reply`, e.g. "450 4.2.1 busy"; an empty reply accepts again.
    void answer(const QString &command, const QString &reply)
    {
        if (reply.isEmpty())
            m_replies.remove(command);
        else
            m_replies.insert(command, reply);
        QSaveFile file(repliesFile()); // whole or not at all: the server reads it at every command
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(m_replies).toJson()) < 0 || !file.commit())
            qFatal("cannot write the SMTP server's replies");
    }

    quint16 port() const { return m_server.port(); }
    QString maildir() const { return m_dir.filePath(QStringLiteral("maildir")); }

    // The raw mails received so far.
    QList<QByteArray> received() const
    {
        QList<QByteArray> mails;
        const QDir inbox(maildir() + QStringLiteral("/new"));
        for (const QString &name : inbox.entryList(QDir::Files, QDir::Name)) {
            QFile file(inbox.filePath(name));
            if (file.open(QIODevice::ReadOnly))
                mails.append(file.readAll());
        }
        return mails;
    }

private:
    QString repliesFile() const { return m_dir.filePath(QStringLiteral("replies.json")); }

    QTemporaryDir m_dir;
    PythonServer m_server;
    QJsonObject m_replies;
};

// tests/servers/rest_server.py: the ServiceNow Table API and Jira REST API
// contracts over HTTPS with basic authentication, with faults on request.
class RestServer
{
public:
    RestServer(const TestCertificate &certificate, QString user, QString password) : m_server(certificate, std::move(user), std::move(password)) {}

    struct Options
    {
        bool plainHttp = false; // no TLS: a server that credentials must never reach
    };

    void start() { start(Options()); }
    void start(Options options)
    {
        m_plainHttp = options.plainHttp;
        m_server.start("rest_server.py", m_plainHttp ? QStringList{QStringLiteral("--plain-http")} : QStringList{});
    }
    void stop() { m_server.stop(); }

    QString url() const { return QStringLiteral("%1://127.0.0.1:%2").arg(m_plainHttp ? QStringLiteral("http") : QStringLiteral("https")).arg(m_server.port()); }

    // The next requests fail, wait or redirect, one fault each: {"status": 500},
    // {"delayMs": 3000} or {"location": "https://elsewhere/path"} (307 unless "status" says).
    void injectFaults(const QJsonArray &faults) { control("POST", QStringLiteral("/_test/fault"), QJsonObject{{QStringLiteral("faults"), faults}}); }

    // What the service holds now, as a user of it would see.
    QJsonObject state() { return control("GET", QStringLiteral("/_test/state"), {}); }

    // Every API request it got: {"method", "path", "headers", "connection"}, where
    // requests that came over the same connection carry the same number.
    QJsonArray requests() { return state().value(QStringLiteral("requests")).toArray(); }

private:
    QJsonObject control(const QByteArray &method, const QString &path, const QJsonObject &body)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(url() + path));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_server.certificate().certFile()));
        request.setSslConfiguration(tls);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = network.sendCustomRequest(request, method, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(30000))
            qFatal("the REST server did not answer");
        const QByteArray answer = reply->readAll();
        if (reply->error() != QNetworkReply::NoError)
            qFatal("REST server control: %s", qPrintable(reply->errorString()));
        reply->deleteLater();
        return QJsonDocument::fromJson(answer).object();
    }

    PythonServer m_server;
    bool m_plainHttp = false;
};

inline QString currentUserName()
{
    const passwd *pw = getpwuid(geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QString();
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

// A real OpenSSH server on a loopback port, in the foreground, with its own
// host key and one authorized key for the current user.
class SshServer
{
public:
    SshServer() : m_port(freeLoopbackPort())
    {
        makeKey(QStringLiteral("user_key"));
        makeKey(QStringLiteral("other_key"));
        makeKey(QStringLiteral("host_key"));
        QFile::copy(m_dir.filePath(QStringLiteral("user_key.pub")), m_dir.filePath(QStringLiteral("authorized_keys")));
    }
    ~SshServer() { stop(); }

    void start()
    {
        if (geteuid() == 0)
            QDir().mkpath(QStringLiteral("/run/sshd")); // sshd's privilege separation directory
        QFile config(m_dir.filePath(QStringLiteral("sshd_config")));
        if (!config.open(QIODevice::WriteOnly))
            qFatal("cannot write the sshd config");
        config.write(QStringLiteral("Port %1\nListenAddress 127.0.0.1\nHostKey %2\nPidFile %3\nAuthorizedKeysFile %4\n"
                                    "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                                    "PubkeyAuthentication yes\nPermitRootLogin prohibit-password\nAllowUsers %5\n")
                         .arg(m_port)
                         .arg(m_dir.filePath(QStringLiteral("host_key")), m_dir.filePath(QStringLiteral("sshd.pid")),
                              m_dir.filePath(QStringLiteral("authorized_keys")), currentUserName())
                         .toUtf8());
        config.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        endWithParent(m_process);
        m_process.start(QStringLiteral("/usr/sbin/sshd"), {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), config.fileName()});
        if (!m_process.waitForStarted())
            qFatal("cannot start sshd");
        QByteArray log;
        while (!log.contains("Server listening")) {
            if (!m_process.waitForReadyRead(30000))
                qFatal("sshd did not start: %s", log.constData());
            log += m_process.readAll();
        }
    }

    void stop() { stopServer(m_process); }

    // As if the guest were rebuilt, or someone sat in the middle.
    void replaceHostKey(const QString &type = QStringLiteral("ed25519"))
    {
        QFile::remove(m_dir.filePath(QStringLiteral("host_key")));
        QFile::remove(m_dir.filePath(QStringLiteral("host_key.pub")));
        makeKey(QStringLiteral("host_key"), type);
    }

    quint16 port() const { return m_port; }
    QByteArray userPrivateKey() const { return readFile(m_dir.filePath(QStringLiteral("user_key"))); }
    QByteArray unauthorizedPrivateKey() const { return readFile(m_dir.filePath(QStringLiteral("other_key"))); }

private:
    void makeKey(const QString &name, const QString &type = QStringLiteral("ed25519"))
    {
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"), QString(),
                                                     QStringLiteral("-C"), name, QStringLiteral("-f"), m_dir.filePath(name)});
        if (!keygen.waitForFinished(30000) || keygen.exitCode() != 0)
            qFatal("ssh-keygen failed: %s", keygen.readAllStandardError().constData());
    }

    quint16 m_port;
    QTemporaryDir m_dir;
    QProcess m_process;
};

} // namespace ordo::test
