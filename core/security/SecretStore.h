#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace ordo {

// Secrets (passwords, private keys, tokens) live in the OS keychain through
// QtKeychain, filed under the service "ordo" by name, and nowhere else: not
// in the database, the settings or a log. A missing or locked keyring is an
// error that says so; there is no plain-text fallback.
//
// The calls block until the keychain answers: they are for worker threads
// and the command line, never for the GUI thread.
class SecretStore final
{
public:
    explicit SecretStore(QString service = QStringLiteral("ordo")) : m_service(std::move(service)) {}

    Status write(const QString &name, const QByteArray &value) const;
    Result<QByteArray> read(const QString &name) const;
    Status remove(const QString &name) const;

    static Status checkName(const QString &name);

    // Keychain jobs run on a thread of their own, started on first use. Stop
    // it before the session bus goes away: GLib ends a process whose bus
    // connection closes while it is listening.
    static void stopKeychainThread();

private:
    QString m_service;
};

} // namespace ordo
