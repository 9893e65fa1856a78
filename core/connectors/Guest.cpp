#include "connectors/Guest.h"

#include "connectors/ActionNames.h"
#include "connectors/ActionDatabase.h"

#include "engine/Runtime.h"
#include "security/SecretStore.h"
#include "store/DbTime.h"
#include "store/TenantColumn.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QThread>

#include <libssh/libssh.h>

namespace ordo::connectors {

Q_LOGGING_CATEGORY(lcGuest, "ordo.connectors.guest", QtInfoMsg)

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Guest)
};

constexpr qsizetype kMaxCapture = 64 * 1024;

struct GuestTarget
{
    QString host;
    int port = 22;
    QString user;
    QString keySecret;
    QString identity; // whose host key: the VM's name, or host:port
};

GuestTarget targetOf(const QJsonObject &inputs)
{
    GuestTarget t;
    t.host = inputs.value(QLatin1String("host")).toString();
    t.port = inputs.value(QLatin1String("port")).toInt(22);
    t.user = inputs.value(QLatin1String("user")).toString(QStringLiteral("root"));
    t.keySecret = inputs.value(QLatin1String("keySecret")).toString();
    const QString vm = inputs.value(QLatin1String("vm")).toString();
    t.identity = vm.isEmpty() ? QStringLiteral("%1:%2").arg(t.host).arg(t.port) : vm;
    return t;
}

QHash<QString, InputSpec> connectionInputs()
{
    // Where to log in, as whom and with which key (the vm names the recorded host key) is never edited.
    return {{QStringLiteral("host"), {InputType::String, true, true}},
            {QStringLiteral("port"), {InputType::Integer, false, true}},
            {QStringLiteral("user"), {InputType::String, false, true}},
            {QStringLiteral("keySecret"), {InputType::String, true, true}},
            {QStringLiteral("vm"), {InputType::String, false, true}},
            {QStringLiteral("timeoutMs"), {InputType::Integer, false}}};
}

// One SSH session: connected, host key checked against the record, logged in.
class SshSession
{
public:
    SshSession() : m_session(ssh_new()) {}
    ~SshSession()
    {
        if (ssh_is_connected(m_session))
            ssh_disconnect(m_session);
        ssh_free(m_session);
    }
    SshSession(const SshSession &) = delete;
    SshSession &operator=(const SshSession &) = delete;

    ssh_session get() const { return m_session; }
    // The guest's host key as checked at open(): type and SHA256 fingerprint.
    const QString &hostKeyType() const { return m_hostKeyType; }
    const QString &hostKeyFingerprint() const { return m_hostKeyFingerprint; }
    QString lastError() const { return QString::fromUtf8(ssh_get_error(m_session)); }

