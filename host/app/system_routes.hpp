// The host's own routes: GET /health, /api/v1/version, /api/v1/plugins, /api/v1/audit.
#pragma once

#include <chrono>
#include <functional>

namespace sentinel::host {

class RouteTable;
class Database;
class AuditLog;
class PluginRegistry;

struct SystemRouteDeps {
    Database& db;
    AuditLog& audit;
    PluginRegistry& plugins;
    std::chrono::steady_clock::time_point started;
};

void add_system_routes(RouteTable& routes, SystemRouteDeps deps);

} // namespace sentinel::host
