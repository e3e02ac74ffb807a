#include "plugin_settings.hpp"

#include <sentinel/sdk/errors.hpp>

#include <cctype>

namespace sentinel::kestra {
namespace {

std::string lower_trimmed(std::string s) {
    const auto first = s.find_first_not_of(" \t");
    const auto last = s.find_last_not_of(" \t");
    s = first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool parse_bool(const sdk::Config& config, std::string_view key, bool fallback) {
    auto raw = config.get(key);
    if (!raw) return fallback;
    const std::string v = lower_trimmed(*raw);
    if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
    if (v == "false" || v == "no" || v == "off" || v == "0") return false;
    throw sdk::ConfigError("configuration key '" + std::string(key) + "' must be true or false, got '" + *raw + "'");
}

} // namespace

Settings Settings::load(const sdk::Config& config) {
    Settings s;
    s.webhook_secret = config.get_or("webhook_secret", "");
    s.require_api_key = parse_bool(config, "require_api_key", false);
    s.monitors = MonitorBindings::parse(config.get_or("monitors", ""));
    if (auto plan = config.get("plan")) {
        s.plan = lower_trimmed(*plan);
        if (s.plan != "free" && s.plan != "pro")
            throw sdk::ConfigError("configuration key 'plan' must be free or pro, got '" + *plan + "'");
    }
    if (config.get("retention_days")) s.retention_days = config.get_int("retention_days", 0, 1, 3650);
    return s;
}

std::int64_t default_retention_days(std::string_view plan) noexcept { return plan == "pro" ? 365 : 30; }

bool secrets_equal(std::string_view presented, std::string_view expected) noexcept {
    // Visits every byte of the expected secret whatever the presented one holds, without an
    // early exit, so the time taken does not reveal where the two differ.
    unsigned diff = presented.size() == expected.size() ? 0u : 1u;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const unsigned char a = i < presented.size() ? static_cast<unsigned char>(presented[i]) : 0u;
        diff |= static_cast<unsigned>(a ^ static_cast<unsigned char>(expected[i]));
    }
    return diff == 0;
}

} // namespace sentinel::kestra