    // ctx: its workflow's tenant and the time a first-seen host key is recorded with.
    std::optional<ActionError> open(const GuestTarget &target, const QString &databasePath, const ActionContext &ctx, qint64 timeoutMs)
    {
        if (target.port < 1 || target.port > 65535)
            return ActionError{ErrorKind::BadInput, Text::tr("port %1 is not a port").arg(target.port)};
        const QByteArray host = target.host.toUtf8();
        const QByteArray user = target.user.toUtf8();
        const unsigned int port = static_cast<unsigned int>(target.port);
        const long timeoutSeconds = std::max<long>(1, static_cast<long>((timeoutMs + 999) / 1000));
        const int noConfig = 0;
        ssh_options_set(m_session, SSH_OPTIONS_HOST, host.constData());
        ssh_options_set(m_session, SSH_OPTIONS_PORT, &port);
        ssh_options_set(m_session, SSH_OPTIONS_USER, user.constData());
        ssh_options_set(m_session, SSH_OPTIONS_TIMEOUT, &timeoutSeconds);
        // Ordo's own record decides about host keys, not ~/.ssh.
        ssh_options_set(m_session, SSH_OPTIONS_PROCESS_CONFIG, &noConfig);
        if (ssh_connect(m_session) != SSH_OK)
            return ActionError{ErrorKind::Transient, Text::tr("cannot reach %1:%2 over SSH: %3").arg(target.host).arg(target.port).arg(lastError())};
        if (auto refused = checkHostKey(target, databasePath, ctx))
            return refused;
        return logIn(target);
    }

private:
    std::optional<ActionError> checkHostKey(const GuestTarget &target, const QString &databasePath, const ActionContext &ctx)
    {
        ssh_key serverKey = nullptr;
        if (ssh_get_server_publickey(m_session, &serverKey) != SSH_OK)
            return ActionError{ErrorKind::Transient, Text::tr("%1 showed no host key: %2").arg(target.identity, lastError())};
        const auto freeKey = qScopeGuard([&] { ssh_key_free(serverKey); });
        unsigned char *hash = nullptr;
        size_t hashLength = 0;
        if (ssh_get_publickey_hash(serverKey, SSH_PUBLICKEY_HASH_SHA256, &hash, &hashLength) != 0)
            return ActionError{ErrorKind::Transient, Text::tr("cannot hash the host key of %1").arg(target.identity)};
        char *fingerprintText = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hashLength);
        ssh_clean_pubkey_hash(&hash);
        const QString fingerprint = QString::fromLatin1(fingerprintText);
        ssh_string_free_char(fingerprintText);
        const QString keyType = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(serverKey)));

        // First contact records the key; the write lock makes two first
        // contacts agree. Later, a key of any other type or fingerprint is
        // refused: a server offering only an unrecorded type is no first contact.
        auto recorded = inDatabase(databasePath, [&](Database &db) -> Result<QString> {
            ORDO_TRY(q, db.exec(QStringLiteral("SELECT key_type, fingerprint FROM guest_host_keys WHERE identity = ?"), {target.identity}));
            QStringList known;
            while (q.next()) {
                if (q.value(0).toString() == keyType && q.value(1).toString() == fingerprint)
                    return fingerprint;
                known.append(q.value(1).toString());
            }
            if (!known.isEmpty())
                return known.join(QStringLiteral(", "));
            ORDO_TRY(tenant, engine::workflowTenant(db, ctx.workflowId));
            ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO guest_host_keys(identity, key_type, fingerprint, first_seen_at, address, tenant_id)"
                                              " VALUES (?, ?, ?, ?, ?, ?)"),
                               {target.identity, keyType, fingerprint, toDbTime(ctx.now()),
                                QStringLiteral("%1:%2").arg(target.host).arg(target.port),
                                tenantColumnValue(tenant)}));
            qCInfo(lcGuest) << "recorded the host key of" << target.identity << keyType << fingerprint;
            return fingerprint;
        });
        if (auto *error = std::get_if<ActionError>(&recorded))
            return *error;
        if (const QString &known = std::get<QString>(recorded); known != fingerprint)
            return ActionError{ErrorKind::Authentication,
                               Text::tr("the host key of %1 changed: recorded %2, now %3. Refused: if the guest was rebuilt, "
                                        "forget the old key with 'ordoctl guests forget %1'")
                                   .arg(target.identity, known, fingerprint)};
        m_hostKeyType = keyType;
        m_hostKeyFingerprint = fingerprint;
        return std::nullopt;
    }

    std::optional<ActionError> logIn(const GuestTarget &target)
    {
        Result<QByteArray> secret = SecretStore().read(target.keySecret);
        if (!secret)
            return ActionError{ErrorKind::Authentication, secret.error().message};
        ssh_key privateKey = nullptr;
        const int imported = ssh_pki_import_privkey_base64(secret->constData(), nullptr, nullptr, nullptr, &privateKey);
        secret->fill('\0');
        if (imported != SSH_OK)
            return ActionError{ErrorKind::BadInput, Text::tr("the secret '%1' is not an SSH private key without a passphrase").arg(target.keySecret)};
        const auto freeKey = qScopeGuard([&] { ssh_key_free(privateKey); });
        const int auth = ssh_userauth_publickey(m_session, nullptr, privateKey);
        if (auth == SSH_AUTH_SUCCESS)
            return std::nullopt;
        if (auth == SSH_AUTH_ERROR)
            return ActionError{ErrorKind::Transient, Text::tr("SSH login to %1 failed: %2").arg(target.identity, lastError())};
        return ActionError{ErrorKind::Authentication,
                           Text::tr("%1 refused the key '%2' for user %3").arg(target.identity, target.keySecret, target.user)};
    }

    ssh_session m_session;
    QString m_hostKeyType;
    QString m_hostKeyFingerprint;
};

