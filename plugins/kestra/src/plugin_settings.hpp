// The plugin's configuration ([plugin.kestra]), read and validated once at construction.
#pragma once

#include "monitor_bindings.hpp"

#include <sentinel/sdk/host_services.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sentinel::kestra {

struct Settings {
    std::string webhook_secret;                 // empty: the webhook accepts anyone
    bool require_api_key = false;               // true: the GET routes need a VIEWER key
    MonitorBindings monitors;                   // "db:12, web:15"
    std::string plan = "free";                  // free | pro: the retention of the plan applies
    std::optional<std::int64_t> retention_days; // 1..3650, overrides the plan's retention

    // Throws sdk::ConfigError naming the key when a value is malformed.
    static Settings load(const sdk::Config& config);
};

// The spec's retention per plan (Free 30 days, Pro 1 year), used when the host cannot tell.
std::int64_t default_retention_days(std::string_view plan) noexcept;

// Compares a presented secret with the configured one in time independent of where they differ.
bool secrets_equal(std::string_view presented, std::string_view expected) noexcept;

} // namespace sentinel::kestra
