#include "http/dispatcher.hpp"

#include "audit/audit_log.hpp"
#include "auth/api_keys.hpp"
#include "auth/rate_limiter.hpp"
#include "common/random_token.hpp"
#include "common/utf8.hpp"
#include "http/route_table.hpp"
#include "logging/request_scope.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace sentinel::host {
namespace {

constexpr const char* kAllowHeaders = "Authorization, Content-Type, X-Api-Key, X-Instance-ID, X-Request-Id";
constexpr const char* kExposeHeaders =
    "X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After";

bool valid_request_id(const std::string& id) {
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out += sep;
        out += p;
    }
    return out;
}

// The API key a request carries: "Authorization: Bearer <key>" first, then "X-Api-Key".
std::string credentials_of(const HttpRequest& request) {
    if (auto auth = request.header("authorization")) {
        constexpr std::string_view bearer = "bearer ";
        if (auth->size() > bearer.size() &&
            std::equal(bearer.begin(), bearer.end(), auth->begin(),
                       [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
            auto key = auth->substr(bearer.size());
            key.erase(0, key.find_first_not_of(' '));
            return key;
        }
    }
    if (auto key = request.header("x-api-key")) return *key;
    return {};
}

// The client a trusted reverse proxy reports: the first X-Forwarded-For entry, else X-Real-IP.
std::optional<std::string> forwarded_client(const HttpRequest& request) {
    auto trim = [](std::string s) {
        s.erase(0, s.find_first_not_of(" \t"));
        s.erase(s.find_last_not_of(" \t") + 1);
        return s;
    };
    if (auto xff = request.header("x-forwarded-for")) {
        auto first = trim(xff->substr(0, xff->find(',')));
        if (!first.empty() && first.size() <= 64) return first;
    }
    if (auto real = request.header("x-real-ip")) {
        auto ip = trim(*real);
        if (!ip.empty() && ip.size() <= 64) return ip;
    }
    return std::nullopt;
}

HttpResponse with_rate_limit_headers(const std::optional<sdk::RateDecision>& rate, HttpResponse r) {
    if (rate) {
        r.set_header("X-RateLimit-Limit", std::to_string(rate->limit));
        r.set_header("X-RateLimit-Remaining", std::to_string(rate->remaining));
        r.set_header("X-RateLimit-Reset", std::to_string(rate->reset_epoch_s));
    }
    return r;
}

bool declares_json(const HttpRequest& request) {
    auto type = request.header("content-type");
    return type && type->find("json") != std::string::npos;
}

} // namespace

Dispatcher::Dispatcher(DispatcherOptions options, RouteTable& routes, KeyStore& keys,
                       RateLimiter& limiter, AuditLog& audit)
    : options_(std::move(options)), routes_(routes), keys_(keys), limiter_(limiter), audit_(audit) {}

bool Dispatcher::origin_allowed(const std::string& origin) const {
    return std::any_of(options_.cors_origins.begin(), options_.cors_origins.end(),
                       [&](const std::string& o) { return o == "*" || o == origin; });
}

void Dispatcher::add_cors(const std::optional<std::string>& origin, HttpResponse& response) const {
    if (!origin || !origin_allowed(*origin)) return;
    const bool listed = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), *origin) !=
                        options_.cors_origins.end();
    if (listed) {
        // A configured origin is echoed and may send credentials.
        response.set_header("Access-Control-Allow-Origin", *origin);
        response.set_header("Access-Control-Allow-Credentials", "true");
        response.set_header("Vary", "Origin");
    } else {
        // "*": every origin, without credentials (and without echoing what the client sent).
        response.set_header("Access-Control-Allow-Origin", "*");
    }
    response.set_header("Access-Control-Expose-Headers", kExposeHeaders);
}

std::size_t Dispatcher::body_limit(const Route& route) const {
    if (route.max_body_bytes == 0) return options_.max_body_bytes;
    return static_cast<std::size_t>(std::min<std::uint64_t>(route.max_body_bytes, options_.max_upload_bytes));
}

