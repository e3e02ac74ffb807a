#include "security_settings.hpp"

#include <sentinel/sdk/errors.hpp>

namespace sentinel::security {
namespace {

// The lowest score of the severity named by `key`.
int min_score_of(const sdk::Config& config, const char* key, const char* fallback) {
    const auto severity = config.get_or(key, fallback);
    const auto parsed = parse_severity(severity);
    if (!parsed)
        throw sdk::ConfigError(std::string("configuration key '") + key +
                               "' must be LOW, MEDIUM, HIGH or CRITICAL, got '" + severity + "'");
    return *parsed == Severity::Low ? 0 : *parsed == Severity::Medium ? 40 : *parsed == Severity::High ? 70 : 90;
}

} // namespace

SecuritySettings SecuritySettings::load(const sdk::Config& config) {
    SecuritySettings s;
    s.feed_min_score = min_score_of(config, "feed_min_severity", "MEDIUM");
    s.window.window = std::chrono::minutes(config.get_int("window_minutes", 5, 1, 1440));
    s.window.brute_force_failures = static_cast<int>(config.get_int("brute_force_failures", 10, 2, 100000));
    s.window.stuffing_distinct_users = static_cast<int>(config.get_int("stuffing_distinct_users", 5, 2, 100000));
    s.window.user_failures = static_cast<int>(config.get_int("user_failures", 8, 2, 100000));
    s.window.port_scan_distinct_ports = static_cast<int>(config.get_int("port_scan_distinct_ports", 15, 2, 65535));
    s.rules_folder = config.get_or("rules_folder", "security");
    s.enrichment = EnricherSettings::from(config);
    s.enrich_min_score = min_score_of(config, "llm_min_severity", "HIGH");
    return s;
}

} // namespace sentinel::security
