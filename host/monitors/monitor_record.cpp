#include "monitors/monitor_record.hpp"

#include "common/time_text.hpp"

namespace sentinel::host {

const char* const kMonitorColumns =
    "id, team_id, monitor_type, friendly_name, url, port, check_interval, check_types, monitored_regions, "
    "settings, heartbeat_interval, heartbeat_cron_expression, heartbeat_timezone, heartbeat_grace, ping_token, "
    "failure_threshold, is_paused, status, consecutive_failures, last_checked_at, last_response_time, "
    "last_status_code, last_message, last_heartbeat_at, heartbeat_expected_at, heartbeat_started_at, created_at, "
    "updated_at";

std::optional<std::int64_t> cell_int(const DbValue& v) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    if (auto* s = std::get_if<std::string>(&v)) {
        try {
            return std::stoll(*s);
        } catch (...) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<double> cell_double(const DbValue& v) {
    if (auto* d = std::get_if<double>(&v)) return *d;
    if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return std::nullopt;
}

std::optional<std::string> cell_text(const DbValue& v) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    return std::nullopt;
}

namespace {

nlohmann::json json_cell(const DbValue& v, nlohmann::json fallback) {
    auto text = cell_text(v);
    if (!text) return fallback;
    auto parsed = nlohmann::json::parse(*text, nullptr, false);
    return parsed.is_discarded() ? fallback : parsed;
}

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json();
}

} // namespace

MonitorRecord monitor_from_row(const std::vector<DbValue>& v) {
    MonitorRecord m;
    std::size_t i = 0;
    m.id = cell_int(v.at(i++)).value_or(0);
    m.team_id = cell_text(v.at(i++));
    m.monitor_type = cell_text(v.at(i++)).value_or("");
    m.friendly_name = cell_text(v.at(i++));
    m.url = cell_text(v.at(i++));
    m.port = cell_int(v.at(i++));
    m.check_interval = cell_double(v.at(i++));
    m.check_types = json_cell(v.at(i++), nlohmann::json::array());
    m.monitored_regions = json_cell(v.at(i++), nlohmann::json::array());
    m.settings = json_cell(v.at(i++), nlohmann::json::object());
    m.heartbeat_interval = cell_int(v.at(i++));
    m.heartbeat_cron_expression = cell_text(v.at(i++));
    m.heartbeat_timezone = cell_text(v.at(i++));
    m.heartbeat_grace = cell_int(v.at(i++));
    m.ping_token = cell_text(v.at(i++));
    m.failure_threshold = static_cast<int>(cell_int(v.at(i++)).value_or(2));
    m.is_paused = cell_int(v.at(i++)).value_or(0) != 0;
    m.status = cell_text(v.at(i++)).value_or("pending");
    m.consecutive_failures = static_cast<int>(cell_int(v.at(i++)).value_or(0));
    m.last_checked_at = cell_int(v.at(i++));
    m.last_response_time = cell_double(v.at(i++));
    m.last_status_code = cell_int(v.at(i++));
    m.last_message = cell_text(v.at(i++));
    m.last_heartbeat_at = cell_int(v.at(i++));
    m.heartbeat_expected_at = cell_int(v.at(i++));
    m.heartbeat_started_at = cell_int(v.at(i++));
    m.created_at = cell_int(v.at(i++)).value_or(0);
    m.updated_at = cell_int(v.at(i++)).value_or(0);
    return m;
}

nlohmann::json iso_time(const std::optional<std::int64_t>& unix_ms) {
    if (!unix_ms) return nullptr;
    return format_iso8601(TimePoint(std::chrono::milliseconds(*unix_ms)));
}

nlohmann::json monitor_to_json(const MonitorRecord& m, const std::string& ping_base) {
    nlohmann::json j = m.settings.is_object() ? m.settings : nlohmann::json::object();
    nlohmann::json ping_url;
    if (m.ping_token) ping_url = ping_base + "/ping/" + *m.ping_token;
    j["id"] = m.id;
    j["monitor_type"] = m.monitor_type;
    j["url"] = m.ping_token ? ping_url : or_null(m.url);
    j["friendly_name"] = or_null(m.friendly_name);
    j["status"] = m.status;
    j["check_interval"] = or_null(m.check_interval);
    j["check_types"] = m.check_types;
    j["monitored_regions"] = m.monitored_regions;
    j["is_paused"] = m.is_paused;
    j["last_checked_at"] = iso_time(m.last_checked_at);
    j["last_heartbeat_at"] = iso_time(m.last_heartbeat_at);
    j["heartbeat_expected_at"] = iso_time(m.heartbeat_expected_at);
    j["ping_url"] = ping_url;
    j["port"] = or_null(m.port);
    j["heartbeat_interval"] = or_null(m.heartbeat_interval);
    j["heartbeat_cron_expression"] = or_null(m.heartbeat_cron_expression);
    j["heartbeat_timezone"] = or_null(m.heartbeat_timezone);
    j["heartbeat_grace"] = or_null(m.heartbeat_grace);
    j["failure_threshold"] = m.failure_threshold;
    j["last_response_time"] = or_null(m.last_response_time);
    j["last_status_code"] = or_null(m.last_status_code);
    // The last failure's cause while the monitor is failing (also before the failure is confirmed).
    const bool failing = m.consecutive_failures > 0 || m.status == "offline" || m.status == "degraded";
    j["last_error"] = failing ? or_null(m.last_message) : nlohmann::json();
    j["team_id"] = or_null(m.team_id);
    j["created_at"] = iso_time(m.created_at);
    j["updated_at"] = iso_time(m.updated_at);
    return j;
}

nlohmann::json monitor_for_plugin(const MonitorRecord& m) {
    nlohmann::json j = m.settings.is_object() ? m.settings : nlohmann::json::object();
    j["id"] = m.id;
    j["monitor_type"] = m.monitor_type;
    j["friendly_name"] = or_null(m.friendly_name);
    j["url"] = or_null(m.url);
    j["port"] = or_null(m.port);
    j["check_interval"] = or_null(m.check_interval);
    j["check_types"] = m.check_types;
    j["monitored_regions"] = m.monitored_regions;
    j["heartbeat_interval"] = or_null(m.heartbeat_interval);
    j["heartbeat_cron_expression"] = or_null(m.heartbeat_cron_expression);
    j["heartbeat_timezone"] = or_null(m.heartbeat_timezone);
    j["heartbeat_grace"] = or_null(m.heartbeat_grace);
    return j;
}

} // namespace sentinel::host
