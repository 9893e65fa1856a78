#pragma once

#include <QObject>

class QLocalServer;

namespace ordo::ui {

// One console per user and database. The first to listen() is the running
// console; a later start hands it its link with send() and exits. Messages
// are a deep link's text (or nothing: "come to the front"); the receiver
// parses them as untrusted input.
class SingleInstance final : public QObject
{
    Q_OBJECT

public:
    // The local socket: in the user's runtime folder, named by a hash of the database's canonical path.
    static QString serverName(const QString &databasePath);

    explicit SingleInstance(QString serverName, QObject *parent = nullptr);

    // Listens as the running console; false when another one answers on the name.
    // A socket left behind by a console that died is taken over.
    bool listen();

    // Hands the message to the console listening on the name; false if none took it.
    // Blocks up to `timeoutMs`: for main() before the event loop runs.
    static bool send(const QString &serverName, const QString &message, int timeoutMs = 3000);

Q_SIGNALS:
    void messageReceived(const QString &message);

private:
    void acceptConnections();

    QString m_name;
    QLocalServer *m_server;
};

} // namespace ordo::ui
