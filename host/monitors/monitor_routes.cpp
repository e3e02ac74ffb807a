#include "monitors/monitor_routes.hpp"

#include "auth/rate_limiter.hpp"
#include "common/random_token.hpp"
#include "events/event_bus.hpp"
#include "monitors/check_runner.hpp"
#include "monitors/monitor_input.hpp"
#include "monitors/monitor_store.hpp"
#include "monitors/monitor_writer.hpp"

#include <sentinel/sdk/pagination.hpp>

#include <algorithm>
#include <charconv>
#include <future>
#include <set>

namespace sentinel::host {
namespace {

using sdk::HttpError;
using sdk::MonitorKind;
using sdk::ValidationErrors;
using Deps = MonitorRouteDeps;

MonitorScope scope_of(const Principal& p) {
    MonitorScope s;
    s.all_teams = p.role == Role::Admin;
    if (!p.team_id.empty()) s.team_id = p.team_id;
    return s;
}

std::int64_t path_id(const RequestContext& ctx) {
    for (const auto& [k, v] : ctx.path_params) {
        if (k != "id") continue;
        std::int64_t id = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
        if (ec == std::errc() && end == v.data() + v.size() && id > 0) return id;
    }
    throw HttpError(404, "Monitor not found");
}

MonitorRecord load(Deps& d, const RequestContext& ctx) {
    auto m = d.store.get(path_id(ctx), scope_of(ctx.principal));
    if (!m) throw HttpError(404, "Monitor not found");
    return *m;
}

nlohmann::json body_object(const RequestContext& ctx) {
    auto parsed = nlohmann::json::parse(ctx.request.body, nullptr, false);
    if (parsed.is_discarded()) throw HttpError(400, "Request body must be valid JSON");
    if (!parsed.is_object()) throw HttpError(400, "Request body must be a JSON object");
    return parsed;
}

// 422 with the errors per field, in both the Laravel-style "errors" map existing clients of
// this API read and the "details" shape of the rest of Sentinel.
[[noreturn]] void reject(const ValidationErrors& errors, const std::string& message = "The given data was invalid.") {
    auto details = errors.details();
    nlohmann::json by_field = details["fieldErrors"];
    if (!details["formErrors"].empty()) by_field["_"] = details["formErrors"];
    throw HttpError(422, message, {{"errors", by_field}, {"details", details}});
}

void publish(Deps& d, const std::string& topic, const MonitorRecord& m) {
    d.events.publish(topic, "host",
                     nlohmann::json{{"monitor_id", m.id},
                                    {"monitor_type", m.monitor_type},
                                    {"team_id", m.team_id ? nlohmann::json(*m.team_id) : nlohmann::json()}}
                         .dump());
}

nlohmann::json full_json(Deps& d, const MonitorRecord& m) {
    auto j = monitor_to_json(m, d.ping_base());
    j["incidents"] = d.store.incidents(m.id, 10, 0);
    j["response_times"] = d.store.recent_results(m.id, 50);
    return j;
}

// Sets heartbeat_expected_at of a push monitor from its last ping (or from now).
void compute_expected(Deps& d, MonitorRecord& m, std::int64_t now) {
    if (!m.is_push()) return;
    std::int64_t after = m.last_heartbeat_at.value_or(now);
    try {
        m.heartbeat_expected_at = d.types.next_expected(m.monitor_type, monitor_for_plugin(m), after);
    } catch (const MonitorTypeUnavailable& e) {
        throw HttpError(503, e.what());
    }
}

HttpResponse list(Deps& d, RequestContext& ctx) {
    ValidationErrors errors;
    MonitorListQuery q;
    auto page = sdk::parse_page(ctx.request.query, 20, 100, errors);
    q.page = page.page;
    q.per_page = page.limit;
    static const std::set<std::string> kStatuses = {"online", "offline", "degraded", "pending"};
    static const std::set<std::string> kSorts = {"url", "status", "check_interval", "last_checked_at", "created_at"};
    for (const auto& [key, value] : ctx.request.query) {
        if (key == "search") {
            if (value.size() > 255) errors.add("search", "must be at most 255 characters");
            else if (!value.empty()) q.search = value;
        } else if (key == "status") {
            if (!kStatuses.count(value)) errors.add("status", "must be one of online, offline, degraded, pending");
            else q.status = value;
        } else if (key == "type") {
            // Any type name: monitors of a type whose plugin is not loaded are still listed.
            bool ok = !value.empty() && value.size() <= 32 &&
                      value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos;
            if (!ok) errors.add("type", "must be a monitor type name such as http, ping, port, heartbeat or cron");
            else q.type = value;
        } else if (key == "interval") {
            double v = 0;
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
            if (ec != std::errc() || end != value.data() + value.size() || v < 0.5 || v > 60)
                errors.add("interval", "must be a number of minutes from 0.5 to 60");
            else q.interval = v;
        } else if (key == "sort") {
            if (!kSorts.count(value)) errors.add("sort", "must be one of url, status, check_interval, last_checked_at, created_at");
            else q.sort = value;
        } else if (key == "direction") {
            if (value != "asc" && value != "desc") errors.add("direction", "must be asc or desc");
            else q.descending = value == "desc";
        }
    }
    if (!errors.empty()) reject(errors, "Invalid query parameters");
    auto [rows, total] = d.store.list(q, scope_of(ctx.principal));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& m : rows) items.push_back(monitor_to_json(m, d.ping_base()));
    auto body = sdk::paginated(std::move(items), page, total);
    body["pagination"]["per_page"] = page.limit;
    return json_response(200, body);
}

// The request body validated (over `existing` for an update); 422 with every problem.
MonitorInputOutcome validated_input(Deps& d, const RequestContext& ctx, const std::optional<MonitorRecord>& existing) {
    auto body = body_object(ctx);
    MonitorInputOutcome in;
    try {
        in = read_monitor_input(body, existing, d.types, d.default_failure_threshold);
    } catch (const MonitorTypeUnavailable& e) {
        throw HttpError(503, e.what());
    }
    if (!in.errors.empty()) reject(in.errors);
    return in;
}

// Reads back what was written, publishes it and answers with it.
HttpResponse saved(Deps& d, RequestContext& ctx, std::int64_t id, const char* topic, const char* action, int status) {
    auto stored = d.store.get(id, MonitorScope{true, std::nullopt});
    if (!stored) throw HttpError(404, "Monitor not found");
    publish(d, topic, *stored);
    ctx.audit = {action, "monitor", std::to_string(id)};
    return json_response(status, full_json(d, *stored));
}

HttpResponse create(Deps& d, RequestContext& ctx) {
    auto in = validated_input(d, ctx, std::nullopt);
    MonitorRecord m = std::move(in.monitor);
    if (!ctx.principal.team_id.empty()) m.team_id = ctx.principal.team_id;
    const auto now = d.now_ms();
    if (in.type.kind == MonitorKind::Push) {
        m.ping_token = random_hex(20); // 160 bits
        compute_expected(d, m, now);
    }
    return saved(d, ctx, d.store.insert(m, now), "monitor.created", "CREATE", 201);
}

HttpResponse update(Deps& d, RequestContext& ctx) {
    auto existing = load(d, ctx);
    auto in = validated_input(d, ctx, existing);
    MonitorRecord m = std::move(in.monitor);
    const auto now = d.now_ms();
    const bool schedule_changed =
        m.check_interval != existing.check_interval || m.monitored_regions != existing.monitored_regions;
    if (m.is_push() && (m.heartbeat_interval != existing.heartbeat_interval ||
                        m.heartbeat_cron_expression != existing.heartbeat_cron_expression ||
                        m.heartbeat_timezone != existing.heartbeat_timezone))
        compute_expected(d, m, now);
    d.store.update(m, now, schedule_changed);
    return saved(d, ctx, m.id, "monitor.updated", "UPDATE", 200);
}

HttpResponse remove(Deps& d, RequestContext& ctx) {
    auto m = load(d, ctx);
    if (!d.store.remove(m.id)) throw HttpError(404, "Monitor not found");
    publish(d, "monitor.deleted", m);
    ctx.audit = {"DELETE", "monitor", std::to_string(m.id)};
    HttpResponse r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

HttpResponse pause_or_resume(Deps& d, RequestContext& ctx, bool pause) {
    auto m = load(d, ctx);
    const auto now = d.now_ms();
    d.store.set_paused(m.id, pause, now);
    if (!pause && m.is_push()) {
        // Resuming restarts the clock: the next ping is due from now, not from before the pause.
        m.last_heartbeat_at.reset();
        compute_expected(d, m, now);
        d.store.set_expected(m.id, m.heartbeat_expected_at);
    }
    publish(d, pause ? "monitor.paused" : "monitor.resumed", m);
    ctx.audit = {pause ? "SUSPEND" : "RESUME", "monitor", std::to_string(m.id)};
    return json_response(200, {{"success", true},
                               {"message", pause ? "Monitor paused" : "Monitor resumed"},
                               {"monitor", {{"id", m.id}, {"is_paused", pause}}}});
}

HttpResponse check_now(Deps& d, RequestContext& ctx) {
    auto m = load(d, ctx);
    auto type = d.types.find(m.monitor_type);
    if (!type) throw HttpError(503, "Monitor type '" + m.monitor_type + "' is not available (its plugin is not loaded)");
    if (type->kind == MonitorKind::Push)
        throw HttpError(409, "Heartbeat and cron monitors are push-based and have no outbound check to trigger");
    auto budget = d.runner.timeout_for(m.check_interval.value_or(1.0));
    auto input = monitor_for_plugin(m);
    input["timeout_ms"] = budget;
    input["region"] = d.region;
    auto promise = std::make_shared<std::promise<nlohmann::json>>();
    auto future = promise->get_future();
    d.types.start_check(m.monitor_type, input, std::chrono::milliseconds(budget + 2000),
                        [promise](nlohmann::json result) { promise->set_value(std::move(result)); });
    if (future.wait_for(std::chrono::milliseconds(budget + 3000)) != std::future_status::ready)
        throw HttpError(504, "The check did not complete in time");
    auto result = future.get();
    d.writer.record_check(m.id, d.region, d.now_ms(), result, m.updated_at);
    ctx.audit = {"EXECUTE", "monitor", std::to_string(m.id)};
    auto value_or_null = [&](const char* key) { return result.contains(key) ? result[key] : nlohmann::json(); };
    return json_response(200, {{"uptime",
                                {{"is_up", result.value("is_up", false)},
                                 {"degraded", result.value("degraded", false)},
                                 {"response_time", value_or_null("response_time")},
                                 {"status_code", value_or_null("status_code")},
                                 {"message", value_or_null("message")},
                                 {"checked_from_region", d.region}}}});
}

HttpResponse incidents(Deps& d, RequestContext& ctx) {
    auto m = load(d, ctx);
    ValidationErrors errors;
    auto page = sdk::parse_page(ctx.request.query, 20, 100, errors);
    if (!errors.empty()) reject(errors, "Invalid query parameters");
    return json_response(200, sdk::paginated(d.store.incidents(m.id, page.limit, page.offset()), page,
                                             d.store.incident_count(m.id)));
}

HttpResponse history(Deps& d, RequestContext& ctx) {
    auto m = load(d, ctx);
    ValidationErrors errors;
    const auto now = d.now_ms();
    std::int64_t to = now, span = 24 * 3600 * 1000LL;
    std::string resolution;
    for (const auto& [key, value] : ctx.request.query) {
        if (key == "period") {
            static const std::map<std::string, std::int64_t> kPeriods = {
                {"1h", 3600000LL}, {"24h", 86400000LL}, {"7d", 7 * 86400000LL}, {"30d", 30 * 86400000LL},
                {"90d", 90 * 86400000LL}, {"365d", 365 * 86400000LL}};
            auto it = kPeriods.find(value);
            if (it == kPeriods.end()) errors.add("period", "must be one of 1h, 24h, 7d, 30d, 90d, 365d");
            else span = it->second;
        } else if (key == "resolution") {
            if (value != "minute" && value != "hour") errors.add("resolution", "must be minute or hour");
            else resolution = value;
        }
    }
    if (!errors.empty()) reject(errors, "Invalid query parameters");
    if (resolution.empty()) resolution = span <= 86400000LL ? "minute" : "hour";
    return json_response(200, {{"monitor_id", m.id},
                               {"period_start", iso_time(to - span)},
                               {"period_end", iso_time(to)},
                               {"resolution", resolution},
                               {"data", d.store.history(m.id, to - span, to, resolution)}});
}

HttpResponse types(Deps& d) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : d.types.list())
        out.push_back({{"name", t.name},
                       {"kind", t.kind == MonitorKind::Pull ? "pull" : "push"},
                       {"check_types", t.check_types},
                       {"plugin", t.owner},
                       {"summary", t.summary}});
    return json_response(200, {{"data", out}});
}

