#pragma once

// The decisions of hypervisor.clone that need no hypervisor: where a clone
// goes, and how the template's domain XML becomes the clone's. Pure
// functions over plain data, so that they are tested without libvirt.

#include "engine/Action.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <variant>

namespace ordo::connectors {

// The vCPUs a host may give its VMs: four to one. Memory is not overcommitted.
constexpr qint64 kVcpusPerCpu = 4;

// A VM's size; 0 means "as the template".
struct VmSize
{
    qint64 memoryKiB = 0;
    qint64 cpus = 0;
};

// What placement needs to know of one host.
struct HostCapacity
{
    QString host;
    bool hasTemplate = false;
    VmSize templateSize;  // the template's own size on this host
    qint64 memoryKiB = 0; // the host's memory
    qint64 cpus = 0;      // the host's physical CPUs
    VmSize used;          // what its VMs take, templates not counted
};

// The host with the most free memory among those that have the template and
// room for the clone: a BadInput error when no host has the template, a
// Transient one (room may come back) when none has room.
std::variant<QString, engine::ActionError> choosePlacement(const QList<HostCapacity> &hosts, const QString &templateName, VmSize wanted);

// What makes a clone its own.
struct CloneSpec
{
    QString name;
    QString description; // marks the VM as made by its step
    VmSize size;
    QString filePrefix;  // the clone's files are named <folder>/<filePrefix>...
};

// A file-backed disk of the template that the clone gets as a qcow2 overlay.
struct DiskOverlay
{
    QString backing;
    QString overlay;
};

struct CloneXml
{
    QByteArray xml;
    QList<DiskOverlay> overlays; // to make before the clone is defined
};

// The template's domain XML as the clone's: its name and description, no
// UUID, MAC address or device name of the template (libvirt makes new ones),
// the size asked for, its file disks on overlays beside the template's and
// its own console log. Malformed XML is a Permanent error.
std::variant<CloneXml, engine::ActionError> rewriteCloneXml(const QByteArray &templateXml, const CloneSpec &spec);

// The loopback port a domain forwards to its SSH port through QEMU's user
// networking (0 in a template: each clone gets a free one), nullopt when it
// forwards none; and the XML with that port replaced by `port`.
std::optional<int> sshForwardPort(const QByteArray &domainXml);
QByteArray withSshForward(const QByteArray &domainXml, quint16 port);

} // namespace ordo::connectors