struct CommandResult
{
    int exitStatus = -1;
    QByteArray out;
    QByteArray err;
};

// Sends complete lines to the step log as they come.
class LineLogger
{
public:
    LineLogger(ActionContext &ctx, QString prefix) : m_ctx(ctx), m_prefix(std::move(prefix)) {}
    void add(const QByteArray &data)
    {
        m_pending += data;
        // Output without line breaks is logged in pieces rather than held.
        if (m_pending.size() > 16384 && !m_pending.contains('\n'))
            flush();
        qsizetype newline;
        while ((newline = m_pending.indexOf('\n')) >= 0) {
            m_ctx.log(m_prefix + QString::fromUtf8(m_pending.left(newline)));
            m_pending.remove(0, newline + 1);
        }
    }
    void flush()
    {
        if (!m_pending.isEmpty())
            m_ctx.log(m_prefix + QString::fromUtf8(m_pending));
        m_pending.clear();
    }

private:
    ActionContext &m_ctx;
    QString m_prefix;
    QByteArray m_pending;
};

// sshd leaves a command running when its channel closes, and refuses to
// signal a command of root's, so every command first tells its process group
// (sshd makes the shell a session leader) on the first line of stderr, and a
// stop kills that group through a channel of its own.
const QByteArray kGroupMark = "ordo-pgid ";

void stopRemoteCommand(SshSession &session, const QByteArray &group)
{
    if (group.isEmpty())
        return;
    ssh_channel channel = ssh_channel_new(session.get());
    if (!channel)
        return;
    const auto freeChannel = qScopeGuard([&] {
        ssh_channel_close(channel);
        ssh_channel_free(channel);
    });
    const QByteArray kill = "kill -TERM -- -" + group + " 2>/dev/null || kill -TERM " + group;
    if (ssh_channel_open_session(channel) != SSH_OK || ssh_channel_request_exec(channel, kill.constData()) != SSH_OK) {
        qCWarning(lcGuest) << "could not stop the command of process group" << group << session.lastError();
        return;
    }
    char buffer[256];
    const QDeadlineTimer patience(5000);
    while (!ssh_channel_is_eof(channel) && !patience.hasExpired() && ssh_channel_read_timeout(channel, buffer, sizeof buffer, 0, 100) >= 0) {
    }
}

std::variant<CommandResult, ActionError> runCommand(SshSession &session, const QString &command, ActionContext &ctx, const QDeadlineTimer &deadline)
{
    ssh_channel channel = ssh_channel_new(session.get());
    if (!channel)
        return ActionError{ErrorKind::Transient, session.lastError()};
    const auto freeChannel = qScopeGuard([&] {
        ssh_channel_close(channel);
        ssh_channel_free(channel);
    });
    const QByteArray marked = "echo " + kGroupMark + "$$ >&2; " + command.toUtf8();
    if (ssh_channel_open_session(channel) != SSH_OK || ssh_channel_request_exec(channel, marked.constData()) != SSH_OK)
        return ActionError{ErrorKind::Transient, Text::tr("cannot run '%1': %2").arg(command, session.lastError())};
    CommandResult result;
    LineLogger outLog(ctx, {});
    LineLogger errLog(ctx, QStringLiteral("stderr: "));
    QByteArray group;
    QByteArray groupLine; // the first stderr line until it is complete
    bool groupKnown = false;
    const auto takeErr = [&](QByteArray data) {
        if (!groupKnown) {
            groupLine += data;
            const qsizetype newline = groupLine.indexOf('\n');
            if (newline < 0)
                return;
            groupKnown = true;
            if (groupLine.startsWith(kGroupMark))
                group = groupLine.mid(kGroupMark.size(), newline - kGroupMark.size()).trimmed();
            data = groupLine.mid(newline + 1);
        }
        errLog.add(data);
        if (result.err.size() < kMaxCapture)
            result.err += data.left(kMaxCapture - result.err.size());
    };
    char buffer[16384];
    const auto stop = [&] {
        // The group comes first; a stop right after the start waits for it.
        const QDeadlineTimer patience(5000);
        while (!groupKnown && !patience.hasExpired()) {
            const int err = ssh_channel_read_timeout(channel, buffer, sizeof buffer, 1, 100);
            if (err < 0 || (err == 0 && ssh_channel_is_eof(channel)))
                break;
            takeErr(QByteArray(buffer, err));
        }
        stopRemoteCommand(session, group);
    };
    while (true) {
        if (ctx.isCancelled()) {
            stop();
            return ActionError{ErrorKind::Cancelled, Text::tr("cancelled while running '%1'").arg(command)};
        }
        if (deadline.hasExpired()) {
            stop();
            return ActionError{ErrorKind::Timeout, Text::tr("'%1' did not finish in time").arg(command)};
        }
        const int out = ssh_channel_read_timeout(channel, buffer, sizeof buffer, 0, 100);
        if (out > 0) {
            const QByteArray data(buffer, out);
            outLog.add(data);
            if (result.out.size() < kMaxCapture)
                result.out += data.left(kMaxCapture - result.out.size());
        }
        const int err = ssh_channel_read_nonblocking(channel, buffer, sizeof buffer, 1);
        if (err > 0)
            takeErr(QByteArray(buffer, err));
        if (out == SSH_ERROR || err == SSH_ERROR)
            return ActionError{ErrorKind::Transient, Text::tr("the SSH connection broke while running '%1': %2").arg(command, session.lastError())};
        if (out <= 0 && err <= 0 && ssh_channel_is_eof(channel))
            break;
    }
    outLog.flush();
    errLog.flush();
    result.exitStatus = ssh_channel_get_exit_status(channel);
    return result;
}