std::size_t Dispatcher::body_limit_for(std::string_view method, std::string_view raw_path) const {
    auto match = routes_.match(method == "HEAD" ? "GET" : method, raw_path);
    return match.route ? body_limit(*match.route) : options_.max_body_bytes;
}

HttpResponse Dispatcher::handle(HttpRequest& request, std::string_view raw_path) {
    std::string request_id;
    if (auto incoming = request.header("x-request-id"); incoming && valid_request_id(*incoming))
        request_id = *incoming;
    else
        request_id = random_hex(12);
    RequestScope scope(request_id);
    if (options_.trust_proxy) request.remote_addr = forwarded_client(request).value_or(request.remote_addr);

    HttpResponse response;
    try {
        response = route(request, raw_path, request_id);
    } catch (const std::exception& e) {
        spdlog::error("{} {} failed: {}", request.method, request.path, e.what());
        response = error_response(500, "An unexpected error occurred");
    }
    auto finish = [this, origin = request.header("origin") ? std::optional<std::string>(*request.header("origin")) : std::nullopt,
                   head = request.method == "HEAD", request_id](HttpResponse r) {
        add_cors(origin, r);
        r.set_header("X-Request-Id", request_id);
        if (head) {
            r.body.clear();
            r.stream.reset();
        }
        return r;
    };
    if (response.deferred) {
        response.deferred->add_step(std::move(finish));
        return response;
    }
    return finish(std::move(response));
}

std::optional<sdk::RateDecision> Dispatcher::rate_decision(const Route& route, const RequestContext& ctx) {
    const bool keyed = ctx.principal.authenticated();
    const std::string who = keyed ? ctx.principal.key_id : "ip " + ctx.request.remote_addr;
    std::optional<sdk::RateDecision> decision;
    // The binding decision: a refusal wins, else the window with the fewest requests left.
    auto consider = [&](const sdk::RateDecision& d) {
        if (!decision || (decision->allowed && (!d.allowed || d.remaining < decision->remaining))) decision = d;
    };
    if (route.rate_limit_per_minute > 0)
        consider(limiter_.hit(route.owner + " " + route.method + " " + route.path, who, route.rate_limit_per_minute, 60));
    if (route.plan_quota && (!decision || decision->allowed)) {
        auto plan = options_.plans.find(keyed ? ctx.principal.plan : kFallbackPlan);
        if (plan == options_.plans.end()) plan = options_.plans.find(kFallbackPlan);
        if (plan != options_.plans.end()) {
            // Quotas are per caller across every plan-limited route; a refused minute costs no day.
            auto minute = limiter_.hit("plan-minute", who, plan->second.requests_per_minute, 60);
            consider(minute);
            if (minute.allowed) consider(limiter_.hit("plan-day", who, plan->second.requests_per_day, 86400));
        }
    }
    return decision;
}

