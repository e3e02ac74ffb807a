#include "port_monitor.hpp"

#include <sentinel/sdk/net/host_name.hpp>

#include <algorithm>
#include <cmath>

namespace port_plugin {
namespace sdk = sentinel::sdk;
using nlohmann::json;

namespace {

constexpr std::int64_t kMaxTimeoutMs = 600000;

// An integral JSON number as an int64, clamped to [min, max]; doubles are clamped before the
// conversion, which would be undefined for values out of range.
std::optional<std::int64_t> whole_number(const json& value, std::int64_t min, std::int64_t max) {
    if (value.is_number_integer()) {
        if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) return max;
        return std::clamp<std::int64_t>(value.get<std::int64_t>(), min, max);
    }
    if (!value.is_number_float()) return std::nullopt;
    const double d = value.get<double>();
    if (d != std::floor(d)) return std::nullopt;
    return static_cast<std::int64_t>(std::clamp<double>(d, static_cast<double>(min), static_cast<double>(max)));
}

const char* error_kind(Failure failure) {
    switch (failure) {
    case Failure::None: return "";
    case Failure::Refused: return "refused";
    case Failure::Timeout: return "timeout";
    case Failure::Unreachable: return "unreachable";
    case Failure::Resolve: return "resolve";
    case Failure::Error: return "error";
    case Failure::Cancelled: return "cancelled";
    }
    return "error";
}

std::string failure_message(const PortCheck& check, const ConnectOutcome& outcome) {
    switch (outcome.failure) {
    case Failure::None: return "";
    case Failure::Refused: return "connection refused";
    case Failure::Timeout: return "timed out after " + std::to_string(check.request.timeout.count()) + " ms";
    case Failure::Resolve: return "cannot resolve \"" + check.request.host + "\": " + outcome.error;
    case Failure::Cancelled: return "check cancelled: the port plugin is shutting down";
    case Failure::Unreachable:
    case Failure::Error: return outcome.error;
    }
    return outcome.error;
}

// Sub-checks the monitor asked for. "dns" is the resolution this check does anyway.
json sub_checks(const PortCheck& check, const ConnectOutcome& outcome) {
    json checks = json::object();
    for (const auto& type : check.check_types) {
        if (type == "dns") {
            const bool resolved = !outcome.resolved.empty();
            checks["dns"] = {{"ok", resolved}, {"resolve_ms", outcome.resolve_ms},
                             {"addresses", outcome.resolved}};
            if (!resolved && outcome.failure == Failure::Resolve) checks["dns"]["error"] = outcome.error;
        } else if (type == "domain") {
            checks["domain"] = {{"supported", false}, {"message", "not supported by this probe yet"}};
        }
    }
    return checks;
}

} // namespace

sdk::MonitorValidation validate_port_monitor(const json& monitor) {
    sdk::MonitorValidation v;
    const auto url = sdk::monitor_fields::text(monitor, "url", 2048, v.errors);
    if (!monitor.contains("url") || monitor["url"].is_null()) {
        v.errors.add("url", "is required");
    } else if (url) {
        if (!sentinel::sdk::net::host_from_url(*url)) {
            v.errors.add("url", "must be a host name, an IP address or a URL with a host "
                                "(at most 255 characters, no spaces)");
        } else {
            const auto first = url->find_first_not_of(" \t");
            v.fields["url"] = url->substr(first, url->find_last_not_of(" \t") - first + 1);
        }
    }
    const auto port = sdk::monitor_fields::integer(monitor, "port", 1, 65535, v.errors);
    if (!monitor.contains("port") || monitor["port"].is_null()) v.errors.add("port", "is required");
    else if (port) v.fields["port"] = *port;
    return v;
}

std::optional<PortCheck> read_port_check(const json& monitor) {
    const auto url = monitor.find("url");
    const auto port = monitor.find("port");
    if (url == monitor.end() || !url->is_string() || port == monitor.end()) return std::nullopt;
    auto host = sentinel::sdk::net::host_from_url(url->get<std::string>());
    const auto number = whole_number(*port, 0, 65536);
    if (!host || !number || *number < 1 || *number > 65535) return std::nullopt;

    PortCheck check;
    check.request.host = std::move(*host);
    check.request.port = static_cast<std::uint16_t>(*number);
    std::int64_t timeout = kDefaultTimeoutMs;
    if (const auto t = monitor.find("timeout_ms"); t != monitor.end())
        timeout = whole_number(*t, 1, kMaxTimeoutMs).value_or(kDefaultTimeoutMs);
    check.request.timeout = std::chrono::milliseconds(timeout);
    if (const auto types = monitor.find("check_types"); types != monitor.end() && types->is_array())
        for (const auto& type : *types)
            if (type.is_string()) check.check_types.push_back(type.get<std::string>());
    return check;
}

sdk::CheckResult to_check_result(const PortCheck& check, const ConnectOutcome& outcome) {
    sdk::CheckResult result;
    result.is_up = outcome.failure == Failure::None;
    result.message = failure_message(check, outcome);
    if (result.is_up) result.response_time_ms = outcome.connect_ms;
    result.details = {{"host", check.request.host}, {"port", check.request.port},
                      {"resolve_ms", outcome.resolve_ms}};
    if (!outcome.address.empty()) {
        result.details["address"] = outcome.address;
        result.details["connect_ms"] = outcome.connect_ms;
    }
    if (!result.is_up) result.details["error_kind"] = error_kind(outcome.failure);
    if (auto checks = sub_checks(check, outcome); !checks.empty()) result.details["checks"] = std::move(checks);
    return result;
}

} // namespace port_plugin
