#include "shell/SingleInstance.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTimer>

Q_LOGGING_CATEGORY(lcInstance, "ordo.ui.instance", QtInfoMsg)

namespace ordo::ui {

namespace {

// How long a socket file's owner has to accept before it counts as dead.
constexpr std::chrono::milliseconds kProbeTimeout{1000};

} // namespace

QString SingleInstance::serverName(const QString &databasePath)
{
    const QFileInfo file(databasePath);
    const QString canonical = file.canonicalFilePath().isEmpty() ? file.absoluteFilePath() : file.canonicalFilePath();
    const QByteArray hash = QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    // In the user's own runtime folder (mode 0700): no other user reaches it.
    return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) + QStringLiteral("/ordo-console-") + QString::fromLatin1(hash);
}

SingleInstance::SingleInstance(QString serverName, QObject *parent)
    : QObject(parent), m_name(std::move(serverName)), m_server(new QLocalServer(this))
{
    m_server->setMaxPendingConnections(8);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::acceptConnections);
}

void SingleInstance::listen()
{
    // Binding fails while the socket file exists, so of two starts only one listens.
    if (m_server->listen(m_name)) {
        Q_EMIT listening();
        return;
    }
    if (m_server->serverError() != QAbstractSocket::AddressInUseError) {
        Q_EMIT listenFailed(m_server->errorString());
        return;
    }
    takeOverOrGiveWay();
}

void SingleInstance::takeOverOrGiveWay()
{
    // In use: a running console answers; a dead one's socket file does not.
    auto *probe = new QLocalSocket(this);
    auto *timer = new QTimer(probe);
    timer->setSingleShot(true);
    const auto takeOver = [this, probe, timer] {
        timer->stop();
        probe->disconnect(this);
        probe->abort();
        probe->deleteLater();
        QLocalServer::removeServer(m_name);
        if (m_server->listen(m_name))
            Q_EMIT listening();
        else
            Q_EMIT listenFailed(m_server->errorString());
    };
    connect(probe, &QLocalSocket::connected, this, [this, probe, timer] {
        timer->stop();
        probe->disconnect(this);
        probe->abort();
        probe->deleteLater();
        Q_EMIT anotherRunning();
    });
    connect(probe, &QLocalSocket::errorOccurred, this, takeOver);
    connect(timer, &QTimer::timeout, this, takeOver);
    timer->start(kProbeTimeout);
    probe->connectToServer(m_name);
}

void SingleInstance::send(const QString &message, std::chrono::milliseconds timeout)
{
    const QByteArray line = message.toUtf8() + '\n';
    auto *socket = new QLocalSocket(this);
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    // Reports once: the first of done, error or time-out wins.
    const auto finish = [this, socket, timer](const QString &why) {
        timer->stop();
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        if (why.isEmpty())
            Q_EMIT sent();
        else
            Q_EMIT sendFailed(why);
    };
    connect(socket, &QLocalSocket::connected, this, [socket, line] {
        socket->write(line);
        socket->disconnectFromServer(); // after what is written has gone out
    });
    connect(socket, &QLocalSocket::disconnected, this, [socket, finish] {
        finish(socket->bytesToWrite() == 0 ? QString() : tr("the running console hung up"));
    });
    connect(socket, &QLocalSocket::errorOccurred, this, [socket, finish](QLocalSocket::LocalSocketError error) {
        // The running console hangs up once it has the line: no error.
        if (error != QLocalSocket::PeerClosedError)
            finish(socket->errorString());
    });
    connect(timer, &QTimer::timeout, this, [finish] { finish(tr("the running console did not answer in time")); });
    timer->start(timeout);
    socket->connectToServer(m_name);
}

void SingleInstance::acceptConnections()
{
    while (QLocalSocket *peer = m_server->nextPendingConnection()) {
        connect(peer, &QLocalSocket::disconnected, peer, &QObject::deleteLater);
        // A peer that is not done in time (one that connects and waits, or
        // trickles bytes) is dropped, so no peer holds the console's socket.
        auto *deadline = new QTimer(peer);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, peer, [peer] {
            qCWarning(lcInstance) << "dropped a peer that sent no message in time";
            peer->abort();
            peer->deleteLater();
        });
        deadline->start(kPeerTimeout);
        connect(peer, &QLocalSocket::readyRead, this, [this, peer] { readFrom(peer); });
    }
}

void SingleInstance::readFrom(QLocalSocket *peer)
{
    const QByteArray pending = peer->peek(kMaxMessage + 1);
    if (const qsizetype newline = pending.indexOf('\n'); newline >= 0) {
        const QByteArray line = peer->read(newline + 1);
        Q_EMIT messageReceived(QString::fromUtf8(line.chopped(1)));
        peer->disconnectFromServer();
        return;
    }
    if (pending.size() > kMaxMessage) {
        // Longer than any message: not a console's.
        qCWarning(lcInstance) << "dropped a peer that sent more than" << kMaxMessage << "bytes";
        peer->abort();
        peer->deleteLater();
    }
}

} // namespace ordo::ui
