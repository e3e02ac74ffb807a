// The request pipeline every request goes through, whoever serves it:
// request id -> CORS -> route match (404/405) -> authentication (401) -> role (403) ->
// rate limit (429) -> body checks (413/400) -> handler (500 on exception) -> audit.
#pragma once

#include "auth/plans.hpp"
#include "http/http_types.hpp"

#include <sentinel/sdk/host_services.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::host {

class RouteTable;
class KeyStore;
class RateLimiter;
class AuditLog;
struct Route;
struct RequestContext;

struct DispatcherOptions {
    std::vector<std::string> cors_origins; // "*" allows every origin; empty: no CORS headers
    std::size_t max_body_bytes = 1 << 20;     // routes that declare no limit of their own
    std::size_t max_upload_bytes = 128 << 20; // cap on the limit a route declares (uploads)
    bool trust_proxy = false; // client address from X-Forwarded-For (first entry) or X-Real-IP
    PlanTable plans = default_plans();
};

class Dispatcher {
public:
    Dispatcher(DispatcherOptions options, RouteTable& routes, KeyStore& keys, RateLimiter& limiter,
               AuditLog& audit);

    // `raw_path` is the request target's path, still percent-encoded.
    HttpResponse handle(HttpRequest& request, std::string_view raw_path);
    // The largest body the route for this request accepts (the server default when none matches).
    std::size_t body_limit_for(std::string_view method, std::string_view raw_path) const;
    std::size_t body_limit(const Route& route) const;

private:
    HttpResponse route(HttpRequest& request, std::string_view raw_path, const std::string& request_id);
    // The rate decision for this request (route limit and plan quotas), nullopt when unlimited.
    std::optional<sdk::RateDecision> rate_decision(const Route& route, const RequestContext& ctx);
    bool origin_allowed(const std::string& origin) const;
    void add_cors(const std::optional<std::string>& origin, HttpResponse& response) const;

    DispatcherOptions options_;
    RouteTable& routes_;
    KeyStore& keys_;
    RateLimiter& limiter_;
    AuditLog& audit_;
};

} // namespace sentinel::host
