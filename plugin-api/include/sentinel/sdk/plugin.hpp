// Writing a plugin: a plain class plus one macro.
//
//   class Hello {
//   public:
//       static constexpr sentinel::sdk::PluginInfo info{"hello", "1.0.0", "Says hello"};
//       explicit Hello(sentinel::sdk::HostServices& host);                  // required
//       static std::vector<sentinel::sdk::Migration> migrations();            // optional
//       void routes(sentinel::sdk::RouteTable& routes);                      // optional
//       void jobs(sentinel::sdk::JobTable& jobs);                            // optional
//       void subscriptions(sentinel::sdk::SubscriptionTable& subscriptions); // optional
//       void monitor_types(sentinel::sdk::MonitorTypeTable& types);          // optional (API 1.1)
//   };
//   SENTINEL_PLUGIN(Hello)
//
// The macro exports the two C entry points and fills the snl_plugin descriptor; capabilities
// follow from which optional members the class has. Every shim is noexcept: an exception becomes
// an error code, and its message is kept for the host's log.
#pragma once

#include <sentinel/plugin_api.h>
#include <sentinel/sdk/detail/abi_services.hpp>
#include <sentinel/sdk/monitors.hpp>
#include <sentinel/sdk/tables.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sentinel::sdk {

struct PluginInfo {
    const char* name;
    const char* version;
    const char* description;
};

template <typename P>
concept PluginClass = requires(HostServices& host) {
    { P::info } -> std::convertible_to<PluginInfo>;
    requires std::constructible_from<P, HostServices&>;
};
template <typename P>
concept HasMigrations = requires { { P::migrations() } -> std::convertible_to<std::vector<Migration>>; };
template <typename P>
concept HasRoutes = requires(P& p, RouteTable& t) { p.routes(t); };
template <typename P>
concept HasJobs = requires(P& p, JobTable& t) { p.jobs(t); };
template <typename P>
concept HasSubscriptions = requires(P& p, SubscriptionTable& t) { p.subscriptions(t); };
template <typename P>
concept HasMonitorTypes = requires(P& p, MonitorTypeTable& t) { p.monitor_types(t); };

namespace detail {

inline std::string& last_error_text() {
    thread_local std::string text;
    return text;
}

inline snl_rc remember_error(const char* what) noexcept {
    try {
        last_error_text() = what;
    } catch (...) {
    }
    return SNL_ERR;
}

inline Request to_request(const snl_request& r) {
    Request out;
    auto text = [](const char* s) { return s ? std::string(s) : std::string(); };
    auto pairs = [](const snl_kv* kv, size_t n) {
        Pairs p;
        p.reserve(n);
        for (size_t i = 0; i < n; ++i) p.emplace_back(kv[i].key, kv[i].value);
        return p;
    };
    out.request_id = text(r.request_id);
    out.method = text(r.method);
    out.path = text(r.path);
    out.path_params = pairs(r.path_params, r.path_param_count);
    out.query = pairs(r.query, r.query_count);
    out.headers = pairs(r.headers, r.header_count);
    out.body.assign(r.body ? r.body : "", r.body_len);
    out.remote_addr = text(r.remote_addr);
    if (r.principal) {
        out.principal.key_id = text(r.principal->key_id);
        out.principal.name = text(r.principal->name);
        out.principal.team_id = text(r.principal->team_id);
        out.principal.role = static_cast<Role>(r.principal->role);
        if (r.principal->struct_size > offsetof(snl_principal, plan))
            out.principal.plan = text(r.principal->plan);
    }
    return out;
}

inline void write_response(const snl_host_api& api, snl_response* resp, const Response& r) {
    api.response_set_status(resp, r.status);
    for (const auto& [name, value] : r.headers) api.response_add_header(resp, name.c_str(), value.c_str());
    if (!r.body.empty() || !r.content_type.empty()) {
        api.response_set_body(resp, r.body.data(), r.body.size(),
                              r.content_type.empty() ? nullptr : r.content_type.c_str());
    }
    if (r.stream_channel) {
        if (api.struct_size <= offsetof(snl_host_api, response_stream) || !api.response_stream)
            throw HostError(SNL_ERR_UNSUPPORTED, "the host does not offer Server-Sent Events (API < 1.2)");
        // Caps on open streams are the host's to enforce (it answers 503/429 itself).
        if (api.response_stream(resp, r.stream_channel->c_str()) != SNL_OK)
            throw HostError(SNL_ERR_INVALID_ARGUMENT, "event stream refused: channel '" + *r.stream_channel +
                                                          "' (a channel name must not be empty)");
    }
    if (r.audit) {
        auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
        api.response_set_audit(resp, opt(r.audit->action), opt(r.audit->resource),
                               opt(r.audit->resource_id));
    }
}

template <typename P>
struct PluginState {
    PluginState(const snl_host_api* api, snl_host_ctx* ctx) : abi(api, ctx) {}
    AbiServices abi;
    std::unique_ptr<P> plugin;
    RouteTable routes;
    JobTable jobs;
    SubscriptionTable subscriptions;
    MonitorTypeTable monitor_types;
    std::vector<snl_migration> migration_defs;
};

template <typename P>
PluginState<P>* state_of(snl_plugin_state* s) noexcept {
    return reinterpret_cast<PluginState<P>*>(s);
}

template <typename P>
struct Shims {
    static const snl_migration* migrations(size_t* out_count) noexcept {
        // Built once; the strings live in a function-local static for the library's lifetime.
        static const std::vector<Migration> source = [] {
            try {
                return std::vector<Migration>(P::migrations());
            } catch (...) {
                return std::vector<Migration>{};
            }
        }();
        static const std::vector<snl_migration> defs = [] {
            std::vector<snl_migration> d;
            for (const auto& m : source)
                d.push_back({sizeof(snl_migration), m.version, m.description.c_str(), m.sql.c_str()});
            return d;
        }();
        *out_count = defs.size();
        return defs.data();
    }

