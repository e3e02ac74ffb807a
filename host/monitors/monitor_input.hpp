// Validates a POST or PUT body of /api/monitors: the common fields here, the type's own fields
// by the type's plugin, every problem reported per field.
#pragma once

#include "monitors/monitor_record.hpp"
#include "monitors/monitor_type_catalog.hpp"

#include <sentinel/sdk/http.hpp>

#include <optional>

namespace sentinel::host {

inline const std::vector<std::string> kMonitorRegions = {"ash", "pdx", "nbg", "sin"};

struct MonitorInputOutcome {
    sdk::ValidationErrors errors;
    MonitorRecord monitor; // valid when errors is empty; id, status and timestamps untouched
    MonitorTypeInfo type;
};

// `existing`: the stored monitor for PUT, nullopt for POST. `default_threshold`: the configured
// failure threshold for new pull monitors.
MonitorInputOutcome read_monitor_input(const nlohmann::json& body, const std::optional<MonitorRecord>& existing,
                                       MonitorTypeCatalog& types, int default_threshold);

bool is_known_time_zone(const std::string& name);

} // namespace sentinel::host
