// Opening the ICMP socket of one address family: an unprivileged datagram ("ping") socket when
// net.ipv4.ping_group_range allows it, else a raw socket (CAP_NET_RAW).
#pragma once

#include <sentinel/sdk/net/unique_fd.hpp>

#include <string>

namespace ping_plugin {

inline constexpr const char* kNotPermittedMessage =
    "ICMP not permitted: allow unprivileged ping (sysctl net.ipv4.ping_group_range=\"0 2147483647\") "
    "or grant CAP_NET_RAW (setcap cap_net_raw+ep sentineld)";

enum class IcmpMode { Datagram, Raw, Unavailable };

struct IcmpSocket {
    int family = 0;
    IcmpMode mode = IcmpMode::Unavailable;
    sentinel::sdk::net::UniqueFd fd;
    std::string error; // why neither kind could be opened

    bool usable() const noexcept { return mode != IcmpMode::Unavailable; }
    // Raw IPv4 sockets receive the IP header; the others start at the ICMP message.
    bool receives_ip_header() const noexcept;
    const char* mode_name() const noexcept;
};

// Never throws; an unusable socket says why in `error`.
IcmpSocket open_icmp_socket(int family);

} // namespace ping_plugin
