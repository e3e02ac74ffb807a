#include "ping_monitor.hpp"

#include <sentinel/sdk/net/host_name.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ping_plugin {
namespace sdk = sentinel::sdk;
using nlohmann::json;

namespace {

constexpr std::int64_t kMaxTimeoutMs = 600000;
constexpr std::int64_t kMinPingIntervalMs = 10;
constexpr std::int64_t kMaxPingIntervalMs = 10000;

std::int64_t integer_or(const json& monitor, const char* field, std::int64_t fallback, std::int64_t min,
                        std::int64_t max) {
    const auto it = monitor.find(field);
    if (it == monitor.end()) return fallback;
    if (it->is_number_integer()) {
        if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) return max;
        return std::clamp<std::int64_t>(it->get<std::int64_t>(), min, max);
    }
    if (!it->is_number_float()) return fallback;
    // Clamped as a double first: converting an out-of-range double is undefined.
    return static_cast<std::int64_t>(std::clamp<double>(it->get<double>(), static_cast<double>(min), static_cast<double>(max)));
}

double round2(double v) { return std::round(v * 100) / 100; }

json sub_checks(const PingCheck& check, const PingOutcome& outcome) {
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

sdk::CheckResult failed(const PingCheck& check, const PingOutcome& outcome, json details) {
    std::string message;
    const char* kind = "error";
    switch (outcome.failure) {
    case Failure::Resolve:
        message = "cannot resolve \"" + check.request.host + "\": " + outcome.error;
        kind = "resolve";
        break;
    case Failure::NotPermitted:
        message = outcome.error;
        kind = "not_permitted";
        break;
    case Failure::Unreachable:
        message = outcome.error.empty() ? "no echo request could be sent" : outcome.error;
        kind = "unreachable";
        break;
    case Failure::Cancelled:
        message = "check cancelled: the ping plugin is shutting down";
        kind = "cancelled";
        break;
    case Failure::None: break;
    }
    details["error_kind"] = kind;
    return sdk::CheckResult::down(std::move(message), std::move(details));
}

} // namespace

sdk::MonitorValidation validate_ping_monitor(const json& monitor) {
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
    const auto count = sdk::monitor_fields::integer(monitor, "ping_count", 1, 10, v.errors);
    v.fields["ping_count"] = count.value_or(kDefaultPingCount);
    const auto interval = sdk::monitor_fields::integer(monitor, "ping_interval_ms", kMinPingIntervalMs,
                                                       kMaxPingIntervalMs, v.errors);
    v.fields["ping_interval_ms"] = interval.value_or(kDefaultPingIntervalMs);
    return v;
}

std::optional<PingCheck> read_ping_check(const json& monitor) {
    const auto url = monitor.find("url");
    if (url == monitor.end() || !url->is_string()) return std::nullopt;
    auto host = sentinel::sdk::net::host_from_url(url->get<std::string>());
    if (!host) return std::nullopt;

    PingCheck check;
    check.request.host = std::move(*host);
    check.request.count = static_cast<int>(integer_or(monitor, "ping_count", kDefaultPingCount, 1, 10));
    check.request.interval = std::chrono::milliseconds(
        integer_or(monitor, "ping_interval_ms", kDefaultPingIntervalMs, kMinPingIntervalMs, kMaxPingIntervalMs));
    check.request.timeout = std::chrono::milliseconds(integer_or(monitor, "timeout_ms", kDefaultTimeoutMs, 1, kMaxTimeoutMs));
    if (const auto types = monitor.find("check_types"); types != monitor.end() && types->is_array())
        for (const auto& type : *types)
            if (type.is_string()) check.check_types.push_back(type.get<std::string>());
    return check;
}

sdk::CheckResult to_check_result(const PingCheck& check, const PingOutcome& outcome) {
    json details = {{"host", check.request.host}, {"resolve_ms", outcome.resolve_ms}};
    if (auto checks = sub_checks(check, outcome); !checks.empty()) details["checks"] = std::move(checks);
    if (outcome.failure != Failure::None) return failed(check, outcome, std::move(details));

    const int requested = std::max(outcome.requested, 1);
    const int received = static_cast<int>(outcome.rtts_ms.size());
    const double loss = 100.0 * (requested - received) / requested;
    details["address"] = outcome.address;
    details["socket"] = outcome.socket_mode;
    details["sent"] = outcome.sent;
    details["received"] = received;
    details["packet_loss"] = round2(loss);
    if (!outcome.send_error.empty()) details["send_error"] = outcome.send_error;

    sdk::CheckResult result;
    if (received == 0) {
        details["error_kind"] = "timeout";
        result = sdk::CheckResult::down("no reply to " + std::to_string(requested) + " echo requests within " +
                                            std::to_string(check.request.timeout.count()) + " ms (100% packet loss)",
                                        std::move(details));
        return result;
    }
    const auto [min, max] = std::minmax_element(outcome.rtts_ms.begin(), outcome.rtts_ms.end());
    const double avg = std::accumulate(outcome.rtts_ms.begin(), outcome.rtts_ms.end(), 0.0) / received;
    details["rtt_min_ms"] = round2(*min);
    details["rtt_avg_ms"] = round2(avg);
    details["rtt_max_ms"] = round2(*max);
    result.is_up = true;
    result.degraded = received < requested;
    result.response_time_ms = round2(avg);
    if (result.degraded) result.message = std::to_string(static_cast<int>(std::lround(loss))) + "% packet loss";
    result.details = std::move(details);
    return result;
}

} // namespace ping_plugin
