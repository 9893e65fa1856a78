#pragma once

#include <QObject>

#include <chrono>

class QLocalServer;
class QLocalSocket;

namespace ordo::ui {

// One console per user and database. The first to listen() is the running
// console; a later start finds anotherRunning(), hands it its link with
// send() and exits. Messages are a deep link's text (or nothing: "come to
// the front"), one line; the receiver parses them as untrusted input and
// drops a peer that is not done within kPeerTimeout or sends more than
// kMaxMessage bytes. Nothing here blocks: every outcome is a signal.
class SingleInstance final : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kMaxMessage = 4096;
    static constexpr std::chrono::milliseconds kPeerTimeout{2000};

    // The local socket: in the user's runtime folder, named by a hash of the database's canonical path.
    static QString serverName(const QString &databasePath);

    explicit SingleInstance(QString serverName, QObject *parent = nullptr);

    // Listens as the running console: listening() follows, or anotherRunning()
    // when a console answers on the name, or listenFailed(). A socket left
    // behind by a console that died is taken over.
    void listen();

    // Hands the message to the console listening on the name: sent() or sendFailed() follow.
    void send(const QString &message, std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));

Q_SIGNALS:
    void listening();
    void anotherRunning();
    void listenFailed(const QString &why);
    void sent();
    void sendFailed(const QString &why);
    void messageReceived(const QString &message);

private:
    void takeOverOrGiveWay();
    void acceptConnections();
    void readFrom(QLocalSocket *peer);

    QString m_name;
    QLocalServer *m_server;
};

} // namespace ordo::ui
