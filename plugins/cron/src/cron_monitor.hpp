// The "cron" monitor type: a ping is due at each occurrence of heartbeat_cron_expression in the
// monitor's heartbeat_timezone (default "UTC"). The host applies heartbeat_grace on top.
#pragma once

#include <sentinel/sdk/monitors.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace sentinel::cron {

inline constexpr const char* kExpressionField = "heartbeat_cron_expression";
inline constexpr const char* kTimeZoneField = "heartbeat_timezone";
inline constexpr const char* kDefaultTimeZone = "UTC";

// Checks heartbeat_cron_expression (and that heartbeat_timezone names a known zone); on success
// `fields` is {"heartbeat_cron_expression": the normalised expression}.
sdk::MonitorValidation validate_cron_monitor(const nlohmann::json& monitor);

// The first occurrence after `after_ms` (Unix ms); nullopt when there is none. Throws
// std::invalid_argument when the stored monitor's expression or time zone is not valid.
std::optional<std::int64_t> next_cron_expected(const nlohmann::json& monitor, std::int64_t after_ms);

} // namespace sentinel::cron
