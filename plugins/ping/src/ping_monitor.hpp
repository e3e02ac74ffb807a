// The "ping" monitor type's JSON side: validating a monitor, reading a due check from the
// monitor JSON the host passes, and turning an outcome into the host's check result.
#pragma once

#include "ping_outcome.hpp"

#include <sentinel/sdk/monitors.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ping_plugin {

inline constexpr std::int64_t kDefaultTimeoutMs = 10000;
inline constexpr std::int64_t kDefaultPingCount = 3;
inline constexpr std::int64_t kDefaultPingIntervalMs = 200;

sentinel::sdk::MonitorValidation validate_ping_monitor(const nlohmann::json& monitor);

struct PingCheck {
    PingRequest request;
    std::vector<std::string> check_types;
};

// std::nullopt when the monitor has no usable url (validation should have caught it).
std::optional<PingCheck> read_ping_check(const nlohmann::json& monitor);

sentinel::sdk::CheckResult to_check_result(const PingCheck& check, const PingOutcome& outcome);

} // namespace ping_plugin
