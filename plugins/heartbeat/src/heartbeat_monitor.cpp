#include "heartbeat_monitor.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace sentinel::heartbeat {

sdk::MonitorValidation validate_heartbeat_monitor(const nlohmann::json& monitor) {
    sdk::MonitorValidation validation;
    const auto field = monitor.find(kIntervalField);
    if (field == monitor.end() || field->is_null()) {
        validation.errors.add(kIntervalField, "is required: the number of seconds between pings (" +
                                                  std::to_string(kMinIntervalSeconds) + "-" +
                                                  std::to_string(kMaxIntervalSeconds) + ")");
        return validation;
    }
    const auto interval = sdk::monitor_fields::integer(monitor, kIntervalField, kMinIntervalSeconds,
                                                       kMaxIntervalSeconds, validation.errors);
    if (interval) validation.fields[kIntervalField] = *interval;
    return validation;
}

std::optional<std::int64_t> next_heartbeat_expected(const nlohmann::json& monitor, std::int64_t after_ms) {
    sdk::ValidationErrors errors;
    const auto interval = sdk::monitor_fields::integer(monitor, kIntervalField, kMinIntervalSeconds,
                                                       kMaxIntervalSeconds, errors);
    if (!interval) throw std::invalid_argument("the monitor has no valid heartbeat_interval");
    const std::int64_t interval_ms = *interval * 1000;
    if (after_ms > std::numeric_limits<std::int64_t>::max() - interval_ms) return std::nullopt;
    return after_ms + interval_ms;
}

} // namespace sentinel::heartbeat
