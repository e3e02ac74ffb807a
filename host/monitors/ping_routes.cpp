// The public ingest URLs of push monitors, as Healthchecks users know them:
//   /ping/{token}            success (GET, POST or HEAD); ?status=fail reports a failure
//   /ping/{token}/start      the job started (its run time is measured to the next ping)
//   /ping/{token}/fail       failure
//   /ping/{token}/{code}     exit status: 0 is success, 1-255 failure
#include "auth/rate_limiter.hpp"
#include "monitors/monitor_routes.hpp"
#include "monitors/monitor_store.hpp"
#include "monitors/monitor_writer.hpp"
#include "monitors/ping_token_cache.hpp"

#include <charconv>

namespace sentinel::host {
namespace {

using sdk::HttpError;

std::string param(const RequestContext& ctx, std::string_view name) {
    for (const auto& [k, v] : ctx.path_params)
        if (k == name) return v;
    return {};
}

HttpResponse ping(MonitorRouteDeps& d, RequestContext& ctx, PingKind kind, std::string cause) {
    const std::string token = param(ctx, "token");
    // Throttle per token before touching the database (an unknown token counts too).
    auto rate = d.limiter.hit("ping", token, d.ping_rate_limit_per_minute, 60);
    if (!rate.allowed) {
        auto r = error_response(429, "Too many pings for this monitor: at most " +
                                         std::to_string(rate.limit) + " per minute. Retry in " +
                                         std::to_string(rate.retry_after_s) + " seconds.",
                                {{"retryAfter", rate.retry_after_s}});
        r.set_header("Retry-After", std::to_string(rate.retry_after_s));
        return r;
    }
    if (token.size() < 16 || token.size() > 128) throw HttpError(404, "No monitor has this ping URL");
    for (const auto& [k, v] : ctx.request.query)
        if (k == "status" && v == "fail" && kind == PingKind::Success) {
            kind = PingKind::Fail;
            cause = "failure reported by ping (?status=fail)";
        }
    std::optional<std::int64_t> monitor_id = d.tokens->find(token);
    if (!monitor_id) {
        auto monitor = d.store.by_token(token);
        if (!monitor) throw HttpError(404, "No monitor has this ping URL");
        d.tokens->remember(token, monitor->id);
        monitor_id = monitor->id;
    }
    // The writer checks again inside its transaction: paused monitors ignore the ping there.

    // Answered only once the ping is committed: the writer batches pings from every connection
    // into one transaction, and the HTTP thread serves other requests meanwhile.
    HttpResponse deferred;
    deferred.deferred = std::make_shared<DeferredResponse>();
    d.writer.record_ping(*monitor_id, kind, d.now_ms(), std::move(cause), d.region,
                         [out = deferred.deferred, tokens = d.tokens, token](const PingAck* ack, const std::string& error) {
                             if (!ack) {
                                 out->complete(error_response(503, "The ping could not be stored (" + error + "); retry"));
                             } else if (!ack->found) {
                                 tokens->forget(token); // the monitor was deleted
                                 out->complete(error_response(404, "No monitor has this ping URL"));
                             } else if (ack->ignored) {
                                 out->complete(json_response(200, {{"ok", true}, {"ignored", true},
                                                                   {"message", "Monitor is paused; ping ignored"}}));
                             } else {
                                 out->complete(json_response(200, {{"ok", true}, {"status", ack->status}}));
                             }
                         });
    return deferred;
}

HttpResponse exit_code(MonitorRouteDeps& d, RequestContext& ctx) {
    const std::string text = param(ctx, "code");
    int code = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
    if (ec != std::errc() || end != text.data() + text.size() || code < 0 || code > 255)
        throw HttpError(404, "Unknown ping URL: use /ping/{token}, /start, /fail or an exit status 0-255");
    if (code == 0) return ping(d, ctx, PingKind::Success, "");
    return ping(d, ctx, PingKind::Fail, "job exited with status " + std::to_string(code));
}

Route make(std::string method, std::string path, RouteHandler h) {
    // Public (the token is the credential) and not audited: high-volume ingest whose results are
    // the record.
    return host_route(std::move(method), std::move(path), Role::Public,
                      "Heartbeat/cron ping (public; the token is the credential)", std::move(h), false);
}

} // namespace

std::vector<Route> ping_routes(std::shared_ptr<MonitorRouteDeps> deps) {
    std::vector<Route> routes;
    for (const char* method : {"GET", "POST"}) {
        routes.push_back(make(method, "/ping/:token", [deps](RequestContext& c) {
            return ping(*deps, c, PingKind::Success, "");
        }));
        routes.push_back(make(method, "/ping/:token/start", [deps](RequestContext& c) {
            return ping(*deps, c, PingKind::Start, "");
        }));
        routes.push_back(make(method, "/ping/:token/fail", [deps](RequestContext& c) {
            return ping(*deps, c, PingKind::Fail, "failure reported by ping (/fail)");
        }));
        routes.push_back(make(method, "/ping/:token/:code", [deps](RequestContext& c) { return exit_code(*deps, c); }));
    }
    return routes;
}

} // namespace sentinel::host
