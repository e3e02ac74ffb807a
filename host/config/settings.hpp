// Everything sentineld is configured with, resolved from (highest first) command-line flags,
// SENTINEL_* environment variables, the INI file, and built-in defaults.
#pragma once

#include "auth/plans.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace sentinel::host {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using PluginSection = std::map<std::string, std::string, std::less<>>;

struct Settings {
    std::filesystem::path config_file; // empty: none

    // [server]
    std::string listen_address = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    int http_threads = 4;
    std::size_t max_body_bytes = 1 << 20;
    std::size_t max_upload_bytes = 128 << 20; // cap on the body limit a route declares (uploads)
    std::chrono::milliseconds header_timeout{10000};
    std::chrono::milliseconds body_timeout{30000};
    std::chrono::milliseconds keepalive_timeout{60000};
    std::vector<std::string> cors_origins{"*"};
    std::size_t max_streams = 1000;                 // open Server-Sent Events streams at most
    std::size_t max_streams_per_client = 10;        // ... per client address
    std::chrono::milliseconds stream_keepalive{15000}; // comment line sent on idle streams
    bool trust_proxy = false; // take the client address from X-Forwarded-For / X-Real-IP
    std::string region = "ash";

    // [storage]
    std::string database_url = "sqlite:var/sentinel.db";
    std::size_t db_pool_size = 8;
    std::string sqlite_synchronous = "full";

    // [plugins]
    std::filesystem::path plugins_dir = "plugins";
    std::set<std::string> disabled_plugins;

    // [log]
    std::string log_level = "info";
    std::string log_format = "text";

    // [lua]
    std::filesystem::path scripts_dir = "scripts";
    std::uint64_t lua_instruction_limit = 10'000'000;
    std::size_t lua_memory_limit_bytes = 32u << 20;

    // [scheduler], [events]
    std::size_t scheduler_workers = 4;
    std::size_t event_queue_capacity = 10000;

    // [monitors]
    struct Monitors {
        std::string public_url;               // base of ping URLs; empty: http://<listen>
        std::int64_t check_timeout_ms = 10000; // a pull check's budget (capped by its interval)
        int failure_threshold = 2;            // default confirming failures before offline
        int raw_retention_hours = 48;         // raw results, then per-minute aggregates
        int minute_retention_days = 30;       // per-minute aggregates, then per-hour (kept)
        std::size_t max_checks_in_flight = 20000;
        std::uint32_t ping_rate_limit_per_minute = 120; // per ping token
    } monitors;

    // [plans]: what an API key's plan allows (SNL_ROUTE_PLAN_QUOTA routes, plugin retention).
    PlanTable plans = default_plans();

    // [plugin.<name>] sections, passed to each plugin as its own configuration.
    std::map<std::string, PluginSection> plugin_sections;

    std::vector<std::string> warnings; // unknown keys and the like, logged at start
};

// What flags and environment variables set; unset members keep the file's values.
struct SettingsOverrides {
    std::optional<std::string> listen; // "host:port"
    std::optional<std::string> plugins_dir;
    std::optional<std::string> database_url;
    std::optional<std::string> log_level;
};

// Reads `config_file` (may be empty for defaults only) and applies `overrides`. Relative paths in
// the file are taken relative to the file's folder. Throws ConfigError naming the key and line.
Settings load_settings(const std::filesystem::path& config_file, const SettingsOverrides& overrides);

// "host:port", "[v6]:port" or ":port" into its parts; throws ConfigError.
std::pair<std::string, std::uint16_t> parse_listen(const std::string& text, const std::string& where);

} // namespace sentinel::host
