#include "app/application.hpp"

#include "app/host_schema.hpp"
#include "app/system_routes.hpp"
#include "audit/audit_log.hpp"
#include "auth/api_keys.hpp"
#include "auth/rate_limiter.hpp"
#include "events/event_bus.hpp"
#include "http/dispatcher.hpp"
#include "http/http_server.hpp"
#include "http/route_table.hpp"
#include "http/stream_hub.hpp"
#include "lua/lua_engine.hpp"
#include "monitors/monitors_service.hpp"
#include "plugins/monitor_type_registry.hpp"
#include "plugins/plugin_registry.hpp"
#include "scheduling/clock.hpp"
#include "scheduling/scheduler.hpp"
#include "storage/database.hpp"

#include <spdlog/spdlog.h>

namespace sentinel::host {

struct Application::Parts {
    SystemClock clock;
    std::unique_ptr<Database> db;
    std::unique_ptr<KeyStore> keys;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<RateLimiter> limiter;
    std::unique_ptr<LuaEngine> lua;
    std::unique_ptr<EventBus> events;
    std::unique_ptr<Scheduler> scheduler;
    RouteTable routes;
    std::unique_ptr<StreamHub> streams;
    std::unique_ptr<MonitorTypeRegistry> monitor_types;
    std::unique_ptr<MonitorsService> monitors;
    std::unique_ptr<PluginRegistry> plugins;
    std::unique_ptr<Dispatcher> dispatcher;
    std::unique_ptr<HttpServer> server;
    bool running = false;
};

Application::Application(Settings settings)
    : settings_(std::move(settings)), parts_(std::make_unique<Parts>()) {}

Application::~Application() { stop(); }

void Application::start() {
    auto& p = *parts_;
    const auto& s = settings_;
    auto started = std::chrono::steady_clock::now();

    p.db = Database::open(DatabaseConfig{s.database_url, s.db_pool_size, s.sqlite_synchronous});
    spdlog::info("storage: {} ({} connections)", p.db->dialect_name(), s.db_pool_size);
    apply_migrations(*p.db, "host", host_migrations());

    p.keys = std::make_unique<KeyStore>(*p.db, p.clock);
    p.audit = std::make_unique<AuditLog>(*p.db, p.clock);
    p.limiter = std::make_unique<RateLimiter>(p.clock);
    p.lua = std::make_unique<LuaEngine>(s.scripts_dir,
                                        LuaLimits{s.lua_instruction_limit, s.lua_memory_limit_bytes});
    p.events = std::make_unique<EventBus>(p.clock, s.event_queue_capacity);
    p.events->start();
    p.scheduler = std::make_unique<Scheduler>(p.clock, s.scheduler_workers);
    p.scheduler->start();

    p.monitor_types = std::make_unique<MonitorTypeRegistry>();
    p.streams = std::make_unique<StreamHub>(StreamHubOptions{s.max_streams, s.max_streams_per_client, s.stream_keepalive});
    HostServiceSet services{*p.db, *p.events, *p.lua, *p.limiter, p.clock, *p.monitor_types, *p.streams, s.plans};
    const auto& sections = s.plugin_sections;
    p.plugins = std::make_unique<PluginRegistry>(services, p.routes, *p.scheduler, [&sections](const std::string& name) {
        auto it = sections.find(name);
        return it == sections.end() ? PluginSection{} : it->second;
    });
    add_system_routes(p.routes, SystemRouteDeps{*p.db, *p.audit, *p.plugins, started});
    p.monitors = std::make_unique<MonitorsService>(
        MonitorsDeps{*p.db, *p.events, *p.limiter, p.routes, *p.scheduler, *p.monitor_types,
                     [&clock = p.clock] {
                         return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch()).count();
                     }},
        s);
    p.plugins->load_directory(s.plugins_dir, s.disabled_plugins);

    p.dispatcher = std::make_unique<Dispatcher>(DispatcherOptions{s.cors_origins, s.max_body_bytes, s.max_upload_bytes, s.trust_proxy, s.plans}, p.routes,
                                                *p.keys, *p.limiter, *p.audit);
    p.server = std::make_unique<HttpServer>(
        HttpServerOptions{s.listen_address, s.listen_port, s.http_threads, s.max_body_bytes, s.max_upload_bytes, s.header_timeout,
                          s.body_timeout, s.keepalive_timeout},
        *p.dispatcher, p.streams.get());
    p.server->start();
    p.monitors->start(p.server->port());
    p.running = true;
    spdlog::info("sentineld listening on {}:{} (region {}, {} plugin(s))", s.listen_address, p.server->port(),
                 s.region, p.plugins->loaded_names().size());
}

void Application::stop() {
    auto& p = *parts_;
    if (!p.running && !p.plugins) return;
    p.running = false;
    spdlog::info("shutting down: closing the HTTP listener");
    if (p.monitors) p.monitors->flush_writes(); // answers the pings waiting for their commit
    if (p.server) p.server->stop();
    if (p.monitors) p.monitors->stop_checks();
    if (p.scheduler) p.scheduler->stop();
    if (p.events) p.events->drain();
    if (p.plugins) p.plugins->unload_all(); // fails the checks still in flight
    if (p.monitors) p.monitors->stop_writes(); // ... and writes them
    if (p.events) p.events->stop();
    p.server.reset();
    p.plugins.reset();
    p.streams.reset();
    p.monitors.reset();
    p.scheduler.reset();
    p.events.reset();
    spdlog::info("shutdown complete");
}

std::uint16_t Application::port() const { return parts_->server ? parts_->server->port() : 0; }

} // namespace sentinel::host