    static snl_rc init(const snl_host_api* api, snl_host_ctx* ctx, snl_plugin_state** out) noexcept {
        try {
            auto state = std::make_unique<PluginState<P>>(api, ctx);
            state->plugin = std::make_unique<P>(state->abi.services());
            if constexpr (HasRoutes<P>) state->plugin->routes(state->routes);
            if constexpr (HasJobs<P>) state->plugin->jobs(state->jobs);
            if constexpr (HasSubscriptions<P>) state->plugin->subscriptions(state->subscriptions);
            if constexpr (HasMonitorTypes<P>) state->plugin->monitor_types(state->monitor_types);
            *out = reinterpret_cast<snl_plugin_state*>(state.release());
            return SNL_OK;
        } catch (const std::exception& e) {
            return remember_error(e.what());
        } catch (...) {
            return remember_error("unknown exception during init");
        }
    }

    static void destroy(snl_plugin_state* s) noexcept {
        // Adopt the state created in init; its destructor runs the plugin's destructor.
        std::unique_ptr<PluginState<P>> owned(state_of<P>(s));
        try {
            owned.reset();
        } catch (...) {
        }
    }

    static const char* last_error(snl_plugin_state*) noexcept { return last_error_text().c_str(); }

    static const snl_route_def* routes(snl_plugin_state* s, size_t* n) noexcept {
        const auto& defs = state_of<P>(s)->routes.defs();
        *n = defs.size();
        return defs.data();
    }

    static snl_rc handle_request(snl_plugin_state* s, size_t index, const snl_request* req,
                                 snl_response* resp) noexcept {
        auto* state = state_of<P>(s);
        const snl_host_api& api = state->abi.host().api();
        try {
            Response response;
            try {
                response = state->routes.handler(index)(to_request(*req));
            } catch (const HttpError& e) {
                response = Response::error(e.status(), e.what(), e.extra());
            }
            write_response(api, resp, response);
            return SNL_OK;
        } catch (const std::exception& e) {
            return remember_error(e.what());
        } catch (...) {
            return remember_error("unknown exception in request handler");
        }
    }

    static const snl_job_def* jobs(snl_plugin_state* s, size_t* n) noexcept {
        const auto& defs = state_of<P>(s)->jobs.defs();
        *n = defs.size();
        return defs.data();
    }

    static snl_rc run_job(snl_plugin_state* s, size_t index, const snl_job_run* run) noexcept {
        try {
            state_of<P>(s)->jobs.runner(index)(JobRun{run->scheduled_at_ms, run->started_at_ms});
            return SNL_OK;
        } catch (const std::exception& e) {
            return remember_error(e.what());
        } catch (...) {
            return remember_error("unknown exception in job");
        }
    }

    static const snl_subscription_def* subscriptions(snl_plugin_state* s, size_t* n) noexcept {
        const auto& defs = state_of<P>(s)->subscriptions.defs();
        *n = defs.size();
        return defs.data();
    }

    static snl_rc on_event(snl_plugin_state* s, size_t index, const snl_event* ev) noexcept {
        try {
            Event event{ev->topic, ev->source ? ev->source : "",
                        nlohmann::json::parse(ev->payload_json, ev->payload_json + ev->payload_len),
                        ev->published_at_ms, ev->sequence};
            state_of<P>(s)->subscriptions.handler(index)(event);
            return SNL_OK;
        } catch (const std::exception& e) {
            return remember_error(e.what());
        } catch (...) {
            return remember_error("unknown exception in event handler");
        }
    }

