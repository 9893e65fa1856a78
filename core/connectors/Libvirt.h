#pragma once

// Owning handles for what libvirt hands out: each frees itself with the
// function libvirt names for it, so no path out of an action leaks one.

#include <libvirt/libvirt.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

namespace ordo::connectors::libvirt {

template <auto release>
struct Releaser
{
    template <typename T>
    void operator()(T *handle) const
    {
        release(handle);
    }
};

using Connection = std::unique_ptr<virConnect, Releaser<virConnectClose>>;
using Domain = std::unique_ptr<virDomain, Releaser<virDomainFree>>;
using Interface = std::unique_ptr<virDomainInterface, Releaser<virDomainInterfaceFree>>;
// Text and arrays that libvirt allocates for the caller (XML, metadata).
using Text = std::unique_ptr<char, Releaser<std::free>>;

// Every domain of a connection; nullopt when libvirt could not list them.
inline std::optional<std::vector<Domain>> allDomains(virConnectPtr connection)
{
    virDomainPtr *list = nullptr;
    const int count = virConnectListAllDomains(connection, &list, 0);
    if (count < 0)
        return std::nullopt;
    std::vector<Domain> domains;
    domains.reserve(size_t(count));
    for (int i = 0; i < count; ++i)
        domains.emplace_back(list[i]);
    std::free(list);
    return domains;
}

// The addresses of a domain's interfaces; empty when libvirt knows none.
inline std::vector<Interface> interfaceAddresses(virDomainPtr domain, unsigned int source)
{
    virDomainInterfacePtr *list = nullptr;
    const int count = virDomainInterfaceAddresses(domain, &list, source, 0);
    std::vector<Interface> interfaces;
    for (int i = 0; i < count; ++i)
        interfaces.emplace_back(list[i]);
    std::free(list);
    return interfaces;
}

} // namespace ordo::connectors::libvirt
