#include "kestra_plugin.hpp"

#include <sentinel/sdk/time.hpp>
#include "query_params.hpp"
#include "status_document.hpp"
#include "webhook_input.hpp"

#include <exception>
#include <string>

namespace sentinel::kestra {
namespace {

constexpr const char* kChannel = "status";
constexpr unsigned kStreamRetryMs = 3000;
constexpr std::int64_t kDayMs = 86400000;
constexpr std::uint64_t kPruneIntervalMs = 3600000;
constexpr std::uint64_t kPruneFirstDelayMs = 60000;

sdk::Response success() { return sdk::Response::json({{"success", true}}); }

} // namespace

KestraPlugin::KestraPlugin(sdk::HostServices& host)
    : host_(host), settings_(Settings::load(host.config)), store_(host.db) {
    if (settings_.webhook_secret.empty())
        host_.log.warn("webhook_secret is not set: POST /api/kestra-webhook accepts reports from anyone; set "
                       "webhook_secret and send it as X-Webhook-Secret");
}

std::vector<sdk::Migration> KestraPlugin::migrations() { return StatusStore::migrations(); }

void KestraPlugin::routes(sdk::RouteTable& routes) {
    const sdk::Role reader = settings_.require_api_key ? sdk::Role::Viewer : sdk::Role::Public;
    auto options = [](const char* summary, bool audit = true) {
        sdk::RouteOptions o;
        o.summary = summary;
        o.audit = audit;
        o.plan_quota = true;
        return o;
    };
    routes.get("/api/status", reader, [this](const sdk::Request& r) { return get_status(r); },
               options("Current status of every service, the last AI analysis and lastUpdated"));
    routes.get("/api/status/stream", reader, [this](const sdk::Request& r) { return get_status_stream(r); },
               options("Server-Sent Events: the status document now and on every change"));
    routes.get("/api/activity", reader, [this](const sdk::Request& r) { return get_activity(r); },
               options("Recent activity events and alerts, newest first"));
    routes.get("/api/insights", reader, [this](const sdk::Request& r) { return get_insights(r); },
               options("AI analyses from Kestra executions, newest first"));
    routes.post("/api/kestra-webhook", sdk::Role::Public, [this](const sdk::Request& r) { return post_webhook(r); },
                options("Receives a Kestra workflow's AI report and service metrics", false));
}

void KestraPlugin::jobs(sdk::JobTable& jobs) {
    jobs.add("prune", kPruneIntervalMs, [this](const sdk::JobRun& run) { prune(run.started_at_ms); },
             kPruneFirstDelayMs);
}

void KestraPlugin::subscriptions(sdk::SubscriptionTable& subscriptions) {
    subscriptions.on("monitor.status_changed", [this](const sdk::Event& e) { on_monitor_status_changed(e); });
    subscriptions.on("monitor.deleted", [this](const sdk::Event& e) { on_monitor_deleted(e); });
}

nlohmann::json KestraPlugin::current_document() { return status_document(store_.snapshot(), settings_.monitors); }

sdk::Response KestraPlugin::get_status(const sdk::Request&) { return sdk::Response::json(current_document()); }

sdk::Response KestraPlugin::get_status_stream(const sdk::Request&) {
    const std::string document = current_document().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return sdk::Response::event_stream(kChannel, sdk::sse_retry(kStreamRetryMs) + sdk::sse_event("status", document));
}

sdk::Response KestraPlugin::get_activity(const sdk::Request& request) {
    const ListWindow window = parse_window(request, 50, 100);
    ActivityFilter filter;
    filter.limit = window.limit;
    filter.offset = window.offset;
    filter.type = parse_choice(request, "type", {"alert", "info", "warning"});
    filter.severity = parse_choice(request, "severity", {"critical", "warning", "info"});
    filter.service = request.query_value("service");
    if (filter.service && !valid_service_name(*filter.service))
        throw sdk::HttpError(400, "Query parameter 'service' must be a service name: 1 to 64 characters of letters, "
                                  "digits, '_', '.' or '-'");
    return sdk::Response::json(activity_document(store_.activity(filter)));
}

sdk::Response KestraPlugin::get_insights(const sdk::Request& request) {
    const ListWindow window = parse_window(request, 20, 100);
    return sdk::Response::json(insights_document(store_.insights(window.limit, window.offset)));
}

sdk::Response KestraPlugin::post_webhook(const sdk::Request& request) {
    if (!settings_.webhook_secret.empty()) {
        auto presented = request.header("x-webhook-secret");
        if (!presented || !secrets_equal(*presented, settings_.webhook_secret))
            return sdk::Response::error(401, "Missing or invalid X-Webhook-Secret header");
    }
    const std::int64_t now = host_.clock.now_ms();
    WebhookInput input = parse_webhook(request.body, request.header("x-kestra-execution-id"), now);

    Report report;
    report.execution_id = input.execution_id;
    report.analysis = input.ai_report;
    report.metrics = std::move(input.metrics);
    std::vector<ServiceReading> readings;
    for (const auto& m : input.services) {
        readings.push_back({m.name, m.status, m.code});
        report.observations.push_back({m.name, m.status, m.code, "kestra", settings_.monitors.monitor_of(m.name)});
    }
    report.summary = summarize(readings, input.ai_report);

    ReportOutcome outcome = store_.record_report(report, now);
    if (outcome.duplicate) {
        host_.log.info("webhook: execution " + report.execution_id + " was already stored; redelivery ignored");
        return success();
    }
    announce(outcome.changes);
    return success();
}

void KestraPlugin::on_monitor_status_changed(const sdk::Event& event) {
    const auto& p = event.payload;
    if (!p.is_object() || !p.contains("monitor_id") || !p["monitor_id"].is_number_integer()) return;
    auto service = settings_.monitors.service_of(p["monitor_id"].get<std::int64_t>());
    if (!service) return;
    const std::string to = p.contains("to") && p["to"].is_string() ? p["to"].get<std::string>() : "";
    auto status = status_for_monitor(to);
    if (!status) {
        host_.log.warn("monitor.status_changed for service " + *service + ": unknown status '" + to + "' ignored");
        return;
    }
    std::int64_t code = 0;
    if (p.contains("status_code") && p["status_code"].is_number_integer()) {
        const auto c = p["status_code"].get<std::int64_t>();
        if (c >= 0 && c <= kMaxCode) code = c;
    }
    Observation o{*service, *status, code, "monitor", settings_.monitors.monitor_of(*service)};
    announce(store_.record_observation(o, host_.clock.now_ms()));
}

void KestraPlugin::on_monitor_deleted(const sdk::Event& event) {
    const auto& p = event.payload;
    if (!p.is_object() || !p.contains("monitor_id") || !p["monitor_id"].is_number_integer()) return;
    const auto monitor_id = p["monitor_id"].get<std::int64_t>();
    auto service = settings_.monitors.service_of(monitor_id);
    if (!service) return;
    host_.log.warn("monitor " + std::to_string(monitor_id) + " bound to service " + *service +
                   " was deleted; the service is unknown until it is observed again");
    Observation o{*service, Status::Unknown, 0, "monitor", monitor_id, true};
    announce(store_.record_observation(o, host_.clock.now_ms()));
}

void KestraPlugin::announce(const std::vector<Change>& changes) {
    for (const auto& c : changes) {
        try {
            host_.events.publish("status.service_changed",
                                 {{"service", c.service},
                                  {"from", c.from ? nlohmann::json(status_name(*c.from)) : nlohmann::json(nullptr)},
                                  {"to", status_name(c.to)},
                                  {"code", c.code},
                                  {"source", c.source},
                                  {"at", sdk::iso_utc(c.at_ms)}});
        } catch (const std::exception& e) {
            host_.log.warn(std::string("could not publish status.service_changed for ") + c.service + ": " + e.what());
        }
    }
    try {
        const std::string document =
            current_document().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        host_.streams.publish(kChannel, sdk::sse_event("status", document));
    } catch (const std::exception& e) {
        host_.log.warn(std::string("could not push the status to stream subscribers: ") + e.what());
    }
}

std::int64_t KestraPlugin::retention_days() {
    if (settings_.retention_days) return *settings_.retention_days;
    try {
        const auto days = host_.plans.limits(settings_.plan).retention_days;
        if (days > 0) return days;
        host_.log.warn("plan '" + settings_.plan + "' has no retention_days; using the spec's " +
                       std::to_string(default_retention_days(settings_.plan)) + " days");
    } catch (const std::exception& e) {
        host_.log.warn("could not read the limits of plan '" + settings_.plan + "' (" + e.what() +
                       "); using the spec's " + std::to_string(default_retention_days(settings_.plan)) + " days");
    }
    return default_retention_days(settings_.plan);
}

std::int64_t KestraPlugin::prune(std::int64_t now_ms) {
    const std::int64_t days = retention_days();
    const PruneCounts counts = store_.prune(now_ms - days * kDayMs);
    const std::int64_t total = counts.activity + counts.insights;
    const std::string line = "retention (" + std::to_string(days) + " days): pruned " +
                             std::to_string(counts.activity) + " activity events and " +
                             std::to_string(counts.insights) + " insights";
    if (total > 0)
        host_.log.info(line);
    else
        host_.log.debug(line);
    return total;
}

} // namespace sentinel::kestra
