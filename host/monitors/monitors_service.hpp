// The monitors core: the shared /api/monitors resource and the public /ping/{token} URLs, over
// whatever monitor types the loaded plugins contribute. Owns the store, the writer (group
// commit), the check runner and the rollup job; names no plugin.
#pragma once

#include "config/settings.hpp"

#include <functional>
#include <memory>
#include <string>

namespace sentinel::host {

class Database;
class EventBus;
class RateLimiter;
class RouteTable;
class Scheduler;
class MonitorTypeCatalog;
class MonitorStore;
class MonitorWriter;
class CheckRunner;

struct MonitorsDeps {
    Database& db;
    EventBus& events;
    RateLimiter& limiter;
    RouteTable& routes;
    Scheduler& scheduler;
    MonitorTypeCatalog& types;
    std::function<std::int64_t()> now_ms;
};

class MonitorsService {
public:
    // Applies the monitors schema and registers the routes and the rollup job.
    MonitorsService(MonitorsDeps deps, const Settings& settings);
    ~MonitorsService();
    MonitorsService(const MonitorsService&) = delete;
    MonitorsService& operator=(const MonitorsService&) = delete;

    // Starts running checks (call once the plugins are loaded and the server listens).
    void start(std::uint16_t listen_port);
    // Stops scheduling new checks; results of checks in flight are still written.
    void stop_checks();
    // Writes what is queued (answering the pings waiting for it) and returns.
    void flush_writes();
    // Writes what is queued and stops the writer (after the plugins are unloaded).
    void stop_writes();

    MonitorStore& store();
    MonitorWriter& writer();
    CheckRunner& runner();

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

// The base of ping URLs: the configured public_url, else http://<listen address>:<port>.
std::string ping_base_url(const Settings& settings, std::uint16_t port);

} // namespace sentinel::host
