// One monitor as stored, and its JSON as the API shows it.
#pragma once

#include "storage/db_value.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::host {

struct MonitorRecord {
    std::int64_t id = 0;
    std::optional<std::string> team_id;
    std::string monitor_type;
    std::optional<std::string> friendly_name;
    std::optional<std::string> url;
    std::optional<std::int64_t> port;
    std::optional<double> check_interval; // minutes; pull types
    nlohmann::json check_types = nlohmann::json::array();
    nlohmann::json monitored_regions = nlohmann::json::array();
    nlohmann::json settings = nlohmann::json::object(); // the type's own fields
    std::optional<std::int64_t> heartbeat_interval;
    std::optional<std::string> heartbeat_cron_expression;
    std::optional<std::string> heartbeat_timezone;
    std::optional<std::int64_t> heartbeat_grace;
    std::optional<std::string> ping_token;
    int failure_threshold = 2;
    bool is_paused = false;
    std::string status = "pending";
    int consecutive_failures = 0;
    std::optional<std::int64_t> last_checked_at;
    std::optional<double> last_response_time;
    std::optional<std::int64_t> last_status_code;
    std::optional<std::string> last_message;
    std::optional<std::int64_t> last_heartbeat_at;
    std::optional<std::int64_t> heartbeat_expected_at;
    std::optional<std::int64_t> heartbeat_started_at;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;

    bool is_push() const { return ping_token.has_value(); }
};

// The column list every query selecting a whole monitor uses, in from_row's order.
extern const char* const kMonitorColumns;
MonitorRecord monitor_from_row(const std::vector<DbValue>& values);

// The API representation. `ping_base` is the public base URL ("https://host"); push monitors
// show "<ping_base>/ping/<token>" as ping_url and url.
nlohmann::json monitor_to_json(const MonitorRecord& m, const std::string& ping_base);
// What plugins receive: the monitor's fields, with the type's own fields merged in.
nlohmann::json monitor_for_plugin(const MonitorRecord& m);

// Unix ms as ISO-8601 (null when absent).
nlohmann::json iso_time(const std::optional<std::int64_t>& unix_ms);

// Cell readers for the columns above.
std::optional<std::int64_t> cell_int(const DbValue& v);
std::optional<double> cell_double(const DbValue& v);
std::optional<std::string> cell_text(const DbValue& v);

} // namespace sentinel::host
