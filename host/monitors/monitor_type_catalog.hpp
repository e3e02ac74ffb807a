// The monitor types the loaded plugins contribute, as the monitors core sees them. The plugin
// registry implements it over the C ABI (plugins/monitor_type_registry.hpp); tests use fakes.
#pragma once

#include <sentinel/sdk/monitors.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::host {

struct MonitorTypeInfo {
    std::string name;
    std::string owner; // the plugin that contributes it
    std::string summary;
    sdk::MonitorKind kind = sdk::MonitorKind::Pull;
    std::vector<std::string> check_types;

    bool allows_check(std::string_view check) const {
        for (const auto& c : check_types)
            if (c == check) return true;
        return false;
    }
};

struct TypeValidation {
    nlohmann::json errors = nlohmann::json::array(); // [{"field", "message"}]
    nlohmann::json fields = nlohmann::json::object();
};

// Receives a check's result object (see monitor_check_done in plugin_api.h); always called
// exactly once, possibly on a plugin's thread: keep it short.
using CheckCallback = std::function<void(nlohmann::json result)>;

class MonitorTypeUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class MonitorTypeCatalog {
public:
    virtual ~MonitorTypeCatalog() = default;
    virtual std::optional<MonitorTypeInfo> find(std::string_view name) const = 0;
    virtual std::vector<MonitorTypeInfo> list() const = 0;
    // Throws MonitorTypeUnavailable when the type is gone or its plugin failed.
    virtual TypeValidation validate(const std::string& type, const nlohmann::json& monitor) = 0;
    // Never throws: a check that cannot start completes at once as failed. A check the plugin
    // does not complete within `deadline` completes as failed when expire_overdue() runs.
    virtual void start_check(const std::string& type, const nlohmann::json& monitor,
                             std::chrono::milliseconds deadline, CheckCallback done) = 0;
    virtual void expire_overdue() = 0;
    // Push types. nullopt: no ping will ever be due. Throws MonitorTypeUnavailable.
    virtual std::optional<std::int64_t> next_expected(const std::string& type,
                                                      const nlohmann::json& monitor,
                                                      std::int64_t after_ms) = 0;
};

// A result object for a check that failed before or outside the plugin.
inline nlohmann::json failed_check(std::string message) {
    return {{"is_up", false}, {"degraded", false}, {"response_time", nullptr},
            {"status_code", nullptr}, {"message", std::move(message)},
            {"details", nlohmann::json::object()}};
}

} // namespace sentinel::host
