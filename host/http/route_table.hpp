// The server's routes, from the host and from plugins. Matching prefers static segments over
// ":captures" position by position, so "/alerts/rules" wins over "/alerts/:id" whatever the
// registration order. Thread-safe: requests match while plugins are loaded or unloaded.
#pragma once

#include "http/http_types.hpp"

#include <sentinel/sdk/http.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace sentinel::host {

struct RequestContext;
using RouteHandler = std::function<HttpResponse(RequestContext&)>;

struct Route {
    std::string owner;  // "host" or a plugin name
    std::string method; // GET, POST, PUT, PATCH, DELETE
    std::string path;   // "/api/v1/things/:id"
    Role min_role = Role::Viewer;
    bool audit = true;
    std::uint32_t rate_limit_per_minute = 0;
    bool plan_quota = false; // the caller's plan quotas apply (see auth/plans.hpp)
    std::uint64_t max_body_bytes = 0; // 0 = the server's default body limit
    std::string summary;
    RouteHandler handler;
};

struct RequestContext {
    const HttpRequest& request;
    const Route& route;
    std::string request_id;
    Pairs path_params;
    Principal principal;
    sdk::AuditNote audit; // a handler may describe the request for the audit log
};

// A route the host itself serves (owner "host").
Route host_route(std::string method, std::string path, Role min_role, std::string summary, RouteHandler handler,
                 bool audit = true);

class RouteConflict : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class RouteTable {
public:
    enum class MatchStatus { Found, NotFound, MethodNotAllowed, BadPath };
    struct Match {
        MatchStatus status = MatchStatus::NotFound;
        std::shared_ptr<const Route> route;
        Pairs params;
        std::vector<std::string> allowed_methods; // for 405
    };

    // Adds every route or none: throws RouteConflict (naming both owners) or
    // std::invalid_argument for a malformed route.
    void add_all(std::vector<Route> routes);
    void add(Route route);
    void remove_owner(const std::string& owner);

    // `raw_path` is the path as received (still percent-encoded); captures are decoded.
    Match match(std::string_view method, std::string_view raw_path) const;
    std::vector<std::shared_ptr<const Route>> routes() const;
    std::vector<std::shared_ptr<const Route>> routes_of(const std::string& owner) const;

private:
    struct Entry {
        std::shared_ptr<const Route> route;
        std::vector<std::string> segments; // empty string marks a capture
        std::vector<std::string> capture_names;
    };
    static Entry compile(Route route);
    static bool same_shape(const Entry& a, const Entry& b);

    mutable std::shared_mutex mutex_;
    std::vector<Entry> entries_;
};

} // namespace sentinel::host
