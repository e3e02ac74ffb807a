#include "monitors/monitors_service.hpp"

#include "events/event_bus.hpp"
#include "http/route_table.hpp"
#include "monitors/check_runner.hpp"
#include "monitors/monitor_routes.hpp"
#include "monitors/monitor_schema.hpp"
#include "monitors/monitor_store.hpp"
#include "monitors/monitor_writer.hpp"
#include "monitors/ping_token_cache.hpp"
#include "monitors/rollup.hpp"
#include "scheduling/scheduler.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

#include <spdlog/spdlog.h>

#include <atomic>

namespace sentinel::host {

struct MonitorsService::Parts {
    std::unique_ptr<MonitorStore> store;
    std::unique_ptr<MonitorWriter> writer;
    std::unique_ptr<CheckRunner> runner;
    std::atomic<std::uint16_t> listen_port{0};
};

std::string ping_base_url(const Settings& settings, std::uint16_t port) {
    if (!settings.monitors.public_url.empty()) return settings.monitors.public_url;
    std::string host = settings.listen_address;
    if (host == "0.0.0.0" || host == "::") host = "127.0.0.1";
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    return "http://" + host + ":" + std::to_string(port);
}

MonitorsService::MonitorsService(MonitorsDeps deps, const Settings& settings) : parts_(std::make_unique<Parts>()) {
    apply_migrations(deps.db, "monitors", monitor_migrations());
    auto& p = *parts_;
    p.store = std::make_unique<MonitorStore>(deps.db);
    p.writer = std::make_unique<MonitorWriter>(deps.db, deps.types, deps.events, deps.now_ms);
    CheckRunnerOptions options;
    options.region = settings.region;
    options.check_timeout_ms = settings.monitors.check_timeout_ms;
    options.max_in_flight = settings.monitors.max_checks_in_flight;
    p.runner = std::make_unique<CheckRunner>(options, *p.store, *p.writer, deps.types, deps.now_ms);

    auto route_deps = std::make_shared<MonitorRouteDeps>(MonitorRouteDeps{
        *p.store, *p.writer, deps.types, *p.runner, deps.events, deps.limiter, deps.now_ms, settings.region,
        // The actual port is known only once the server listens (it may be 0 = any).
        [settings, port = &p.listen_port]() { return ping_base_url(settings, port->load()); },
        settings.monitors.failure_threshold, settings.monitors.ping_rate_limit_per_minute,
        std::make_shared<PingTokenCache>()});
    deps.routes.add_all(monitor_routes(route_deps));
    deps.routes.add_all(ping_routes(route_deps));

    const std::int64_t raw_ms = std::int64_t{settings.monitors.raw_retention_hours} * 3600000;
    const std::int64_t minute_ms = std::int64_t{settings.monitors.minute_retention_days} * 86400000;
    JobSpec rollup;
    rollup.owner = "host";
    rollup.name = "monitors.rollup";
    rollup.interval = std::chrono::minutes(10);
    rollup.initial_delay = std::chrono::minutes(1);
    rollup.run = [&db = deps.db, now = deps.now_ms, raw_ms, minute_ms](const JobRunInfo&) {
        auto r = roll_up(db, now(), raw_ms, minute_ms);
        if (r.raw_rolled || r.minutes_rolled)
            spdlog::info("monitors: rolled up {} raw results and {} minute aggregates", r.raw_rolled, r.minutes_rolled);
    };
    deps.scheduler.add(std::move(rollup));
}

MonitorsService::~MonitorsService() {
    stop_checks();
    stop_writes();
}

void MonitorsService::start(std::uint16_t listen_port) {
    parts_->listen_port = listen_port;
    parts_->runner->start();
}
void MonitorsService::stop_checks() { parts_->runner->stop(); }
void MonitorsService::flush_writes() { parts_->writer->flush(); }
void MonitorsService::stop_writes() { parts_->writer->stop(); }

MonitorStore& MonitorsService::store() { return *parts_->store; }
MonitorWriter& MonitorsService::writer() { return *parts_->writer; }
CheckRunner& MonitorsService::runner() { return *parts_->runner; }

} // namespace sentinel::host
