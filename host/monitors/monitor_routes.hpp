// HTTP handlers of /api/monitors (authenticated) and /ping/{token} (public).
#pragma once

#include "http/route_table.hpp"

#include <functional>
#include <memory>
#include <string>

namespace sentinel::host {

class MonitorStore;
class MonitorWriter;
class MonitorTypeCatalog;
class CheckRunner;
class EventBus;
class RateLimiter;
class PingTokenCache;

struct MonitorRouteDeps {
    MonitorStore& store;
    MonitorWriter& writer;
    MonitorTypeCatalog& types;
    CheckRunner& runner;
    EventBus& events;
    RateLimiter& limiter;
    std::function<std::int64_t()> now_ms;
    std::string region;
    std::function<std::string()> ping_base; // known once the server listens
    int default_failure_threshold = 2;
    std::uint32_t ping_rate_limit_per_minute = 120;
    std::shared_ptr<PingTokenCache> tokens;
};

std::vector<Route> monitor_routes(std::shared_ptr<MonitorRouteDeps> deps);
std::vector<Route> ping_routes(std::shared_ptr<MonitorRouteDeps> deps);

} // namespace sentinel::host
