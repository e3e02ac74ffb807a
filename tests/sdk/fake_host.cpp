#include "fake_host.hpp"

#include <cstring>

namespace {

std::string render(const snl_value& v) {
    switch (v.type) {
    case SNL_VALUE_NULL: return "null";
    case SNL_VALUE_INT: return "int:" + std::to_string(v.i);
    case SNL_VALUE_DOUBLE: return "double:" + std::to_string(v.d);
    case SNL_VALUE_TEXT: return "text:" + std::string(v.s, v.len);
    case SNL_VALUE_BLOB: return "blob:" + std::to_string(v.len) + ":" + std::string(v.s, v.len);
    default: return "unknown:" + std::to_string(v.type);
    }
}

snl_rc fail(snl_host_ctx* ctx, snl_rc rc, const std::string& error) {
    if (rc != SNL_OK) ctx->last_error = error;
    return rc;
}

void log(snl_host_ctx* ctx, snl_log_level level, const char* message) {
    ctx->logs.emplace_back(level, message);
}

const char* config_get(snl_host_ctx* ctx, const char* key) {
    auto it = ctx->config.find(key);
    return it == ctx->config.end() ? nullptr : it->second.c_str();
}

int64_t now_ms(snl_host_ctx* ctx) { return ctx->now_ms; }

const char* last_error(snl_host_ctx* ctx) { return ctx->last_error.c_str(); }

void set_status(snl_response* r, int32_t status) { r->status = status; }

void add_header(snl_response* r, const char* name, const char* value) {
    r->headers.emplace_back(name, value);
}

void set_body(snl_response* r, const char* data, size_t len, const char* content_type) {
    r->body = std::string(data, len);
    r->content_type = content_type ? content_type : "";
}

void set_audit(snl_response* r, const char* action, const char* resource, const char* id) {
    for (const char* part : {action, resource, id}) r->audit.emplace_back(part ? part : "-");
}

const char* db_dialect(snl_host_ctx*) { return "sqlite"; }

snl_rc db_begin(snl_host_ctx* ctx, snl_tx** out) {
    const int id = static_cast<int>(ctx->transactions.size()) + 1;
    ctx->transactions.push_back(std::make_unique<snl_tx>(snl_tx{id}));
    ctx->transaction_log.push_back("begin " + std::to_string(id));
    *out = ctx->transactions.back().get();
    return SNL_OK;
}

snl_rc db_commit(snl_host_ctx* ctx, snl_tx* tx) {
    ctx->transaction_log.push_back("commit " + std::to_string(tx->id));
    return SNL_OK;
}

snl_rc db_rollback(snl_host_ctx* ctx, snl_tx* tx) {
    ctx->transaction_log.push_back("rollback " + std::to_string(tx->id));
    return SNL_OK;
}

snl_rc db_query(snl_host_ctx* ctx, snl_tx* tx, const char* sql, const snl_value* params,
                size_t param_count, snl_row_sink sink, void* sink_user, int64_t* out_affected) {
    snl_host_ctx::Statement statement{sql, {}, tx};
    for (size_t i = 0; i < param_count; ++i) statement.params.push_back(render(params[i]));
    ctx->statements.push_back(std::move(statement));
    if (ctx->query_rc != SNL_OK) return fail(ctx, ctx->query_rc, ctx->query_error);
    if (sink) {
        for (const auto& row : ctx->rows) {
            if (sink(sink_user, ctx->columns.size(), ctx->columns.data(), row.data()) != SNL_OK)
                break;
        }
    }
    if (out_affected) *out_affected = ctx->affected;
    return SNL_OK;
}

snl_rc event_publish(snl_host_ctx* ctx, const char* topic, const char* payload, size_t len) {
    if (ctx->publish_rc != SNL_OK) return fail(ctx, ctx->publish_rc, "event queue is full");
    ctx->published.emplace_back(topic, std::string(payload, len));
    return SNL_OK;
}

snl_rc finish_script(snl_host_ctx* ctx, snl_text_sink sink, void* user) {
    if (ctx->script_rc != SNL_OK)
        return fail(ctx, ctx->script_rc, "script.lua:3: instruction limit exceeded");
    sink(user, ctx->script_result.data(), ctx->script_result.size());
    return SNL_OK;
}

snl_rc lua_call_file(snl_host_ctx* ctx, const char* path, const char* function, const char* args,
                     snl_text_sink sink, void* user) {
    ctx->script_calls.push_back(std::string("file:") + path + ":" + function + ":" + args);
    return finish_script(ctx, sink, user);
}

snl_rc lua_call_source(snl_host_ctx* ctx, const char* chunk, const char* source, size_t len,
                       const char* function, const char* args, snl_text_sink sink, void* user) {
    ctx->script_calls.push_back(std::string("source:") + chunk + ":" + std::string(source, len) +
                                ":" + function + ":" + args);
    return finish_script(ctx, sink, user);
}

// Lists two scripts in "security"; any other folder is empty; ".." is refused.
snl_rc lua_list_scripts(snl_host_ctx* ctx, const char* folder, snl_text_sink sink, void* user) {
    if (std::strstr(folder, "..")) return fail(ctx, SNL_ERR_INVALID_ARGUMENT, "folder must stay inside the scripts directory");
    const std::string out = std::strcmp(folder, "security") == 0 ? R"(["security/10-a.lua","security/20-b.lua"])" : "[]";
    sink(user, out.data(), out.size());
    return SNL_OK;
}

snl_rc rate_limit_hit(snl_host_ctx*, const char* bucket, const char*, uint32_t limit, uint32_t,
                      snl_rate_result* out) {
    // Allows everything except the bucket named "full".
    const bool allowed = std::strcmp(bucket, "full") != 0;
    *out = snl_rate_result{sizeof(snl_rate_result), allowed ? 1 : 0, limit,
                           allowed ? limit - 1 : 0, allowed ? 0u : 42u, 1'700'000'060};
    return SNL_OK;
}

snl_rc response_stream(snl_response* r, const char* channel) {
    r->stream_channel = channel;
    return SNL_OK;
}

snl_rc stream_publish(snl_host_ctx* ctx, const char* channel, const char* text, size_t len, uint32_t* delivered) {
    ctx->streamed.emplace_back(channel, std::string(text, len));
    if (delivered) *delivered = ctx->stream_listeners;
    return SNL_OK;
}

// Knows "free" (100/min, 10,000/day, 30 days) only.
snl_rc plan_limits(snl_host_ctx* ctx, const char* plan, snl_plan_limits* out) {
    if (std::strcmp(plan, "free") != 0) {
        ctx->last_error = std::string("no plan named '") + plan + "'";
        return SNL_ERR_NOT_FOUND;
    }
    out->requests_per_minute = 100;
    out->requests_per_day = 10000;
    out->retention_days = 30;
    return SNL_OK;
}

} // namespace

const snl_host_api& fake_host_api() {
    static const snl_host_api api = [] {
        snl_host_api a{};
        a.struct_size = sizeof(snl_host_api);
        a.version_major = SNL_API_VERSION_MAJOR;
        a.version_minor = SNL_API_VERSION_MINOR;
        a.version_patch = SNL_API_VERSION_PATCH;
        a.log = &log;
        a.config_get = &config_get;
        a.now_ms = &now_ms;
        a.last_error = &last_error;
        a.response_set_status = &set_status;
        a.response_add_header = &add_header;
        a.response_set_body = &set_body;
        a.response_set_audit = &set_audit;
        a.db_dialect = &db_dialect;
        a.db_begin = &db_begin;
        a.db_commit = &db_commit;
        a.db_rollback = &db_rollback;
        a.db_query = &db_query;
        a.event_publish = &event_publish;
        a.lua_call_file = &lua_call_file;
        a.lua_call_source = &lua_call_source;
        a.rate_limit_hit = &rate_limit_hit;
        a.response_stream = &response_stream;
        a.stream_publish = &stream_publish;
        a.plan_limits = &plan_limits;
        a.lua_list_scripts = &lua_list_scripts;
        return a;
    }();
    return api;
}

snl_value int_value(std::int64_t i) {
    snl_value v{};
    v.type = SNL_VALUE_INT;
    v.i = i;
    return v;
}

snl_value double_value(double d) {
    snl_value v{};
    v.type = SNL_VALUE_DOUBLE;
    v.d = d;
    return v;
}

snl_value text_value(const char* s) {
    snl_value v{};
    v.type = SNL_VALUE_TEXT;
    v.s = s;
    v.len = std::strlen(s);
    return v;
}

snl_value null_value() { return snl_value{}; }
