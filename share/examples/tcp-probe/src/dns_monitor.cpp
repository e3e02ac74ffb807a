#include "dns_monitor.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace tcp_probe {
namespace sdk = sentinel::sdk;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxHostLength = 253;
constexpr std::size_t kMaxUrlLength = 2048; // a URL whose host is taken
constexpr std::int64_t kDefaultTimeoutMs = 10000;

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

// The host's check budget ("timeout_ms", added to the monitor for checks).
std::chrono::milliseconds timeout_of(const json& monitor) {
    const auto it = monitor.find("timeout_ms");
    std::int64_t ms = kDefaultTimeoutMs;
    if (it != monitor.end() && it->is_number()) ms = it->get<std::int64_t>();
    return std::chrono::milliseconds(std::clamp<std::int64_t>(ms, 1, 3600000));
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

DnsMonitorSettings read_dns_settings(const json& monitor, sdk::ValidationErrors& errors) {
    namespace fields = sdk::monitor_fields;
    DnsMonitorSettings s;
    if (const auto url = fields::text(monitor, "url", kMaxUrlLength, errors)) {
        if (url->empty()) {
            errors.add("url", "is required");
        } else if (url->find("://") == std::string::npos && url->size() > kMaxHostLength) {
            errors.add("url", "must be at most 253 characters");
        } else if (auto host = dns_host_from(*url)) {
            s.host = std::move(*host);
        } else {
            errors.add("url", "must be a host name (letters, digits, '-', '_' and '.', at most 253 "
                              "characters), an IP address, or a URL with one");
        }
    } else if (!monitor.contains("url") || monitor["url"].is_null()) {
        errors.add("url", "is required");
    }
    if (const auto expected = fields::text(monitor, "dns_expected", 64, errors); expected && !expected->empty()) {
        s.expected = canonical_ip(*expected);
        if (!s.expected) errors.add("dns_expected", "must be an IPv4 or IPv6 address");
    }
    if (const auto family = fields::text(monitor, "record_family", 16, errors)) {
        if (const auto parsed = parse_record_family(*family)) s.family = *parsed;
        else errors.add("record_family", "must be one of any, ipv4, ipv6");
    }
    if (s.expected && s.family != RecordFamily::Any &&
        (s.expected->find(':') != std::string::npos) != (s.family == RecordFamily::IPv6))
        errors.add("dns_expected", std::string("is not an address of the record_family ") + to_string(s.family));
    return s;
}

sdk::CheckResult dns_check_result(const DnsMonitorSettings& settings, const DnsAnswer& answer) {
    sdk::CheckResult r;
    r.response_time_ms = answer.elapsed_ms;
    r.details = {{"host", settings.host},
                 {"record_family", to_string(settings.family)},
                 {"addresses", answer.addresses}};
    if (settings.expected) r.details["dns_expected"] = *settings.expected;
    if (!answer.resolved) {
        r.message = "cannot resolve \"" + settings.host + "\": " + answer.error;
        return r;
    }
    const auto& found = answer.addresses;
    if (settings.expected && std::find(found.begin(), found.end(), *settings.expected) == found.end()) {
        r.message = *settings.expected + " not among [" + join(found) + "]";
        return r;
    }
    r.is_up = true;
    r.message = "resolved to " + join(found);
    return r;
}

sdk::MonitorTypeInfo DnsMonitorType::info() {
    return {"dns", "Resolves a host name (optionally expecting an address) with the system resolver", {}};
}

sdk::MonitorValidation DnsMonitorType::validate(const json& monitor) const {
    sdk::MonitorValidation v;
    const DnsMonitorSettings s = read_dns_settings(monitor, v.errors);
    if (v.errors.empty())
        v.fields = {{"url", s.host},
                    {"dns_expected", s.expected ? json(*s.expected) : json()},
                    {"record_family", to_string(s.family)}};
    return v;
}

void DnsMonitorType::check(const json& monitor, sdk::CheckDone done) {
    sdk::ValidationErrors errors;
    DnsMonitorSettings settings = read_dns_settings(monitor, errors);
    if (!errors.empty()) {
        // Stored monitors were validated; this only happens if the fields changed meaning.
        done(sdk::CheckResult::down("invalid dns monitor: " + errors.details().dump()));
        return;
    }
    const auto timeout = timeout_of(monitor);
    const auto queued_at = std::chrono::steady_clock::now();
    // getaddrinfo cannot be cancelled, so the deadline is checked before and after it: a check
    // that waited too long for a thread is not started, and a late answer is reported as a
    // timeout. A resolver that hangs is failed by the host at its own deadline (timeout + 2 s).
    auto job = [settings = std::move(settings), timeout, queued_at, done](bool cancelled) {
        if (cancelled) {
            done(sdk::CheckResult::down("not checked: the tcp-probe plugin is stopping"));
            return;
        }
        if (ms_since(queued_at) >= static_cast<double>(timeout.count())) {
            done(sdk::CheckResult::down("timed out after " + std::to_string(timeout.count()) +
                                        " ms waiting for a resolver thread"));
            return;
        }
        const DnsAnswer answer = resolve_host(settings.host, settings.family);
        if (ms_since(queued_at) > static_cast<double>(timeout.count())) {
            done(sdk::CheckResult::down("timed out resolving \"" + settings.host + "\" (over " +
                                        std::to_string(timeout.count()) + " ms)"));
            return;
        }
        done(dns_check_result(settings, answer));
    };
    if (!worker_.post(std::move(job)))
        done(sdk::CheckResult::down("not checked: too many dns checks are waiting (" +
                                    std::to_string(kMaxQueued) + ")"));
}

} // namespace tcp_probe
