#include "detectors/host_address.hpp"

#include "detectors/text_scan.hpp"

#include <array>

namespace sentinel::security {
namespace {

constexpr auto npos = std::string_view::npos;

std::optional<std::uint64_t> parse_ipv4_part(std::string_view part) noexcept {
    if (part.empty()) return std::nullopt;
    unsigned base = 10;
    if (part.size() > 1 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
        base = 16;
        part.remove_prefix(2);
        if (part.empty()) return std::uint64_t{0}; // "0x" alone is 0 to inet_aton
    } else if (part.size() > 1 && part[0] == '0') {
        base = 8;
        part.remove_prefix(1);
    }
    constexpr std::size_t kLongestPart = 11;
    if (part.size() > kLongestPart) return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : part) {
        unsigned digit = 0;
        if (text::is_digit(c))
            digit = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            digit = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            digit = static_cast<unsigned>(c - 'A' + 10);
        else
            return std::nullopt;
        if (digit >= base) return std::nullopt;
        value = value * base + digit;
    }
    return value;
}

bool in_range(std::uint32_t address, std::uint32_t network, int prefix) noexcept {
    const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    return (address & mask) == (network & mask);
}

constexpr std::uint32_t ipv4(unsigned a, unsigned b, unsigned c, unsigned d) noexcept {
    return (a << 24) | (b << 16) | (c << 8) | d;
}

HostKind classify_ipv4(std::uint32_t address) noexcept {
    if (address == ipv4(169, 254, 169, 254) || address == ipv4(100, 100, 100, 200)) return HostKind::Metadata;
    struct Range {
        std::uint32_t network;
        int prefix;
    };
    constexpr std::array kInternal{Range{ipv4(0, 0, 0, 0), 8},     Range{ipv4(10, 0, 0, 0), 8},
                                   Range{ipv4(127, 0, 0, 0), 8},   Range{ipv4(169, 254, 0, 0), 16},
                                   Range{ipv4(172, 16, 0, 0), 12}, Range{ipv4(192, 168, 0, 0), 16},
                                   Range{ipv4(100, 64, 0, 0), 10}};
    for (const Range& range : kInternal)
        if (in_range(address, range.network, range.prefix)) return HostKind::Internal;
    return HostKind::Other;
}

bool ends_with(std::string_view text, std::string_view suffix) noexcept {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

HostKind classify_ipv6(std::string_view host) noexcept {
    if (host == "fd00:ec2::254") return HostKind::Metadata;
    if (const std::size_t mapped = host.rfind(':'); mapped != npos && host.find('.', mapped) != npos)
        if (const auto address = parse_ipv4(host.substr(mapped + 1))) return classify_ipv4(*address); // ::ffff:a.b.c.d
    bool only_zeros_and_colons = true;
    for (const char c : host.substr(0, host.empty() ? 0 : host.size() - 1))
        if (c != '0' && c != ':') only_zeros_and_colons = false;
    if (only_zeros_and_colons && !host.empty() && (host.back() == '1' || host.back() == ':' || host.back() == '0'))
        return HostKind::Internal; // ::1, ::, 0:0:0:0:0:0:0:1
    if (host.size() >= 2 && host[0] == 'f' && (host[1] == 'c' || host[1] == 'd')) return HostKind::Internal;
    if (host.starts_with("fe80:")) return HostKind::Internal;
    return HostKind::Other;
}

} // namespace

std::optional<std::uint32_t> parse_ipv4(std::string_view text) noexcept {
    std::array<std::uint64_t, 4> parts{};
    std::size_t count = 0;
    while (true) {
        if (count == parts.size()) return std::nullopt;
        const std::size_t dot = text.find('.');
        const auto part = parse_ipv4_part(text.substr(0, dot));
        if (!part) return std::nullopt;
        parts[count++] = *part;
        if (dot == npos) break;
        text.remove_prefix(dot + 1);
    }
    std::uint64_t address = 0;
    for (std::size_t i = 0; i + 1 < count; ++i) {
        if (parts[i] > 0xFF) return std::nullopt;
        address |= parts[i] << (8 * (3 - i));
    }
    const std::uint64_t last_limit = std::uint64_t{1} << (8 * (4 - (count - 1)));
    if (parts[count - 1] >= last_limit) return std::nullopt;
    return static_cast<std::uint32_t>(address | parts[count - 1]);
}

HostKind classify_host(std::string_view host) noexcept {
    if (!host.empty() && host.back() == '.') host.remove_suffix(1); // "localhost."
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) return HostKind::Other;
    if (host == "metadata.google.internal" || host == "metadata" || host == "instance-data" ||
        host == "metadata.azure.internal")
        return HostKind::Metadata;
    if (host.find(':') != npos) return classify_ipv6(host);
    if (const auto address = parse_ipv4(host)) return classify_ipv4(*address);
    if (host == "localhost" || ends_with(host, ".localhost") || ends_with(host, ".internal") ||
        ends_with(host, ".local"))
        return HostKind::Internal;
    return HostKind::Other;
}

std::string_view url_host(std::string_view text, std::size_t separator) noexcept {
    const std::size_t start = separator + 3;
    if (start > text.size()) return {};
    std::size_t end = text.find_first_of("/?#\\ \t\r\n\"'<>`", start);
    if (end == npos) end = text.size();
    std::string_view authority = text.substr(start, end - start);
    if (const std::size_t at = authority.rfind('@'); at != npos) authority.remove_prefix(at + 1);
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        return close == npos ? authority : authority.substr(0, close + 1);
    }
    if (const std::size_t colon = authority.find(':'); colon != npos) authority = authority.substr(0, colon);
    return authority;
}

} // namespace sentinel::security
