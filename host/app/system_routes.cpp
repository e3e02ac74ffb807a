#include "app/system_routes.hpp"

#include "audit/audit_log.hpp"
#include "common/time_text.hpp"
#include "http/route_table.hpp"
#include "plugins/plugin_registry.hpp"
#include "storage/database.hpp"

#include <sentinel/plugin_api.h>
#include <sentinel/sdk/pagination.hpp>

#include <set>

#ifndef SENTINEL_VERSION
#define SENTINEL_VERSION "0.0.0"
#endif

namespace sentinel::host {
namespace {

const std::set<std::string> kAuditActions = {
    "CREATE", "UPDATE", "DELETE", "LOGIN", "LOGOUT", "DEPLOY", "DESTROY", "SUSPEND", "RESUME",
    "EXECUTE", "CONNECT", "DISCONNECT", "PERMISSION_CHANGE", "TEAM_ADD", "TEAM_REMOVE"};

HttpResponse health(const SystemRouteDeps& deps) {
    using namespace std::chrono;
    nlohmann::json database;
    bool ok = true;
    double latency_ms = 0;
    try {
        latency_ms = static_cast<double>(deps.db.ping().count()) / 1000.0;
        database = {{"status", "ok"}, {"latencyMs", latency_ms}};
    } catch (const std::exception& e) {
        ok = false;
        database = {{"status", "error"}, {"error", e.what()}};
    }
    double uptime = duration<double>(steady_clock::now() - deps.started).count();
    return json_response(ok ? 200 : 503, {{"status", ok ? "ok" : "degraded"},
                                          {"version", SENTINEL_VERSION},
                                          {"uptime", uptime},
                                          {"totalLatencyMs", latency_ms},
                                          {"checks", {{"database", database}}}});
}

HttpResponse version() {
    return json_response(200, {{"sentinel_version", SENTINEL_VERSION},
                               {"plugin_api_version", SNL_API_VERSION_STRING},
                               {"console_api", SENTINEL_VERSION},
                               {"sindri_cli", nullptr},
                               {"cli_target", nullptr},
                               {"cli_commit", nullptr},
                               {"cli_build_date", nullptr},
                               {"min_instance_version", "0.1.0"},
                               {"cli_available", false}});
}

HttpResponse audit(const SystemRouteDeps& deps, const RequestContext& ctx) {
    sdk::ValidationErrors errors;
    AuditQuery q;
    q.page = sdk::parse_page(ctx.request.query, 50, 200, errors);
    for (const auto& [key, value] : ctx.request.query) {
        if (key == "user_id") q.user_id = value;
        else if (key == "team_id") q.team_id = value;
        else if (key == "action") {
            if (!kAuditActions.count(value)) errors.add("action", "must be one of the audit actions (CREATE, UPDATE, DELETE, EXECUTE, ...)");
            q.action = value;
        } else if (key == "resource") {
            if (value.size() > 64) errors.add("resource", "must be at most 64 characters");
            q.resource = value;
        } else if (key == "resource_id") {
            if (value.size() > 128) errors.add("resource_id", "must be at most 128 characters");
            q.resource_id = value;
        } else if (key == "from" || key == "to") {
            auto t = parse_iso8601(value, true);
            if (!t) errors.add(key, "must be an ISO-8601 UTC timestamp ending in Z");
            else (key == "from" ? q.from : q.to) = format_iso8601(*t);
        }
    }
    errors.throw_if_any("Invalid query parameters");
    return json_response(200, deps.audit.query(q));
}

} // namespace

void add_system_routes(RouteTable& routes, SystemRouteDeps deps) {
    auto shared = std::make_shared<SystemRouteDeps>(deps);
    std::vector<Route> list;
    auto add = [&](std::string method, std::string path, Role role, std::string summary, RouteHandler h) {
        list.push_back(host_route(std::move(method), std::move(path), role, std::move(summary), std::move(h)));
    };
    add("GET", "/health", Role::Public, "Service health with database latency",
        [shared](RequestContext&) { return health(*shared); });
    add("GET", "/api/v1/version", Role::Viewer, "Versions of Sentinel and its plugin API",
        [](RequestContext&) { return version(); });
    add("GET", "/api/v1/plugins", Role::Admin, "Loaded and refused plugins",
        [shared](RequestContext&) { return json_response(200, shared->plugins.describe()); });
    add("GET", "/api/v1/audit", Role::Admin, "The audit log of mutating requests",
        [shared](RequestContext& ctx) { return audit(*shared, ctx); });
    routes.add_all(std::move(list));
}

} // namespace sentinel::host
