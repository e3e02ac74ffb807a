// The "port" monitor type's JSON side: validating a monitor, reading a due check from the
// monitor JSON the host passes, and turning an outcome into the host's check result.
#pragma once

#include "connect_outcome.hpp"

#include <sentinel/sdk/monitors.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace port_plugin {

inline constexpr std::int64_t kDefaultTimeoutMs = 10000;

sentinel::sdk::MonitorValidation validate_port_monitor(const nlohmann::json& monitor);

struct PortCheck {
    ConnectRequest request;
    std::vector<std::string> check_types;
};

// std::nullopt when the monitor has no usable url or port (validation should have caught it).
std::optional<PortCheck> read_port_check(const nlohmann::json& monitor);

sentinel::sdk::CheckResult to_check_result(const PortCheck& check, const ConnectOutcome& outcome);

} // namespace port_plugin