HttpResponse scheduler_stats(Deps& d) {
    auto s = d.runner.stats();
    auto w = d.writer.stats();
    auto lag = s.recent_lag_ms;
    std::sort(lag.begin(), lag.end());
    auto pct = [&](double p) -> nlohmann::json {
        if (lag.empty()) return nullptr;
        return lag[std::min(lag.size() - 1, static_cast<std::size_t>(p * static_cast<double>(lag.size())))];
    };
    return json_response(200, {{"region", d.region},
                               {"checks_started", s.started},
                               {"checks_completed", s.completed},
                               {"checks_in_flight", s.in_flight},
                               {"schedule_lag_ms", {{"samples", lag.size()}, {"p50", pct(0.5)}, {"p99", pct(0.99)},
                                                    {"max", lag.empty() ? nlohmann::json() : nlohmann::json(lag.back())}}},
                               {"writer", {{"batches", w.batches}, {"operations", w.operations}, {"failed", w.failed}}}});
}

} // namespace

std::vector<Route> monitor_routes(std::shared_ptr<MonitorRouteDeps> deps) {
    auto& d = deps;
    std::vector<Route> r;
    r.push_back(host_route("GET", "/api/monitors", Role::Viewer, "List monitors (filters, sort, pages)",
                     [d](RequestContext& c) { return list(*d, c); }));
    r.push_back(host_route("POST", "/api/monitors", Role::Developer, "Create a monitor",
                     [d](RequestContext& c) { return create(*d, c); }));
    r.push_back(host_route("GET", "/api/monitors/:id", Role::Viewer, "A monitor with recent incidents and response times",
                     [d](RequestContext& c) { return json_response(200, full_json(*d, load(*d, c))); }));
    r.push_back(host_route("PUT", "/api/monitors/:id", Role::Developer, "Update a monitor (its type is locked)",
                     [d](RequestContext& c) { return update(*d, c); }));
    r.push_back(host_route("DELETE", "/api/monitors/:id", Role::Developer, "Delete a monitor and its history",
                     [d](RequestContext& c) { return remove(*d, c); }));
    r.push_back(host_route("POST", "/api/monitors/:id/check", Role::Developer, "Run a pull monitor's check now",
                     [d](RequestContext& c) { return check_now(*d, c); }));
    r.push_back(host_route("POST", "/api/monitors/:id/pause", Role::Developer, "Pause a monitor",
                     [d](RequestContext& c) { return pause_or_resume(*d, c, true); }));
    r.push_back(host_route("POST", "/api/monitors/:id/resume", Role::Developer, "Resume a paused monitor",
                     [d](RequestContext& c) { return pause_or_resume(*d, c, false); }));
    r.push_back(host_route("GET", "/api/monitors/:id/incidents", Role::Viewer, "A monitor's incidents, newest first",
                     [d](RequestContext& c) { return incidents(*d, c); }));
    r.push_back(host_route("GET", "/api/monitors/:id/response-times", Role::Viewer,
                     "Response-time and uptime history (period, resolution)",
                     [d](RequestContext& c) { return history(*d, c); }));
    r.push_back(host_route("GET", "/api/v1/monitors/scheduler", Role::Admin,
                     "Check runner and writer figures: checks started/completed, schedule lag",
                     [d](RequestContext&) { return scheduler_stats(*d); }));
    r.push_back(host_route("GET", "/api/monitor-types", Role::Viewer, "Monitor types the loaded plugins provide",
                     [d](RequestContext&) { return types(*d); }));
    return r;
}

} // namespace sentinel::host
