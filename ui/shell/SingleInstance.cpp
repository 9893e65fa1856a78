#include "shell/SingleInstance.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

namespace ordo::ui {

namespace {

// A link is at most 64 characters (parseDeepLink); anything longer is not one.
constexpr qint64 kMaxMessage = 1024;

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
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::acceptConnections);
}

bool SingleInstance::listen()
{
    // Binding fails while the socket file exists, so of two starts only one listens.
    if (m_server->listen(m_name))
        return true;
    if (m_server->serverError() != QAbstractSocket::AddressInUseError)
        return false;
    // In use: a running console answers; a dead one's socket file does not.
    QLocalSocket probe;
    probe.connectToServer(m_name);
    if (probe.waitForConnected(1000))
        return false;
    QLocalServer::removeServer(m_name);
    return m_server->listen(m_name);
}

bool SingleInstance::send(const QString &serverName, const QString &message, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(serverName);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write(message.toUtf8() + '\n');
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    socket.disconnectFromServer();
    return socket.state() == QLocalSocket::UnconnectedState || socket.waitForDisconnected(timeoutMs);
}

void SingleInstance::acceptConnections()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (socket->canReadLine()) {
                const QByteArray line = socket->readLine(kMaxMessage);
                if (line.endsWith('\n'))
                    Q_EMIT messageReceived(QString::fromUtf8(line.chopped(1)));
                socket->disconnectFromServer();
            } else if (socket->bytesAvailable() >= kMaxMessage) {
                socket->abort(); // not a console's message
            }
        });
    }
}

} // namespace ordo::ui
