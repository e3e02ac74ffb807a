#include "security_settings.hpp"

#include <sentinel/sdk/errors.hpp>

namespace sentinel::security {

SecuritySettings SecuritySettings::load(const sdk::Config& config) {
    SecuritySettings s;
    const auto severity = config.get_or("feed_min_severity", "MEDIUM");
    const auto parsed = parse_severity(severity);
    if (!parsed)
        throw sdk::ConfigError("configuration key 'feed_min_severity' must be LOW, MEDIUM, HIGH or CRITICAL, got '" +
                               severity + "'");
    s.feed_min_score = *parsed == Severity::Low ? 0 : *parsed == Severity::Medium ? 40 : *parsed == Severity::High ? 70 : 90;
    s.window.window = std::chrono::minutes(config.get_int("window_minutes", 5, 1, 1440));
    s.window.brute_force_failures = static_cast<int>(config.get_int("brute_force_failures", 10, 2, 100000));
    s.window.stuffing_distinct_users = static_cast<int>(config.get_int("stuffing_distinct_users", 5, 2, 100000));
    s.window.user_failures = static_cast<int>(config.get_int("user_failures", 8, 2, 100000));
    s.window.port_scan_distinct_ports = static_cast<int>(config.get_int("port_scan_distinct_ports", 15, 2, 65535));
    s.rules_folder = config.get_or("rules_folder", "security");
    return s;
}

} // namespace sentinel::security
