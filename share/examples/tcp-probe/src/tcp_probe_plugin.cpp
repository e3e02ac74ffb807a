#include "tcp_probe_plugin.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcp_probe {
namespace sdk = sentinel::sdk;
using nlohmann::json;

namespace {

constexpr std::int64_t kMinTimeoutMs = 50;
constexpr std::int64_t kMaxTimeoutMs = 10000;
constexpr std::size_t kMaxHostLength = 253; // the longest DNS name

// An integer query parameter from `min` to `max`; std::nullopt (and a problem recorded in
// `errors`) when it is malformed or out of range, `fallback` when it is absent.
std::optional<std::int64_t> int_param(const sdk::Request& request, const char* name,
                                      std::optional<std::int64_t> fallback, std::int64_t min,
                                      std::int64_t max, sdk::ValidationErrors& errors) {
    const auto text = request.query_value(name);
    if (!text) {
        if (!fallback) errors.add(name, "is required");
        return fallback;
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
        errors.add(name, "must be a whole number from " + std::to_string(min) + " to " +
                             std::to_string(max));
        return std::nullopt;
    }
    return value;
}

// "a, b,,c " -> {"a", "b", "c"}
std::vector<std::string> split_list(std::string_view list) {
    std::vector<std::string> items;
    while (!list.empty()) {
        const auto comma = std::min(list.find(','), list.size());
        const auto item = list.substr(0, comma);
        const auto first = item.find_first_not_of(" \t");
        if (first != std::string_view::npos)
            items.emplace_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
        list.remove_prefix(std::min(comma + 1, list.size()));
    }
    return items;
}

json result_json(const std::string& target, const CheckResult& result, std::int64_t checked_at) {
    return {{"target", target},
            {"ok", result.ok},
            {"latency_ms", result.latency_ms},
            {"error", result.ok ? json() : json(result.error)},
            {"checked_at", checked_at}};
}

} // namespace

ProbeSettings read_settings(const sdk::Config& config) {
    ProbeSettings settings;
    settings.interval_ms = config.get_int("interval_ms", settings.interval_ms, 1000, 86400000);
    settings.timeout_ms = config.get_int("timeout_ms", settings.timeout_ms, kMinTimeoutMs,
                                         kMaxTimeoutMs);
    for (const std::string& item : split_list(config.get_or("targets", ""))) {
        auto target = parse_target(item);
        if (!target) {
            throw sdk::ConfigError("configuration key 'targets' must be a comma-separated list "
                                   "of host:port with ports 1-65535, got '" + item + "'");
        }
        settings.targets.push_back(std::move(*target));
    }
    return settings;
}

TcpProbePlugin::TcpProbePlugin(const sdk::HostServices& host)
    : host_(host), settings_(read_settings(host.config)) {}

std::vector<sdk::Migration> TcpProbePlugin::migrations() {
    return {{1, "tcp_probe_results: one row per check",
             "CREATE TABLE tcp_probe_results ("
             " id {{serial_pk}},"
             " target TEXT NOT NULL,"
             " ok INTEGER NOT NULL,"
             " latency_ms DOUBLE PRECISION NOT NULL,"
             " error TEXT,"
             " checked_at_ms BIGINT NOT NULL);"
             "CREATE INDEX tcp_probe_results_by_target"
             " ON tcp_probe_results (target, checked_at_ms)"}};
}

void TcpProbePlugin::routes(sdk::RouteTable& routes) {
    // Any viewer can make the server open connections, so the check route is rate limited.
    routes.get("/api/v1/examples/tcp-probe/check", sdk::Role::Viewer,
               [this](const sdk::Request& r) { return check(r); },
               {.summary = "Check once that host:port accepts TCP connections",
                .rate_limit_per_minute = 60});
    routes.get("/api/v1/examples/tcp-probe/results", sdk::Role::Viewer,
               [this](const sdk::Request& r) { return results(r); },
               {.summary = "Stored results of one target, newest first"});
}

