// The whole request pipeline without sockets: a Dispatcher over a real migrated SQLite database,
// a real KeyStore, RateLimiter and AuditLog, a ManualClock and a RouteTable of test routes.
#pragma once

#include "host_database.hpp"

#include "audit/audit_log.hpp"
#include "auth/api_keys.hpp"
#include "auth/rate_limiter.hpp"
#include "http/dispatcher.hpp"
#include "http/route_table.hpp"
#include "scheduling/clock.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace sentinel::host::testing {

inline constexpr const char* kClientAddress = "192.0.2.10";

inline HttpResponse answer_ok(RequestContext&) { return json_response(200, {{"ok", true}}); }

class DispatcherTest : public ::testing::Test {
protected:
    HostDatabase database;
    ManualClock clock{kTestStart};
    KeyStore keys{database.db(), clock};
    RateLimiter limiter{clock};
    AuditLog audit{database.db(), clock};
    RouteTable routes;
    DispatcherOptions options; // set before the first send(): the dispatcher is built then

    // Adds a route of owner "test"; `tweak` may change its other settings (audit, rate limit, ...).
    void add_route(std::string method, std::string path, Role min_role, RouteHandler handler = answer_ok,
                   const std::function<void(Route&)>& tweak = {}) {
        Route r;
        r.owner = "test";
        r.method = std::move(method);
        r.path = std::move(path);
        r.min_role = min_role;
        r.handler = std::move(handler);
        if (tweak) tweak(r);
        routes.add(std::move(r));
    }

    static HttpRequest request(std::string method, std::string path, Pairs headers = {}, std::string body = {}) {
        HttpRequest r;
        r.method = std::move(method);
        r.path = std::move(path);
        r.headers = std::move(headers);
        r.body = std::move(body);
        r.remote_addr = kClientAddress;
        return r;
    }

    // Sends a request whose path needs no percent-encoding.
    HttpResponse send(std::string method, std::string path, Pairs headers = {}, std::string body = {}) {
        auto r = request(std::move(method), path, std::move(headers), std::move(body));
        return dispatcher().handle(r, path);
    }
    HttpResponse send(HttpRequest r, std::string_view raw_path) { return dispatcher().handle(r, raw_path); }

    // A new key of `role`; returns the raw key.
    std::string key_of(Role role, const std::string& name = "test-key", const std::string& team = "") {
        return keys.create(name, role, team, std::nullopt).secret;
    }
    static Pairs bearer(const std::string& key) { return {{"authorization", "Bearer " + key}}; }

    nlohmann::json audit_rows(const AuditQuery& q = {}) { return audit.query(q)["data"]; }

    static nlohmann::json body_of(const HttpResponse& r) { return nlohmann::json::parse(r.body); }
    static std::optional<std::string> header(const HttpResponse& r, std::string_view name) {
        const auto* value = r.header(name);
        return value ? std::optional<std::string>(*value) : std::nullopt;
    }
    static nlohmann::json error_body(int status, std::string_view error, std::string_view message) {
        return {{"error", error}, {"message", message}, {"statusCode", status}};
    }

    Dispatcher& dispatcher() {
        if (!dispatcher_) dispatcher_.emplace(options, routes, keys, limiter, audit);
        return *dispatcher_;
    }

private:
    std::optional<Dispatcher> dispatcher_;
};

} // namespace sentinel::host::testing
