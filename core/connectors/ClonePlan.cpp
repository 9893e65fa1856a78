#include "connectors/ClonePlan.h"

#include "connectors/ActionNames.h"

#include <QCoreApplication>
#include <QDir>
#include <QDomDocument>
#include <QFileInfo>
#include <QRegularExpression>

namespace ordo::connectors {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Hypervisor)
};

const QRegularExpression &sshForward()
{
    static const QRegularExpression forward(QStringLiteral("hostfwd=tcp:127\\.0\\.0\\.1:(\\d+)-:22\\b"));
    return forward;
}

} // namespace

std::variant<QString, ActionError> choosePlacement(const QList<HostCapacity> &hosts, const QString &templateName, VmSize wanted)
{
    const HostCapacity *best = nullptr;
    qint64 bestFreeKiB = 0;
    QStringList full;
    for (const HostCapacity &host : hosts) {
        if (!host.hasTemplate)
            continue;
        const qint64 needKiB = wanted.memoryKiB > 0 ? wanted.memoryKiB : host.templateSize.memoryKiB;
        const qint64 needCpus = wanted.cpus > 0 ? wanted.cpus : host.templateSize.cpus;
        const qint64 freeKiB = host.memoryKiB - host.used.memoryKiB;
        if (freeKiB < needKiB || host.used.cpus + needCpus > host.cpus * kVcpusPerCpu) {
            full.append(host.host);
            continue;
        }
        if (!best || freeKiB > bestFreeKiB) {
            best = &host;
            bestFreeKiB = freeKiB;
        }
    }
    if (best)
        return best->host;
    if (full.isEmpty())
        return ActionError{ErrorKind::BadInput, Text::tr("no host has the template '%1'").arg(templateName)};
    return ActionError{ErrorKind::Transient, Text::tr("no host has room for %1 GiB and %2 vCPUs (full: %3)")
                                                 .arg(wanted.memoryKiB / (1024 * 1024))
                                                 .arg(wanted.cpus)
                                                 .arg(full.join(QStringLiteral(", ")))};
}

std::variant<CloneXml, ActionError> rewriteCloneXml(const QByteArray &templateXml, const CloneSpec &spec)
{
    QDomDocument doc;
    QString problem;
    int line = 0;
    int column = 0;
    if (!doc.setContent(templateXml, &problem, &line, &column))
        return ActionError{ErrorKind::Permanent, Text::tr("the template's domain XML is malformed at line %1, column %2: %3").arg(line).arg(column).arg(problem)};
    QDomElement root = doc.documentElement();
    QDomElement nameElement = root.firstChildElement(QStringLiteral("name"));
    if (root.tagName() != QLatin1String("domain") || nameElement.isNull())
        return ActionError{ErrorKind::Permanent, Text::tr("the template's XML is no libvirt domain with a <name>")};
    while (nameElement.hasChildNodes())
        nameElement.removeChild(nameElement.firstChild());
    nameElement.appendChild(doc.createTextNode(spec.name));
    // A new identity: libvirt makes up the UUID, the MAC addresses and device names.
    root.removeChild(root.firstChildElement(QStringLiteral("uuid")));
    // Marks the VM as made by this step, so that a repeated attempt takes it over.
    root.removeChild(root.firstChildElement(QStringLiteral("description")));
    QDomElement description = doc.createElement(QStringLiteral("description"));
    description.appendChild(doc.createTextNode(spec.description));
    root.insertAfter(description, nameElement);
    // Sized as asked, so that what placement counted is what the VM gets.
    const auto setText = [&](const QString &tag, qint64 value, bool inKiB) {
        QDomElement e = root.firstChildElement(tag);
        if (e.isNull())
            return;
        if (inKiB)
            e.setAttribute(QStringLiteral("unit"), QStringLiteral("KiB"));
        while (e.hasChildNodes())
            e.removeChild(e.firstChild());
        e.appendChild(doc.createTextNode(QString::number(value)));
    };
    if (spec.size.memoryKiB > 0) {
        setText(QStringLiteral("memory"), spec.size.memoryKiB, true);
        setText(QStringLiteral("currentMemory"), spec.size.memoryKiB, true);
    }
    if (spec.size.cpus > 0)
        setText(QStringLiteral("vcpu"), spec.size.cpus, false);
    const QDomNodeList interfaces = root.elementsByTagName(QStringLiteral("interface"));
    for (int i = 0; i < interfaces.size(); ++i) {
        QDomElement iface = interfaces.at(i).toElement();
        iface.removeChild(iface.firstChildElement(QStringLiteral("mac")));
        iface.removeChild(iface.firstChildElement(QStringLiteral("target")));
    }
    // File-backed disks become qcow2 overlays of the template's, the console log the clone's own.
    CloneXml clone;
    const QDomNodeList disks = root.elementsByTagName(QStringLiteral("disk"));
    for (int i = 0; i < disks.size(); ++i) {
        QDomElement disk = disks.at(i).toElement();
        QDomElement source = disk.firstChildElement(QStringLiteral("source"));
        if (disk.attribute(QStringLiteral("device")) != QLatin1String("disk") || !source.hasAttribute(QStringLiteral("file")))
            continue;
        const QString backing = source.attribute(QStringLiteral("file"));
        const QString overlay = QFileInfo(backing).absoluteDir().filePath(
            i == 0 ? spec.filePrefix + QStringLiteral(".qcow2") : QStringLiteral("%1-disk%2.qcow2").arg(spec.filePrefix).arg(i));
        clone.overlays.append({backing, overlay});
        source.setAttribute(QStringLiteral("file"), overlay);
        disk.firstChildElement(QStringLiteral("driver")).setAttribute(QStringLiteral("type"), QStringLiteral("qcow2"));
    }
    for (const QString &tag : {QStringLiteral("serial"), QStringLiteral("console")}) {
        const QDomNodeList consoles = root.elementsByTagName(tag);
        for (int i = 0; i < consoles.size(); ++i) {
            QDomElement source = consoles.at(i).firstChildElement(QStringLiteral("source"));
            if (consoles.at(i).toElement().attribute(QStringLiteral("type")) == QLatin1String("file") && source.hasAttribute(QStringLiteral("path")))
                source.setAttribute(QStringLiteral("path"),
                                    QFileInfo(source.attribute(QStringLiteral("path"))).absoluteDir().filePath(spec.filePrefix + QStringLiteral(".console.log")));
        }
    }
    clone.xml = doc.toByteArray();
    return clone;
}

std::optional<int> sshForwardPort(const QByteArray &domainXml)
{
    const auto forward = sshForward().match(QString::fromUtf8(domainXml));
    if (!forward.hasMatch())
        return std::nullopt;
    return forward.captured(1).toInt();
}

QByteArray withSshForward(const QByteArray &domainXml, quint16 port)
{
    QDomDocument doc;
    if (!doc.setContent(domainXml))
        return domainXml;
    const QDomNodeList qemuArgs = doc.documentElement().elementsByTagName(QStringLiteral("qemu:arg"));
    for (int i = 0; i < qemuArgs.size(); ++i) {
        QDomElement arg = qemuArgs.at(i).toElement();
        QString value = arg.attribute(QStringLiteral("value"));
        const auto forward = sshForward().match(value);
        if (!forward.hasMatch())
            continue;
        value.replace(forward.capturedStart(1), forward.capturedLength(1), QString::number(port));
        arg.setAttribute(QStringLiteral("value"), value);
    }
    return doc.toByteArray();
}

} // namespace ordo::connectors