void TcpProbePlugin::jobs(sdk::JobTable& jobs) {
    if (settings_.targets.empty()) return;
    // The first round runs a second after start rather than one whole interval later.
    jobs.add("probe-targets", static_cast<std::uint64_t>(settings_.interval_ms),
             [this](const sdk::JobRun&) { probe_targets(); }, 1000);
}

void TcpProbePlugin::monitor_types(sdk::MonitorTypeTable& types) {
    types.pull(DnsMonitorType::info(),
               [this](const json& monitor) { return dns_.validate(monitor); },
               [this](const json& monitor, sdk::CheckDone done) { dns_.check(monitor, std::move(done)); });
}

void TcpProbePlugin::probe_targets() {
    for (const auto& target : settings_.targets) {
        json result = check_and_store(target, settings_.timeout_ms);
        result.erase("checked_at");
        result["plugin"] = info.name;
        try {
            host_.events.publish("probe.result", result);
        } catch (const sdk::HostError& e) {
            // The result is stored either way; a full event bus must not stop the other targets.
            host_.log.warn("probe.result for " + target.label() + " not published: " + e.what());
        }
    }
}

json TcpProbePlugin::check_and_store(const Target& target, std::int64_t timeout_ms) {
    const CheckResult result = check_tcp(target, std::chrono::milliseconds(timeout_ms));
    const std::int64_t checked_at = host_.clock.now_ms();
    const std::string label = target.label();
    host_.db.execute("INSERT INTO tcp_probe_results (target, ok, latency_ms, error, checked_at_ms)"
                     " VALUES (?, ?, ?, ?, ?)",
                     {label, result.ok, result.latency_ms,
                      result.ok ? sdk::Value() : sdk::Value(result.error), checked_at});
    return result_json(label, result, checked_at);
}

sdk::Response TcpProbePlugin::check(const sdk::Request& request) {
    sdk::ValidationErrors errors;
    const std::string host = request.query_value("host").value_or("");
    if (host.empty()) errors.add("host", "is required");
    if (host.size() > kMaxHostLength) errors.add("host", "must be at most 253 characters");
    const auto port = int_param(request, "port", std::nullopt, 1, 65535, errors);
    const auto timeout_ms = int_param(request, "timeout_ms", settings_.timeout_ms, kMinTimeoutMs,
                                      kMaxTimeoutMs, errors);
    errors.throw_if_any("Invalid query parameters");
    return sdk::Response::json(
        check_and_store(Target{host, static_cast<std::uint16_t>(*port)}, *timeout_ms));
}

sdk::Response TcpProbePlugin::results(const sdk::Request& request) {
    sdk::ValidationErrors errors;
    const auto target_text = request.query_value("target");
    const auto target = parse_target(target_text.value_or(""));
    if (!target_text) errors.add("target", "is required");
    else if (!target) errors.add("target", "must be host:port with a port from 1 to 65535");
    const sdk::PageRequest page = sdk::parse_page(request.query, 20, 100, errors);
    errors.throw_if_any("Invalid query parameters");

    const std::string label = target->label();
    const auto total = host_.db.query_one("SELECT COUNT(*) AS total FROM tcp_probe_results"
                                          " WHERE target = ?", {label});
    const sdk::Rows rows = host_.db.query(
        "SELECT ok, latency_ms, error, checked_at_ms FROM tcp_probe_results WHERE target = ?"
        " ORDER BY checked_at_ms DESC, id DESC LIMIT ? OFFSET ?",
        {label, page.limit, page.offset()});
    json items = json::array();
    for (const auto& row : rows) {
        const CheckResult result{row.get<bool>("ok"), row.get<double>("latency_ms"),
                                 row.get_optional<std::string>("error").value_or("")};
        items.push_back(result_json(label, result, row.get<std::int64_t>("checked_at_ms")));
    }
    return sdk::Response::json(
        sdk::paginated(std::move(items), page, total ? total->get<std::int64_t>("total") : 0));
}

} // namespace tcp_probe