class GuestAction : public engine::Action
{
public:
    explicit GuestAction(QString databasePath) : m_databasePath(std::move(databasePath)) {}

protected:
    QString m_databasePath;
};

class ExecAction final : public GuestAction
{
public:
    using GuestAction::GuestAction;
    QString name() const override { return QStringLiteral("guest.exec"); }
    QHash<QString, InputSpec> inputs() const override
    {
        auto all = connectionInputs();
        all.insert(QStringLiteral("command"), {InputType::Any, true, true});
        all.insert(QStringLiteral("allowFailure"), {InputType::Boolean, false});
        return all;
    }
    QString resourceKey(const QJsonObject &inputs) const override { return QStringLiteral("guest:") + targetOf(inputs).identity; }
    ActionOutcome run(ActionContext &ctx) override
    {
        const GuestTarget target = targetOf(ctx.inputs);
        QStringList commands;
        const QJsonValue command = ctx.inputs.value(QLatin1String("command"));
        if (command.isArray()) {
            for (const QJsonValue &c : command.toArray())
                commands.append(c.toString());
        } else {
            commands.append(command.toString());
        }
        if (commands.isEmpty() || commands.contains(QString()))
            return ActionError{ErrorKind::BadInput, Text::tr("command: give a command or a list of non-empty commands")};
        const bool allowFailure = ctx.inputs.value(QLatin1String("allowFailure")).toBool(false);
        const qint64 timeoutMs = std::clamp<qint64>(ctx.inputs.value(QLatin1String("timeoutMs")).toInteger(600000), 1000, 24 * 3600 * 1000);
        const QDeadlineTimer deadline(timeoutMs);

        SshSession session;
        if (auto failed = session.open(target, m_databasePath, ctx, std::min<qint64>(timeoutMs, 30000)))
            return *failed;
        QJsonArray results;
        CommandResult last;
        for (const QString &c : std::as_const(commands)) {
            ctx.log(QStringLiteral("$ ") + c);
            auto ran = runCommand(session, c, ctx, deadline);
            if (auto *error = std::get_if<ActionError>(&ran))
                return *error;
            last = std::get<CommandResult>(ran);
            results.append(QJsonObject{{QStringLiteral("command"), c},
                                       {QStringLiteral("exitStatus"), last.exitStatus},
                                       {QStringLiteral("stdout"), QString::fromUtf8(last.out)},
                                       {QStringLiteral("stderr"), QString::fromUtf8(last.err)}});
            if (last.exitStatus != 0 && !allowFailure) {
                const QString tail = QString::fromUtf8(last.err.right(400)).trimmed();
                return ActionError{ErrorKind::Permanent, Text::tr("'%1' on %2 exited with %3%4")
                                                             .arg(c, target.identity)
                                                             .arg(last.exitStatus)
                                                             .arg(tail.isEmpty() ? QString() : QStringLiteral(": ") + tail)};
            }
        }
        return QJsonObject{{QStringLiteral("exitStatus"), last.exitStatus},
                           {QStringLiteral("stdout"), QString::fromUtf8(last.out)},
                           {QStringLiteral("stderr"), QString::fromUtf8(last.err)},
                           {QStringLiteral("results"), results},
                           {QStringLiteral("hostKeyType"), session.hostKeyType()},
                           {QStringLiteral("hostKeyFingerprint"), session.hostKeyFingerprint()}};
    }
};

