// What a plugin declares: its routes, jobs, event subscriptions and schema migrations. The tables
// keep the C declarations (snl_*_def) and the strings they point to alive for the plugin's life.
#pragma once

#include <sentinel/plugin_api.h>
#include <sentinel/sdk/http.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sentinel::sdk {

struct Migration {
    std::uint32_t version;
    std::string description;
    std::string sql;
};

struct RouteOptions {
    std::string summary;
    bool audit = true;                    // false for high-volume ingest routes
    std::uint32_t rate_limit_per_minute = 0; // 0 = none
    bool plan_quota = false;              // the caller's plan quotas apply (API 1.2)
    std::uint64_t max_body_bytes = 0;     // largest request body, e.g. uploads; 0 = server default (API 1.3)
};

using RouteHandler = std::function<Response(const Request&)>;

class RouteTable {
public:
    void add(std::string method, std::string path, Role min_role, RouteHandler handler,
             RouteOptions options = {}) {
        if (!handler) throw std::invalid_argument("route " + method + " " + path + " has no handler");
        strings_.push_back(std::move(method));
        const char* m = strings_.back().c_str();
        strings_.push_back(std::move(path));
        const char* p = strings_.back().c_str();
        strings_.push_back(std::move(options.summary));
        const char* s = strings_.back().c_str();
        defs_.push_back(snl_route_def{sizeof(snl_route_def), m, p,
                                      static_cast<snl_role>(min_role),
                                      (options.audit ? 0u : SNL_ROUTE_NO_AUDIT) |
                                          (options.plan_quota ? SNL_ROUTE_PLAN_QUOTA : 0u),
                                      options.rate_limit_per_minute, s, options.max_body_bytes});
        handlers_.push_back(std::move(handler));
    }
    void get(std::string path, Role role, RouteHandler h, RouteOptions o = {}) {
        add("GET", std::move(path), role, std::move(h), std::move(o));
    }
    void post(std::string path, Role role, RouteHandler h, RouteOptions o = {}) {
        add("POST", std::move(path), role, std::move(h), std::move(o));
    }
    void put(std::string path, Role role, RouteHandler h, RouteOptions o = {}) {
        add("PUT", std::move(path), role, std::move(h), std::move(o));
    }
    void patch(std::string path, Role role, RouteHandler h, RouteOptions o = {}) {
        add("PATCH", std::move(path), role, std::move(h), std::move(o));
    }
    void del(std::string path, Role role, RouteHandler h, RouteOptions o = {}) {
        add("DELETE", std::move(path), role, std::move(h), std::move(o));
    }

    const std::vector<snl_route_def>& defs() const noexcept { return defs_; }
    const RouteHandler& handler(std::size_t index) const { return handlers_.at(index); }

private:
    std::deque<std::string> strings_; // deque: growing never moves the strings defs_ point into
    std::vector<snl_route_def> defs_;
    std::vector<RouteHandler> handlers_;
};

struct JobRun {
    std::int64_t scheduled_at_ms;
    std::int64_t started_at_ms;
};

class JobTable {
public:
    // `interval_ms` >= 100; `initial_delay_ms` 0 means one interval.
    void add(std::string name, std::uint64_t interval_ms, std::function<void(const JobRun&)> run,
             std::uint64_t initial_delay_ms = 0) {
        names_.push_back(std::move(name));
        defs_.push_back(snl_job_def{sizeof(snl_job_def), names_.back().c_str(), interval_ms,
                                    initial_delay_ms});
        runs_.push_back(std::move(run));
    }
    const std::vector<snl_job_def>& defs() const noexcept { return defs_; }
    const std::function<void(const JobRun&)>& runner(std::size_t i) const { return runs_.at(i); }

private:
    std::deque<std::string> names_;
    std::vector<snl_job_def> defs_;
    std::vector<std::function<void(const JobRun&)>> runs_;
};

struct Event {
    std::string topic;
    std::string source;
    nlohmann::json payload;
    std::int64_t published_at_ms = 0;
    std::uint64_t sequence = 0;
};

class SubscriptionTable {
public:
    // `topic`: exact ("monitor.state_changed"), a prefix pattern ("monitor.*"), or "*".
    void on(std::string topic, std::function<void(const Event&)> handler) {
        topics_.push_back(std::move(topic));
        defs_.push_back(snl_subscription_def{sizeof(snl_subscription_def), topics_.back().c_str()});
        handlers_.push_back(std::move(handler));
    }
    const std::vector<snl_subscription_def>& defs() const noexcept { return defs_; }
    const std::function<void(const Event&)>& handler(std::size_t i) const { return handlers_.at(i); }

private:
    std::deque<std::string> topics_;
    std::vector<snl_subscription_def> defs_;
    std::vector<std::function<void(const Event&)>> handlers_;
};

} // namespace sentinel::sdk