HttpResponse Dispatcher::route(HttpRequest& request, std::string_view raw_path,
                               const std::string& request_id) {
    if (request.method == "OPTIONS") {
        auto match = routes_.match("OPTIONS", raw_path);
        HttpResponse r;
        r.status = 204;
        r.content_type.clear();
        if (auto origin = request.header("origin"); origin && origin_allowed(*origin)) {
            r.set_header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
            r.set_header("Access-Control-Allow-Headers", kAllowHeaders);
            r.set_header("Access-Control-Max-Age", "600");
        }
        if (match.status == RouteTable::MatchStatus::BadPath)
            return error_response(400, "Malformed percent-encoding in the request path");
        if (match.status == RouteTable::MatchStatus::NotFound)
            return error_response(404, "No route for OPTIONS " + request.path);
        r.set_header("Allow", join(match.allowed_methods, ", "));
        return r;
    }

    for (const auto& [key, value] : request.query) {
        if (!is_valid_utf8(key) || !is_valid_utf8(value))
            return error_response(400, "Query parameters must be valid UTF-8 once percent-decoded");
    }

    const std::string method = request.method == "HEAD" ? "GET" : request.method;
    auto match = routes_.match(method, raw_path);
    switch (match.status) {
    case RouteTable::MatchStatus::BadPath:
        return error_response(400, "Malformed percent-encoding in the request path");
    case RouteTable::MatchStatus::NotFound:
        return error_response(404, "No route for " + request.method + " " + request.path);
    case RouteTable::MatchStatus::MethodNotAllowed: {
        auto r = error_response(405, "Method " + request.method + " is not allowed on " +
                                         request.path + "; allowed: " + join(match.allowed_methods, ", "));
        r.set_header("Allow", join(match.allowed_methods, ", "));
        return r;
    }
    case RouteTable::MatchStatus::Found: break;
    }
    const Route& route = *match.route;
    RequestContext ctx{request, route, request_id, std::move(match.params), {}, {}};

    auto audited = [&](HttpResponse r) {
        if (!route.audit || !is_mutating(request.method)) return r;
        AuditEntry entry{ctx.principal.key_id, ctx.principal.name, ctx.principal.team_id,
                         ctx.audit.action.empty() ? default_audit_action(request.method) : ctx.audit.action,
                         ctx.audit.resource.empty() ? default_audit_resource(route.path) : ctx.audit.resource,
                         ctx.audit.resource_id.empty() && !ctx.path_params.empty() ? ctx.path_params.front().second
                                                                                   : ctx.audit.resource_id,
                         request.method, request.path, r.status, request.remote_addr, request_id};
        try {
            audit_.record(entry);
        } catch (const std::exception& e) {
            spdlog::error("audit record for {} {} failed: {}", request.method, request.path, e.what());
        }
        return r;
    };

    std::string key = credentials_of(request);
    if (!key.empty()) {
        auto result = keys_.authenticate(key);
        if (auto* principal = std::get_if<Principal>(&result)) {
            ctx.principal = *principal;
        } else if (route.min_role != Role::Public) {
            bool expired = std::get<AuthFailure>(result) == AuthFailure::Expired;
            return audited(error_response(401, expired ? "API key has expired" : "Invalid API key"));
        }
    } else if (route.min_role != Role::Public) {
        return audited(error_response(
            401, "Authentication required: send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'"));
    }
    if (route.min_role != Role::Public && ctx.principal.role < route.min_role) {
        return audited(error_response(403, "This action requires the " +
                                               std::string(sdk::role_name(route.min_role)) +
                                               " role or higher"));
    }

    std::optional<sdk::RateDecision> rate = rate_decision(route, ctx);
    auto with_rate_headers = [rate](HttpResponse r) { return with_rate_limit_headers(rate, std::move(r)); };
    if (rate && !rate->allowed) {
        auto r = error_response(429, "Rate limit exceeded. Retry after " +
                                         std::to_string(rate->retry_after_s) + " seconds.",
                                {{"retryAfter", rate->retry_after_s}});
        r.set_header("Retry-After", std::to_string(rate->retry_after_s));
        return with_rate_headers(audited(std::move(r)));
    }

    if (const auto limit = body_limit(route); request.body.size() > limit) {
        return audited(error_response(413, "Request body of " + std::to_string(request.body.size()) +
                                               " bytes exceeds the limit of " + std::to_string(limit) + " bytes"));
    }
    if (!request.body.empty() && declares_json(request) && !nlohmann::json::accept(request.body)) {
        return audited(error_response(400, "Request body must be valid JSON"));
    }

    HttpResponse response;
    try {
        response = route.handler(ctx);
    } catch (const sdk::HttpError& e) {
        response = error_response(e.status(), e.what(), e.extra());
    } catch (const std::exception& e) {
        spdlog::error("{} {} ({}) failed: {}", request.method, request.path, route.owner, e.what());
        response = error_response(500, "An unexpected error occurred");
    }
    if (response.deferred) {
        // Finished on the completing thread: copy what the steps need, nothing from this frame.
        if (route.audit && is_mutating(request.method))
            spdlog::warn("{} {}: deferred responses are not audited", request.method, route.path);
        response.deferred->add_step(with_rate_headers);
        return response;
    }
    return with_rate_headers(audited(std::move(response)));
}

} // namespace sentinel::host
