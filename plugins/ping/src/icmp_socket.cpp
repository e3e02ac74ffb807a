#include "icmp_socket.hpp"

#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace ping_plugin {
namespace {

// From <linux/icmp.h>, which clashes with <netinet/ip_icmp.h>-style definitions.
constexpr int kIcmpFilterOption = 1; // ICMP_FILTER
struct IcmpFilter {
    std::uint32_t blocked_types;
};

// A raw socket gets a copy of every ICMP message the host receives; let only echo replies
// through so a busy host does not wake the loop for nothing.
void pass_only_echo_replies(const IcmpSocket& s) {
    if (s.family == AF_INET) {
        const IcmpFilter filter{~(1U << 0)}; // type 0: echo reply
        ::setsockopt(s.fd.get(), SOL_RAW, kIcmpFilterOption, &filter, sizeof filter);
    } else {
        icmp6_filter filter;
        ICMP6_FILTER_SETBLOCKALL(&filter);
        ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filter);
        ::setsockopt(s.fd.get(), IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter);
    }
}

// Replies to a burst of requests arrive together; the default buffer holds only a few hundred.
void enlarge_receive_buffer(const IcmpSocket& s) {
    constexpr int kBytes = 4 << 20;
    if (::setsockopt(s.fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &kBytes, sizeof kBytes) != 0)
        ::setsockopt(s.fd.get(), SOL_SOCKET, SO_RCVBUF, &kBytes, sizeof kBytes); // capped by rmem_max
}

} // namespace

bool IcmpSocket::receives_ip_header() const noexcept { return mode == IcmpMode::Raw && family == AF_INET; }

const char* IcmpSocket::mode_name() const noexcept {
    switch (mode) {
    case IcmpMode::Datagram: return "datagram";
    case IcmpMode::Raw: return "raw";
    case IcmpMode::Unavailable: return "unavailable";
    }
    return "unavailable";
}

IcmpSocket open_icmp_socket(int family) {
    IcmpSocket s;
    s.family = family;
    const int protocol = family == AF_INET6 ? static_cast<int>(IPPROTO_ICMPV6) : static_cast<int>(IPPROTO_ICMP);
    const int flags = SOCK_NONBLOCK | SOCK_CLOEXEC;

    s.fd = sentinel::sdk::net::UniqueFd(::socket(family, SOCK_DGRAM | flags, protocol));
    if (s.fd) {
        s.mode = IcmpMode::Datagram;
        enlarge_receive_buffer(s);
        return s;
    }
    const int datagram_error = errno;
    s.fd = sentinel::sdk::net::UniqueFd(::socket(family, SOCK_RAW | flags, protocol));
    if (s.fd) {
        s.mode = IcmpMode::Raw;
        pass_only_echo_replies(s);
        enlarge_receive_buffer(s);
        return s;
    }
    const int raw_error = errno;
    const bool denied = (datagram_error == EACCES || datagram_error == EPERM) &&
                        (raw_error == EACCES || raw_error == EPERM);
    s.error = denied ? kNotPermittedMessage
                     : std::string("cannot open an ICMP socket: ") + std::strerror(raw_error);
    return s;
}

} // namespace ping_plugin
