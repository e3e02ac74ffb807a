#include "dns_check.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

namespace tcp_probe {
namespace {

constexpr std::size_t kMaxNameLength = 253;
constexpr std::size_t kMaxLabelLength = 63;

bool is_scheme(std::string_view s) {
    if (s.empty() || !std::isalpha(static_cast<unsigned char>(s.front()))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    });
}

// The host part of a URL's authority ("user@host:port", "[::1]:53"); empty when malformed.
std::string_view authority_host(std::string_view authority) {
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return {};
        const auto rest = authority.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':')) return {};
        return authority.substr(0, close + 1);
    }
    const auto colon = authority.find(':');
    if (colon != std::string_view::npos && authority.find(':', colon + 1) != std::string_view::npos) return {};
    return authority.substr(0, colon);
}

std::optional<std::string> host_name(std::string_view name) {
    if (name.ends_with('.')) name.remove_suffix(1); // "example.com." is fully qualified
    if (name.empty() || name.size() > kMaxNameLength) return std::nullopt;
    std::string out;
    std::size_t label = 0;
    for (const char c : name) {
        if (c == '.') {
            if (label == 0) return std::nullopt; // "a..b", ".a"
            label = 0;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') {
            if (++label > kMaxLabelLength) return std::nullopt;
        } else {
            return std::nullopt;
        }
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

} // namespace

std::optional<RecordFamily> parse_record_family(std::string_view text) {
    if (text == "any") return RecordFamily::Any;
    if (text == "ipv4") return RecordFamily::IPv4;
    if (text == "ipv6") return RecordFamily::IPv6;
    return std::nullopt;
}

const char* to_string(RecordFamily family) {
    switch (family) {
    case RecordFamily::IPv4: return "ipv4";
    case RecordFamily::IPv6: return "ipv6";
    case RecordFamily::Any: break;
    }
    return "any";
}

std::optional<std::string> canonical_ip(std::string_view text) {
    const std::string s(text); // inet_pton needs a terminated string
    char out[INET6_ADDRSTRLEN] = {};
    in_addr v4{};
    if (inet_pton(AF_INET, s.c_str(), &v4) == 1 && inet_ntop(AF_INET, &v4, out, sizeof out))
        return std::string(out);
    in6_addr v6{};
    if (inet_pton(AF_INET6, s.c_str(), &v6) == 1 && inet_ntop(AF_INET6, &v6, out, sizeof out))
        return std::string(out);
    return std::nullopt;
}

std::optional<std::string> dns_host_from(std::string_view text) {
    if (const auto sep = text.find("://"); sep != std::string_view::npos) {
        if (!is_scheme(text.substr(0, sep))) return std::nullopt;
        text.remove_prefix(sep + 3);
        text = authority_host(text.substr(0, text.find_first_of("/?#")));
    }
    if (text.size() > 2 && text.starts_with('[') && text.ends_with(']')) {
        const auto ip = canonical_ip(text.substr(1, text.size() - 2));
        return ip && ip->find(':') != std::string::npos ? ip : std::nullopt;
    }
    if (auto ip = canonical_ip(text)) return ip;
    return host_name(text);
}

DnsAnswer resolve_host(const std::string& host, RecordFamily family) {
    addrinfo hints{};
    hints.ai_family = family == RecordFamily::IPv4 ? AF_INET : family == RecordFamily::IPv6 ? AF_INET6 : AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM; // one entry per address rather than one per socket type

    DnsAnswer answer;
    addrinfo* list = nullptr;
    const auto started = std::chrono::steady_clock::now();
    const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
    const int saved_errno = errno;
    answer.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(list, &freeaddrinfo);
    if (rc != 0) {
        answer.error = rc == EAI_SYSTEM ? std::strerror(saved_errno) : gai_strerror(rc);
        return answer;
    }
    for (const addrinfo* ai = list; ai; ai = ai->ai_next) {
        char text[INET6_ADDRSTRLEN] = {};
        const void* addr = nullptr;
        if (ai->ai_family == AF_INET) addr = &reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr;
        else if (ai->ai_family == AF_INET6) addr = &reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr;
        if (!addr || !inet_ntop(ai->ai_family, addr, text, sizeof text)) continue;
        if (std::find(answer.addresses.begin(), answer.addresses.end(), text) == answer.addresses.end())
            answer.addresses.emplace_back(text);
    }
    answer.resolved = !answer.addresses.empty();
    if (!answer.resolved) answer.error = "no addresses";
    return answer;
}

} // namespace tcp_probe
