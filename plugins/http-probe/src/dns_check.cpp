#include "dns_check.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

namespace http_probe {
namespace {

struct AddrInfoDeleter {
    void operator()(addrinfo* list) const noexcept { freeaddrinfo(list); }
};

std::string numeric(const sockaddr* address, socklen_t length) {
    char host[NI_MAXHOST] = {};
    if (getnameinfo(address, length, host, sizeof host, nullptr, 0, NI_NUMERICHOST) != 0) return {};
    std::string text(host);
    if (const auto zone = text.find('%'); zone != std::string::npos) text.resize(zone);
    return text;
}

} // namespace

Resolution resolve_host(const std::string& host) {
    Resolution out;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const auto start = std::chrono::steady_clock::now();
    const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
    out.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const std::unique_ptr<addrinfo, AddrInfoDeleter> list(found);
    if (rc != 0) {
        out.error = "cannot resolve " + host + ": " + gai_strerror(rc);
        return out;
    }
    for (const addrinfo* a = list.get(); a; a = a->ai_next) {
        std::string text = numeric(a->ai_addr, a->ai_addrlen);
        if (!text.empty() && std::find(out.addresses.begin(), out.addresses.end(), text) == out.addresses.end())
            out.addresses.push_back(std::move(text));
    }
    out.ok = !out.addresses.empty();
    if (!out.ok) out.error = "cannot resolve " + host + ": no addresses";
    return out;
}

SubCheck dns_check(const Resolution& r, const MonitorConfig& config, double curl_dns_ms) {
    SubCheck check{"dns"};
    check.extra["host"] = config.url.host;
    check.extra["addresses"] = r.addresses;
    check.extra["resolve_ms"] = r.elapsed_ms;
    check.extra["curl_dns_ms"] = curl_dns_ms;
    if (config.dns_expected) check.extra["expected"] = *config.dns_expected;
    if (!r.ok) {
        check.ok = false;
        check.message = r.error;
        return check;
    }
    if (config.dns_expected &&
        std::find(r.addresses.begin(), r.addresses.end(), *config.dns_expected) == r.addresses.end()) {
        check.ok = false;
        std::string list;
        for (const auto& a : r.addresses) list += (list.empty() ? "" : ", ") + a;
        check.message = config.url.host + " resolves to " + list + ", not " + *config.dns_expected;
        return check;
    }
    check.message = config.url.host + " resolves to " + std::to_string(r.addresses.size()) + " address" +
                    (r.addresses.size() == 1 ? "" : "es");
    return check;
}

SubCheck dns_skipped(const MonitorConfig& config) {
    SubCheck check{"dns"};
    check.extra["host"] = config.url.host;
    check.extra["skipped"] = true;
    if (config.dns_expected && *config.dns_expected != config.url.host) {
        check.ok = false;
        check.message = "the URL's host is the address " + config.url.host + ", not " + *config.dns_expected;
    } else {
        check.message = "the URL's host is an IP address; nothing to resolve";
    }
    return check;
}

} // namespace http_probe