    static const snl_monitor_type_def* monitor_types(snl_plugin_state* s, size_t* n) noexcept {
        const auto& defs = state_of<P>(s)->monitor_types.defs();
        *n = defs.size();
        return defs.data();
    }

    static snl_rc monitor_validate(snl_plugin_state* s, size_t index, const char* json, size_t len,
                                   snl_text_sink sink, void* user) noexcept {
        try {
            auto monitor = nlohmann::json::parse(json, json + len);
            MonitorValidation v = state_of<P>(s)->monitor_types.entry(index).validate(monitor);
            nlohmann::json errors = nlohmann::json::array();
            auto details = v.errors.details();
            for (auto& [field, problems] : details["fieldErrors"].items())
                for (auto& problem : problems) errors.push_back({{"field", field}, {"message", problem}});
            for (auto& problem : details["formErrors"]) errors.push_back({{"field", ""}, {"message", problem}});
            auto text = nlohmann::json{{"errors", errors}, {"fields", v.fields}}.dump(
                -1, ' ', false, nlohmann::json::error_handler_t::replace);
            sink(user, text.data(), text.size());
            return SNL_OK;
        } catch (const std::exception& e) {
            return remember_error(e.what());
        } catch (...) {
            return remember_error("unknown exception in monitor validator");
        }
    }

    static snl_rc monitor_check_start(snl_plugin_state* s, size_t index, uint64_t check_id,
                                      const char* json, size_t len) noexcept {
        try {
            auto* state = state_of<P>(s);
            const snl_host_api* api = &state->abi.host().api();
            snl_host_ctx* ctx = state->abi.host().ctx();
            CheckDone done = [api, ctx, check_id](const CheckResult& result) {
                auto text = result.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                api->monitor_check_done(ctx, check_id, text.data(), text.size());
            };
            state->monitor_types.entry(index).check(nlohmann::json::parse(json, json + len), std::move(done));
            return SNL_OK;
        } catch (const std::exception& e) {
            return remember_error(e.what());
        } catch (...) {
            return remember_error("unknown exception starting a check");
        }
    }

    static snl_rc monitor_next_expected(snl_plugin_state* s, size_t index, const char* json, size_t len,
                                        int64_t after_ms, int64_t* out) noexcept {
        try {
            auto next = state_of<P>(s)->monitor_types.entry(index).next_expected(
                nlohmann::json::parse(json, json + len), after_ms);
            if (!next) {
                remember_error("no future occurrence");
                return SNL_ERR_NOT_FOUND;
            }
            *out = *next;
            return SNL_OK;
        } catch (const std::exception& e) {
            return remember_error(e.what());
        } catch (...) {
            return remember_error("unknown exception computing the next expected ping");
        }
    }

    static const snl_plugin* descriptor() noexcept {
        static const snl_plugin d = [] {
            snl_plugin p{};
            p.struct_size = sizeof(snl_plugin);
            p.name = P::info.name;
            p.version = P::info.version;
            p.description = P::info.description;
            if constexpr (HasMigrations<P>) p.migrations = &Shims::migrations;
            p.init = &Shims::init;
            p.destroy = &Shims::destroy;
            p.last_error = &Shims::last_error;
            if constexpr (HasRoutes<P>) {
                p.routes = &Shims::routes;
                p.handle_request = &Shims::handle_request;
            }
            if constexpr (HasJobs<P>) {
                p.jobs = &Shims::jobs;
                p.run_job = &Shims::run_job;
            }
            if constexpr (HasSubscriptions<P>) {
                p.subscriptions = &Shims::subscriptions;
                p.on_event = &Shims::on_event;
            }
            if constexpr (HasMonitorTypes<P>) {
                p.monitor_types = &Shims::monitor_types;
                p.monitor_validate = &Shims::monitor_validate;
                p.monitor_check_start = &Shims::monitor_check_start;
                p.monitor_next_expected = &Shims::monitor_next_expected;
            }
            return p;
        }();
        return &d;
    }
};

} // namespace detail
} // namespace sentinel::sdk

// Exports the plugin class `Class` (fully qualified if it lives in a namespace).
#define SENTINEL_PLUGIN(Class)                                                                  \
    static_assert(::sentinel::sdk::PluginClass<Class>,                                          \
                  "a Sentinel plugin class needs `static constexpr PluginInfo info` and a "     \
                  "constructor taking HostServices&");                                          \
    extern "C" SNL_PLUGIN_EXPORT const char* sentinel_plugin_api_version(void) {                \
        return SNL_API_VERSION_STRING;                                                          \
    }                                                                                           \
    extern "C" SNL_PLUGIN_EXPORT const snl_plugin* sentinel_plugin_get(void) {                  \
        return ::sentinel::sdk::detail::Shims<Class>::descriptor();                             \
    }
