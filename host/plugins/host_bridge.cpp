#include "plugins/host_bridge.hpp"

#include "auth/rate_limiter.hpp"
#include "events/event_bus.hpp"
#include "http/stream_hub.hpp"
#include "lua/lua_engine.hpp"
#include "plugins/monitor_type_registry.hpp"
#include "scheduling/clock.hpp"
#include "storage/database.hpp"

#include <sentinel/sdk/detail/abi_values.hpp>

#include <spdlog/spdlog.h>

#include <chrono>

struct snl_tx {
    std::unique_ptr<sentinel::host::Database::Transaction> tx;
};

namespace sentinel::host {
namespace {

std::string& last_error_slot() {
    thread_local std::string text;
    return text;
}

snl_rc fail(snl_rc rc, std::string message) {
    last_error_slot() = std::move(message);
    return rc;
}

// Runs `body`, turning any exception into an error code and last_error text: nothing the host
// throws may cross into the plugin.
template <typename F>
snl_rc guarded(F&& body) noexcept {
    try {
        return body();
    } catch (const DbError& e) {
        auto rc = e.kind() == DbErrorKind::Constraint    ? SNL_ERR_CONSTRAINT
                  : e.kind() == DbErrorKind::Unavailable ? SNL_ERR_UNAVAILABLE
                                                         : SNL_ERR;
        return fail(rc, e.what());
    } catch (const std::exception& e) {
        return fail(SNL_ERR, e.what());
    } catch (...) {
        return fail(SNL_ERR, "unknown error in the host");
    }
}

void cb_log(snl_host_ctx* ctx, snl_log_level level, const char* message) {
    if (!ctx || !message) return;
    auto lvl = level <= SNL_LOG_TRACE   ? spdlog::level::trace
               : level == SNL_LOG_DEBUG ? spdlog::level::debug
               : level == SNL_LOG_INFO  ? spdlog::level::info
               : level == SNL_LOG_WARN  ? spdlog::level::warn
                                        : spdlog::level::err;
    spdlog::log(lvl, "[{}] {}", ctx->plugin_name, message);
}

const char* cb_config_get(snl_host_ctx* ctx, const char* key) {
    if (!ctx || !key) return nullptr;
    auto it = ctx->config.find(std::string_view(key));
    return it == ctx->config.end() ? nullptr : it->second.c_str();
}

int64_t cb_now_ms(snl_host_ctx* ctx) {
    auto now = ctx ? ctx->services->clock.now() : std::chrono::system_clock::now();
    return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
}

const char* cb_last_error(snl_host_ctx*) { return last_error_slot().c_str(); }

void cb_set_status(snl_response* r, int32_t status) {
    if (r && status >= 100 && status <= 599) r->response->status = status;
}

void cb_add_header(snl_response* r, const char* name, const char* value) {
    if (!r || !name || !value) return;
    std::string n(name);
    if (n.find_first_of("\r\n:") != std::string::npos) return;
    std::string v(value);
    if (v.find_first_of("\r\n") != std::string::npos) return;
    r->response->headers.emplace_back(std::move(n), std::move(v));
}

void cb_set_body(snl_response* r, const char* data, size_t len, const char* content_type) {
    if (!r) return;
    r->response->body.assign(data ? data : "", data ? len : 0);
    r->response->content_type = content_type ? content_type : "application/json";
}

void cb_set_audit(snl_response* r, const char* action, const char* resource, const char* id) {
    if (!r || !r->audit) return;
    if (action) r->audit->action = action;
    if (resource) r->audit->resource = resource;
    if (id) r->audit->resource_id = id;
}

const char* cb_db_dialect(snl_host_ctx* ctx) { return ctx->services->db.dialect_name(); }

snl_rc cb_db_begin(snl_host_ctx* ctx, snl_tx** out) {
    return guarded([&]() -> snl_rc {
        if (!out) return fail(SNL_ERR_INVALID_ARGUMENT, "db_begin: out_tx is NULL");
        auto handle = std::make_unique<snl_tx>();
        handle->tx = ctx->services->db.begin();
        *out = handle.release();
        return SNL_OK;
    });
}

snl_rc cb_db_commit(snl_host_ctx*, snl_tx* tx) {
    std::unique_ptr<snl_tx> owned(tx);
    return guarded([&]() -> snl_rc {
        if (!owned) return fail(SNL_ERR_INVALID_ARGUMENT, "db_commit: tx is NULL");
        owned->tx->commit();
        return SNL_OK;
    });
}

snl_rc cb_db_rollback(snl_host_ctx*, snl_tx* tx) {
    std::unique_ptr<snl_tx> owned(tx);
    return guarded([&]() -> snl_rc {
        if (!owned) return fail(SNL_ERR_INVALID_ARGUMENT, "db_rollback: tx is NULL");
        owned->tx->rollback();
        return SNL_OK;
    });
}

snl_rc cb_db_query(snl_host_ctx* ctx, snl_tx* tx, const char* sql, const snl_value* params,
                   size_t count, snl_row_sink sink, void* user, int64_t* affected) {
    return guarded([&]() -> snl_rc {
        if (!sql) return fail(SNL_ERR_INVALID_ARGUMENT, "db_query: sql is NULL");
        if (count && !params) return fail(SNL_ERR_INVALID_ARGUMENT, "db_query: params is NULL");
        std::vector<DbValue> values;
        values.reserve(count);
        for (size_t i = 0; i < count; ++i) values.push_back(sdk::detail::storage_from_abi(params[i]));

        DbRowHandler on_row;
        bool sink_failed = false;
        if (sink) {
            on_row = [&](const std::vector<std::string>& columns, const std::vector<DbValue>& row) {
                std::vector<const char*> names;
                names.reserve(columns.size());
                for (const auto& c : columns) names.push_back(c.c_str());
                std::vector<snl_value> cells;
                cells.reserve(row.size());
                for (const auto& cell : row) cells.push_back(sdk::detail::to_abi(cell));
                if (sink(user, cells.size(), names.data(), cells.data()) != SNL_OK) {
                    sink_failed = true;
                    return false;
                }
                return true;
            };
        }
        std::int64_t n = tx ? tx->tx->execute(sql, values, on_row)
                            : ctx->services->db.execute(sql, values, on_row);
        if (affected) *affected = n;
        (void)sink_failed; // stopping early is the sink's choice, not an error
        return SNL_OK;
    });
}

snl_rc cb_event_publish(snl_host_ctx* ctx, const char* topic, const char* payload, size_t len) {
    return guarded([&]() -> snl_rc {
        if (!topic || !payload) return fail(SNL_ERR_INVALID_ARGUMENT, "event_publish: topic and payload are required");
        std::string body(payload, len);
        if (!nlohmann::json::accept(body))
            return fail(SNL_ERR_INVALID_ARGUMENT, std::string("event_publish: payload of '") + topic + "' is not valid JSON");
        if (!ctx->services->events.publish(topic, ctx->plugin_name, std::move(body)))
            return fail(SNL_ERR_BUSY, "the event queue is full or stopping; event dropped");
        return SNL_OK;
    });
}

snl_rc finish_lua(const LuaResult& result, snl_text_sink sink, void* user) {
    switch (result.error_kind) {
    case LuaErrorKind::None: {
        std::string out = result.value.dump();
        if (sink) sink(user, out.data(), out.size());
        return SNL_OK;
    }
    case LuaErrorKind::NotFound: return fail(SNL_ERR_NOT_FOUND, result.error);
    case LuaErrorKind::BadArguments: return fail(SNL_ERR_INVALID_ARGUMENT, result.error);
    case LuaErrorKind::InstructionLimit:
    case LuaErrorKind::MemoryLimit: return fail(SNL_ERR_LIMIT, result.error);
    default: return fail(SNL_ERR, result.error);
    }
}

nlohmann::json parse_args(const char* args_json) {
    if (!args_json || !*args_json) return nlohmann::json::array();
    auto args = nlohmann::json::parse(args_json, nullptr, false);
    if (args.is_discarded() || !args.is_array())
        throw std::invalid_argument("Lua arguments must be a JSON array");
    return args;
}

snl_rc cb_lua_call_file(snl_host_ctx* ctx, const char* path, const char* function,
                        const char* args_json, snl_text_sink sink, void* user) {
    return guarded([&]() -> snl_rc {
        if (!path || !function) return fail(SNL_ERR_INVALID_ARGUMENT, "lua_call_file: script and function are required");
        return finish_lua(ctx->services->lua.call_file(path, function, parse_args(args_json)), sink, user);
    });
}

snl_rc cb_lua_list_scripts(snl_host_ctx* ctx, const char* folder, snl_text_sink sink, void* user) {
    return guarded([&]() -> snl_rc {
        if (!folder) return fail(SNL_ERR_INVALID_ARGUMENT, "lua_list_scripts: a folder is required");
        std::vector<std::string> scripts;
        try {
            scripts = ctx->services->lua.list_scripts_in(folder);
        } catch (const std::invalid_argument& e) {
            return fail(SNL_ERR_INVALID_ARGUMENT, e.what());
        }
        std::string out = nlohmann::json(scripts).dump();
        if (sink) sink(user, out.data(), out.size());
        return SNL_OK;
    });
}

snl_rc cb_lua_call_source(snl_host_ctx* ctx, const char* chunk, const char* source, size_t len,
                          const char* function, const char* args_json, snl_text_sink sink, void* user) {
    return guarded([&]() -> snl_rc {
        if (!chunk || !source || !function)
            return fail(SNL_ERR_INVALID_ARGUMENT, "lua_call_source: chunk name, source and function are required");
        return finish_lua(ctx->services->lua.call_source(chunk, std::string_view(source, len), function,
                                                         parse_args(args_json)),
                          sink, user);
    });
}

snl_rc cb_rate_limit_hit(snl_host_ctx* ctx, const char* bucket, const char* key, uint32_t limit,
                         uint32_t window_s, snl_rate_result* out) {
    return guarded([&]() -> snl_rc {
        if (!bucket || !key || !out) return fail(SNL_ERR_INVALID_ARGUMENT, "rate_limit_hit: bucket, key and out are required");
        auto d = ctx->services->limiter.hit(ctx->plugin_name + ":" + bucket, key, limit, window_s);
        out->allowed = d.allowed ? 1 : 0;
        out->limit = d.limit;
        out->remaining = d.remaining;
        out->retry_after_s = d.retry_after_s;
        out->reset_epoch_s = d.reset_epoch_s;
        return SNL_OK;
    });
}

snl_rc cb_monitor_check_done(snl_host_ctx* ctx, uint64_t check_id, const char* json, size_t len) {
    return guarded([&]() -> snl_rc {
        std::string error;
        snl_rc rc = ctx->services->monitor_types.complete(check_id, json, len, error);
        return rc == SNL_OK ? rc : fail(rc, error);
    });
}

snl_rc cb_response_stream(snl_response* r, const char* channel) {
    return guarded([&]() -> snl_rc {
        if (!r || !r->owner || !channel || !*channel)
            return fail(SNL_ERR_INVALID_ARGUMENT, "response_stream: a response and a channel name are required");
        r->response->stream = StreamTarget{*r->owner, channel};
        return SNL_OK;
    });
}

snl_rc cb_stream_publish(snl_host_ctx* ctx, const char* channel, const char* text, size_t len, uint32_t* delivered) {
    return guarded([&]() -> snl_rc {
        if (!channel || (!text && len > 0))
            return fail(SNL_ERR_INVALID_ARGUMENT, "stream_publish: channel and text are required");
        auto n = ctx->services->streams.publish(ctx->plugin_name, channel, std::string_view(text ? text : "", len));
        if (delivered) *delivered = n;
        return SNL_OK;
    });
}

snl_rc cb_plan_limits(snl_host_ctx* ctx, const char* plan, snl_plan_limits* out) {
    return guarded([&]() -> snl_rc {
        if (!plan || !out || out->struct_size < sizeof(snl_plan_limits))
            return fail(SNL_ERR_INVALID_ARGUMENT, "plan_limits: plan and an out struct of API 1.2 or later are required");
        auto it = ctx->services->plans.find(std::string_view(plan));
        if (it == ctx->services->plans.end())
            return fail(SNL_ERR_NOT_FOUND, std::string("no plan named '") + plan + "' (free, pro)");
        out->requests_per_minute = it->second.requests_per_minute;
        out->requests_per_day = it->second.requests_per_day;
        out->retention_days = it->second.retention_days;
        return SNL_OK;
    });
}

constexpr snl_host_api make_table() {
    snl_host_api api{};
    api.struct_size = sizeof(snl_host_api);
    api.version_major = SNL_API_VERSION_MAJOR;
    api.version_minor = SNL_API_VERSION_MINOR;
    api.version_patch = SNL_API_VERSION_PATCH;
    api.log = &cb_log;
    api.config_get = &cb_config_get;
    api.now_ms = &cb_now_ms;
    api.last_error = &cb_last_error;
    api.response_set_status = &cb_set_status;
    api.response_add_header = &cb_add_header;
    api.response_set_body = &cb_set_body;
    api.response_set_audit = &cb_set_audit;
    api.db_dialect = &cb_db_dialect;
    api.db_begin = &cb_db_begin;
    api.db_commit = &cb_db_commit;
    api.db_rollback = &cb_db_rollback;
    api.db_query = &cb_db_query;
    api.event_publish = &cb_event_publish;
    api.lua_call_file = &cb_lua_call_file;
    api.lua_call_source = &cb_lua_call_source;
    api.lua_list_scripts = &cb_lua_list_scripts;
    api.rate_limit_hit = &cb_rate_limit_hit;
    api.monitor_check_done = &cb_monitor_check_done;
    api.response_stream = &cb_response_stream;
    api.stream_publish = &cb_stream_publish;
    api.plan_limits = &cb_plan_limits;
    return api;
}

constexpr snl_host_api kHostApi = make_table();

} // namespace

const snl_host_api& host_api_table() { return kHostApi; }

} // namespace sentinel::host
