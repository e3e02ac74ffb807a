// Services bound to uptime monitors: config `monitors = "db:12, web:15"`. The monitor's status
// drives the service's status (online healthy, degraded degraded, offline critical, pending
// unknown).
#pragma once

#include "status_rules.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sentinel::kestra {

class MonitorBindings {
public:
    MonitorBindings() = default;

    // Parses "name:id, name:id"; empty or blank text binds nothing. Throws sdk::ConfigError naming
    // the key and the bad entry (bad name, id not a positive integer, a name or id bound twice).
    static MonitorBindings parse(std::string_view text);

    std::optional<std::string> service_of(std::int64_t monitor_id) const;
    std::optional<std::int64_t> monitor_of(std::string_view service) const;
    const std::map<std::string, std::int64_t, std::less<>>& by_service() const noexcept { return by_service_; }
    bool empty() const noexcept { return by_service_.empty(); }

private:
    std::map<std::string, std::int64_t, std::less<>> by_service_;
    std::map<std::int64_t, std::string> by_monitor_;
};

// A monitor status ("pending", "online", "degraded", "offline") as a service status.
std::optional<Status> status_for_monitor(std::string_view monitor_status) noexcept;

} // namespace sentinel::kestra