class WaitReachableAction final : public GuestAction
{
public:
    using GuestAction::GuestAction;
    QString name() const override { return QStringLiteral("guest.waitReachable"); }
    QHash<QString, InputSpec> inputs() const override
    {
        auto all = connectionInputs();
        all.insert(QStringLiteral("intervalMs"), {InputType::Integer, false});
        return all;
    }
    ActionOutcome run(ActionContext &ctx) override
    {
        const GuestTarget target = targetOf(ctx.inputs);
        // 0: one look, as an auto-resume probe does.
        const qint64 timeoutMs = std::clamp<qint64>(ctx.inputs.value(QLatin1String("timeoutMs")).toInteger(300000), 0, 24 * 3600 * 1000);
        const qint64 intervalMs = std::max<qint64>(100, ctx.inputs.value(QLatin1String("intervalMs")).toInteger(2000));
        const QDeadlineTimer deadline(timeoutMs);
        while (true) {
            SshSession session;
            auto failed = session.open(target, m_databasePath, ctx, std::clamp<qint64>(timeoutMs, 1000, 30000));
            if (!failed) {
                auto ran = runCommand(session, QStringLiteral("true"), ctx, QDeadlineTimer(30000));
                if (auto *result = std::get_if<CommandResult>(&ran); result && result->exitStatus == 0)
                    return QJsonObject{{QStringLiteral("reachable"), true}, {QStringLiteral("identity"), target.identity}};
                failed = std::holds_alternative<ActionError>(ran) ? std::get<ActionError>(ran)
                                                                   : ActionError{ErrorKind::Transient, Text::tr("'true' failed on %1").arg(target.identity)};
            }
            // A changed host key or a refused key does not get better by waiting.
            if (failed->kind != ErrorKind::Transient)
                return *failed;
            if (ctx.isCancelled())
                return ActionError{ErrorKind::Cancelled, Text::tr("cancelled while waiting for %1").arg(target.identity)};
            if (deadline.remainingTime() < intervalMs)
                return *failed;
            QThread::msleep(static_cast<unsigned long>(intervalMs));
        }
    }
};

} // namespace

void registerGuestActions(engine::ActionRegistry &registry, const QString &databasePath)
{
    registry.add(std::make_shared<ExecAction>(databasePath));
    registry.add(std::make_shared<WaitReachableAction>(databasePath));
}

Result<QList<GuestHostKey>> guestHostKeys(Database &db, std::optional<qint64> tenantId)
{
    const QString columns = QStringLiteral("SELECT identity, key_type, fingerprint, first_seen_at, address, COALESCE(tenant_id, 0) FROM guest_host_keys");
    QVariantList binds;
    const QString where = tenantId ? QStringLiteral(" WHERE ") + tenantColumnIs(QStringLiteral("tenant_id"), *tenantId, binds) : QString();
    ORDO_TRY(q, db.exec(columns + where + QStringLiteral(" ORDER BY identity"), binds));
    QList<GuestHostKey> keys;
    while (q.next())
        keys.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                     fromDbTime(q.value(3)).toString(Qt::ISODateWithMs), q.value(4).toString(), q.value(5).toLongLong()});
    return keys;
}

Result<int> forgetGuestHostKeys(Database &db, const QString &guest, std::optional<qint64> tenantId)
{
    QVariantList binds{guest};
    const QString inTenant = tenantId ? QStringLiteral(" AND ") + tenantColumnIs(QStringLiteral("tenant_id"), *tenantId, binds) : QString();
    ORDO_TRY(removed, db.exec(QStringLiteral("DELETE FROM guest_host_keys WHERE identity = ?") + inTenant, binds));
    return removed.numRowsAffected();
}

} // namespace ordo::connectors
