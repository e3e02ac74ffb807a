// The "heartbeat" monitor type: a ping is due every heartbeat_interval seconds after the last
// one. The host applies heartbeat_grace on top of the expected time.
#pragma once

#include <sentinel/sdk/monitors.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace sentinel::heartbeat {

inline constexpr const char* kIntervalField = "heartbeat_interval";
inline constexpr std::int64_t kMinIntervalSeconds = 30;
inline constexpr std::int64_t kMaxIntervalSeconds = 2592000; // 30 days

// Checks heartbeat_interval; on success `fields` is {"heartbeat_interval": seconds}.
sdk::MonitorValidation validate_heartbeat_monitor(const nlohmann::json& monitor);

// after_ms + heartbeat_interval seconds. Throws std::invalid_argument when the stored monitor
// has no valid interval (the validator never lets such a monitor through).
std::optional<std::int64_t> next_heartbeat_expected(const nlohmann::json& monitor, std::int64_t after_ms);

} // namespace sentinel::heartbeat
