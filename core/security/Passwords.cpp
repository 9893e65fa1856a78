#include "security/Passwords.h"

#include <QCoreApplication>

#include <sodium.h>

namespace ordo {

namespace {

bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

} // namespace

Result<QString> hashPassword(const QString &password)
{
    if (!sodiumReady())
        return Error::internal(QCoreApplication::translate("ordo::Passwords", "libsodium could not be initialised"));
    if (password.isEmpty())
        return Error::badInput(QCoreApplication::translate("ordo::Passwords", "a password must not be empty"));
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return Error::internal(QCoreApplication::translate("ordo::Passwords", "out of memory while hashing a password"));
    return QString::fromLatin1(out);
}

bool verifyPassword(const QString &hash, const QString &password)
{
    if (!sodiumReady())
        return false;
    const QByteArray h = hash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(h.constData(), utf8.constData(), static_cast<unsigned long long>(utf8.size())) == 0;
}

} // namespace ordo
