/*
 * Sentinel plugin API: the C ABI between sentineld and its plugins.
 *
 * This header is the whole contract. It includes only the C standard library, declares only C
 * types, and evolves only by appending: a struct never loses or reorders a member, it gains new
 * ones at its end, and each struct starts with `struct_size` so either side can tell which
 * members the other was built with. Most plugin authors use the C++ SDK in <sentinel/sdk/...>
 * on top of it; a plugin in plain C needs nothing but this file.
 *
 * Naming: `snl_*` are types, `snl_plugin` members are plugin hooks (host -> plugin), and
 * `snl_host_api` members are host callbacks (plugin -> host). The host's opaque context comes
 * first in every host callback.
 *
 * Versioning (see plugin-api/README.md): the host loads a plugin when the plugin's major version
 * equals the host's and the host's minor version is at least the plugin's. The patch version
 * never affects compatibility.
 *
 * Threading: unless a member says otherwise, the host may call a plugin hook from any thread and
 * several hooks concurrently (requests are served by a thread pool, jobs by a worker pool, events
 * by the event dispatcher). A plugin protects its own shared state. The host never calls
 * `destroy` while another hook of the same plugin is running, and calls nothing after it.
 */
#ifndef SENTINEL_PLUGIN_API_H
#define SENTINEL_PLUGIN_API_H

#include <stddef.h>
#include <stdint.h>

#define SNL_API_VERSION_MAJOR 1
#define SNL_API_VERSION_MINOR 3
#define SNL_API_VERSION_PATCH 0
#define SNL_API_VERSION_STRING "1.3.0"

/* Symbols a plugin exports. Build plugins with -fvisibility=hidden; these two stay visible. */
#if defined(_WIN32)
#define SNL_PLUGIN_EXPORT __declspec(dllexport)
#else
#define SNL_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#define SNL_SYMBOL_API_VERSION "sentinel_plugin_api_version"
#define SNL_SYMBOL_GET_PLUGIN "sentinel_plugin_get"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Basic types
 * ------------------------------------------------------------------------------------------- */

/* Return code of every fallible call, in both directions. */
typedef int32_t snl_rc;
enum {
    SNL_OK = 0,
    SNL_ERR = 1,                  /* unspecified failure; see the last error text */
    SNL_ERR_INVALID_ARGUMENT = 2, /* the caller passed something malformed */
    SNL_ERR_NOT_FOUND = 3,        /* a named thing (script, function, key) does not exist */
    SNL_ERR_UNAVAILABLE = 4,      /* a service is down (database unreachable, shutting down) */
    SNL_ERR_BUSY = 5,             /* a bounded queue is full; retrying later may succeed */
    SNL_ERR_CONSTRAINT = 6,       /* the database refused a write (unique, foreign key, check) */
    SNL_ERR_LIMIT = 7,            /* a sandbox limit was hit (Lua instructions or memory) */
    SNL_ERR_UNSUPPORTED = 8       /* the host does not offer this (e.g. a member set to NULL) */
};

typedef enum snl_log_level {
    SNL_LOG_TRACE = 0,
    SNL_LOG_DEBUG = 1,
    SNL_LOG_INFO = 2,
    SNL_LOG_WARN = 3,
    SNL_LOG_ERROR = 4
} snl_log_level;

/* Roles are ordered: a route requiring a role accepts that role and every higher one.
 * SNL_ROLE_PUBLIC marks a route that needs no credentials at all. */
typedef enum snl_role {
    SNL_ROLE_PUBLIC = 0,
    SNL_ROLE_VIEWER = 1,
    SNL_ROLE_DEVELOPER = 2,
    SNL_ROLE_OPERATOR = 3,
    SNL_ROLE_ADMIN = 4
} snl_role;

/* Opaque handles. OWNERSHIP: each is owned by the side named, never freed by the other. */
typedef struct snl_plugin_state snl_plugin_state; /* the plugin's instance; plugin-owned */
typedef struct snl_host_ctx snl_host_ctx;         /* one per loaded plugin; host-owned */
typedef struct snl_response snl_response;         /* one per request; host-owned */
typedef struct snl_tx snl_tx;                     /* an open database transaction; host-owned */

typedef struct snl_kv {
    const char* key;
    const char* value;
} snl_kv;

/* Receives text produced by the host (JSON results). `data` is valid only during the call and is
 * not NUL-terminated unless `len` says so; copy what you keep. */
typedef void (*snl_text_sink)(void* user, const char* data, size_t len);

/* ---------------------------------------------------------------------------------------------
 * Declarations a plugin makes (arrays returned by its hooks)
 * OWNERSHIP: every array and string below is owned by the plugin and must stay valid and
 * unchanged from the moment it is returned until `destroy` returns.
 * ------------------------------------------------------------------------------------------- */

/* One schema migration. Versions of a plugin start at 1 and increase by 1. `sql` may hold several
 * statements separated by ';'. It must run on SQLite and PostgreSQL alike; the host replaces
 * these tokens first:
 *   {{serial_pk}}  an auto-increment 64-bit integer primary key column type
 *   {{blob}}       a binary column type (BLOB / BYTEA)
 * A migration that was applied is recorded with a checksum; changing its text later makes the
 * host refuse the plugin. */
typedef struct snl_migration {
    uint32_t struct_size;    /* sizeof(snl_migration) */
    uint32_t version;        /* Required: 1, 2, 3, ... */
    const char* description; /* Required: one line */
    const char* sql;         /* Required */
} snl_migration;

/* Route flags. */
#define SNL_ROUTE_NO_AUDIT 0x1u /* a mutating route whose requests are not audited (e.g. ingest) */
/* Since 1.2: the host applies the caller's plan quotas (requests per minute and per day, see
 * plan_limits) to this route: per API key, or per client address on the free plan for
 * unauthenticated callers of a public route. Past a quota the host answers 429 with Retry-After;
 * every answer carries X-RateLimit-Limit/-Remaining/-Reset for the tighter of the two windows. */
#define SNL_ROUTE_PLAN_QUOTA 0x2u

/* One HTTP route. `path` is absolute; a segment ":name" captures that segment into a path
 * parameter, e.g. "/api/v1/things/:id". Static segments win over captures, so "/x/summary" and
 * "/x/:id" can coexist. Method + path must not collide with the host's or another plugin's
 * routes, or the plugin is refused. */
typedef struct snl_route_def {
    uint32_t struct_size;  /* sizeof(snl_route_def) */
    const char* method;    /* Required: "GET", "POST", "PUT", "PATCH", "DELETE" (HEAD is derived) */
    const char* path;      /* Required */
    snl_role min_role;     /* Required: who may call it; SNL_ROLE_PUBLIC for no authentication */
    uint32_t flags;        /* SNL_ROUTE_* bits, 0 for none */
    uint32_t rate_limit_per_minute; /* 0 = none; else enforced by the host per API key (or per
                                       client address on public routes), answering 429 */
    const char* summary;   /* Optional: one line shown in GET /api/v1/plugins */
    /* Since 1.3 (routes of older plugins end before it; the host steps through the array by the
     * first element's struct_size, so every element of one array must have the same size): the
     * largest request body this route
     * accepts, in bytes, e.g. for file uploads; 0 = the server's default (server.max_body_bytes).
     * The host caps it at server.max_upload_bytes and answers 413 beyond the limit, before
     * reading the body when the client declares its length. */
    uint64_t max_body_bytes;
} snl_route_def;

/* One periodic job. The host runs it on its worker pool every `interval_ms`, never two runs of
 * the same job at once (a run still going when the next is due makes the host skip that one). */
typedef struct snl_job_def {
    uint32_t struct_size;      /* sizeof(snl_job_def) */
    const char* name;          /* Required: unique within the plugin, [a-z0-9_.-] */
    uint64_t interval_ms;      /* Required: at least 100 */
    uint64_t initial_delay_ms; /* delay before the first run; 0 = one interval */
} snl_job_def;

/* One event subscription. `topic` is an exact topic ("monitor.state_changed"), a prefix pattern
 * ending in ".*" ("monitor.*"), or "*" for every topic. */
typedef struct snl_subscription_def {
    uint32_t struct_size; /* sizeof(snl_subscription_def) */
    const char* topic;    /* Required */
} snl_subscription_def;

/* One monitor type (since 1.1). The host owns the monitors resource (/api/monitors: storage,
 * scheduling, statuses, incidents, history, /ping/{token}); a plugin contributes the types.
 *   Pull types run an outbound check: the host calls monitor_check_start when one is due.
 *   Push types receive pings on the host's /ping/{token}; the plugin says when the next ping is
 *   expected (monitor_next_expected), and the host marks the monitor offline when none arrives
 *   by then plus the monitor's grace period. */
typedef enum snl_monitor_kind {
    SNL_MONITOR_PULL = 1,
    SNL_MONITOR_PUSH = 2
} snl_monitor_kind;

typedef struct snl_monitor_type_def {
    uint32_t struct_size;            /* sizeof(snl_monitor_type_def) */
    const char* name;                /* Required: [a-z0-9_-], at most 32; unique per host */
    int32_t kind;                    /* Required: snl_monitor_kind */
    const char* const* check_types;  /* sub-checks this type accepts in "check_types" */
    size_t check_type_count;
    const char* summary;             /* Optional: one line */
} snl_monitor_type_def;

/* ---------------------------------------------------------------------------------------------
 * Values the host passes to plugin hooks
 * OWNERSHIP: host-owned, valid only for the duration of the hook call that receives them.
 * ------------------------------------------------------------------------------------------- */

/* The caller of a request. Never NULL inside handle_request. */
typedef struct snl_principal {
    uint32_t struct_size;
    const char* key_id;   /* API key id; NULL when the request carried no valid credentials */
    const char* name;     /* the key's name; NULL with key_id */
    const char* team_id;  /* NULL when the key has no team */
    snl_role role;        /* SNL_ROLE_PUBLIC when unauthenticated (public routes only) */
    /* Since 1.2 (check struct_size): the key's plan, "free" or "pro"; NULL when unauthenticated. */
    const char* plan;
} snl_principal;

typedef struct snl_request {
    uint32_t struct_size;
    const char* request_id;   /* also sent back as X-Request-Id and in every log line */
    const char* method;       /* upper case */
    const char* path;         /* percent-decoded, without the query string */
    const snl_kv* path_params; /* captured ":name" segments, percent-decoded */
    size_t path_param_count;
    const snl_kv* query;      /* percent-decoded ('+' is a space), in order; a key may repeat */
    size_t query_count;
    const snl_kv* headers;    /* names in lower case */
    size_t header_count;
    const char* body;         /* raw bytes; body[body_len] is always '\0' */
    size_t body_len;
    const snl_principal* principal;
    const char* remote_addr;  /* peer address, or the first X-Forwarded-For entry when the host
                                 is configured to trust a proxy */
} snl_request;

typedef struct snl_job_run {
    uint32_t struct_size;
    int64_t scheduled_at_ms; /* when the run was due (Unix ms, host clock) */
    int64_t started_at_ms;   /* when it started */
} snl_job_run;

typedef struct snl_event {
    uint32_t struct_size;
    const char* topic;
    const char* source;       /* name of the publishing plugin, or "host" */
    const char* payload_json; /* a JSON document; payload_json[payload_len] is '\0' */
    size_t payload_len;
    int64_t published_at_ms;
    uint64_t sequence;        /* increases by one per published event, per host process */
} snl_event;

/* ---------------------------------------------------------------------------------------------
 * Database values and rows
 * ------------------------------------------------------------------------------------------- */

typedef enum snl_value_type {
    SNL_VALUE_NULL = 0,
    SNL_VALUE_INT = 1,    /* `i` */
    SNL_VALUE_DOUBLE = 2, /* `d` */
    SNL_VALUE_TEXT = 3,   /* `s`, `len` (UTF-8) */
    SNL_VALUE_BLOB = 4    /* `s`, `len` (bytes) */
} snl_value_type;

typedef struct snl_value {
    int32_t type; /* snl_value_type */
    int64_t i;
    double d;
    const char* s;
    size_t len;
} snl_value;

/* Receives one result row. `column_names` and `values` hold `column_count` entries, valid only
 * during the call. Return SNL_OK to continue, anything else to stop reading rows. */
typedef snl_rc (*snl_row_sink)(void* user, size_t column_count, const char* const* column_names,
                               const snl_value* values);

typedef struct snl_rate_result {
    uint32_t struct_size;
    int32_t allowed;         /* 1 when the request may proceed */
    uint32_t limit;
    uint32_t remaining;
    uint32_t retry_after_s;  /* when not allowed: seconds until the window resets */
    int64_t reset_epoch_s;   /* when the current window ends */
} snl_rate_result;

/* Since 1.2: what a plan allows, from the host's [plans] configuration. */
typedef struct snl_plan_limits {
    uint32_t struct_size;
    uint32_t requests_per_minute;
    uint32_t requests_per_day;
    uint32_t retention_days; /* how long data belonging to the plan's holder is kept */
} snl_plan_limits;

/* ---------------------------------------------------------------------------------------------
 * Host callbacks: services the host offers a plugin. Passed to `init`; valid until `destroy`
 * returns. Every member is set by a host of this API version (members appended in later minor
 * versions are present when struct_size covers them). All are thread-safe unless noted.
 * After a failed call (rc != SNL_OK), `last_error` on the same thread describes it.
 * ------------------------------------------------------------------------------------------- */
typedef struct snl_host_api {
    uint32_t struct_size;
    uint32_t version_major, version_minor, version_patch; /* the host's API version */

    /* Writes one line to the host log, tagged with the plugin's name and, inside a request, the
     * request id. `message` is copied. */
    void (*log)(snl_host_ctx* ctx, snl_log_level level, const char* message);

    /* Reads a key of the plugin's own configuration section ([plugin.<name>] in the INI file).
     * Returns NULL when unset. OWNERSHIP: host-owned, valid until destroy returns. */
    const char* (*config_get)(snl_host_ctx* ctx, const char* key);

    /* The host clock in Unix milliseconds. Tests may drive it; never read the system clock for
     * anything the host schedules. */
    int64_t (*now_ms)(snl_host_ctx* ctx);

    /* Text describing the last failed host call on this thread. OWNERSHIP: host-owned, valid
     * until the next host call on this thread. Never NULL. */
    const char* (*last_error)(snl_host_ctx* ctx);

    /* --- HTTP responses: only inside handle_request, only on its thread, only with its `resp`. */
    void (*response_set_status)(snl_response* resp, int32_t status);
    /* Adds a header; names are case-insensitive. Both strings are copied. */
    void (*response_add_header)(snl_response* resp, const char* name, const char* value);
    /* Sets the body (copied). `content_type` NULL means "application/json". */
    void (*response_set_body)(snl_response* resp, const char* data, size_t len,
                              const char* content_type);
    /* Describes the request for the audit log. `action` is an audit action (CREATE, UPDATE,
     * DELETE, EXECUTE, ...); any argument may be NULL to keep the host's default, which is
     * derived from the method and the path. Copied. */
    void (*response_set_audit)(snl_response* resp, const char* action, const char* resource,
                               const char* resource_id);

    /* --- Database. SQL uses '?' for positional parameters. */
    /* "sqlite" or "postgresql". OWNERSHIP: static. */
    const char* (*db_dialect)(snl_host_ctx* ctx);
    /* Opens a transaction on a pooled connection. The plugin must end it with commit or rollback
     * (on any thread, but not concurrently with a query on it). */
    snl_rc (*db_begin)(snl_host_ctx* ctx, snl_tx** out_tx);
    /* Both end the transaction whatever they return; `tx` is invalid afterwards. */
    snl_rc (*db_commit)(snl_host_ctx* ctx, snl_tx* tx);
    snl_rc (*db_rollback)(snl_host_ctx* ctx, snl_tx* tx);
    /* Runs one statement. `tx` NULL runs it on its own (committed on success). Rows, if any, go
     * to `sink` (may be NULL to discard them); `out_affected` (may be NULL) receives the number
     * of rows changed. A failing statement inside a transaction leaves it to be rolled back. */
    snl_rc (*db_query)(snl_host_ctx* ctx, snl_tx* tx, const char* sql, const snl_value* params,
                       size_t param_count, snl_row_sink sink, void* sink_user,
                       int64_t* out_affected);

    /* --- Event bus. Queues the event and returns; subscribers receive it on the dispatcher.
     * SNL_ERR_BUSY when the bounded queue is full. Both strings are copied. */
    snl_rc (*event_publish)(snl_host_ctx* ctx, const char* topic, const char* payload_json,
                            size_t payload_len);

    /* --- Lua scripts in the host sandbox (instruction and memory limits, no io/os/require).
     * Calls global function `function` of the script at `script_path` (relative to the
     * configured scripts directory) with the elements of the JSON array `args_json` as
     * arguments, and writes its first return value as JSON to `sink`. SNL_ERR_LIMIT when a
     * limit stopped it; the error text names the script and line. */
    snl_rc (*lua_call_file)(snl_host_ctx* ctx, const char* script_path, const char* function,
                            const char* args_json, snl_text_sink sink, void* sink_user);
    /* The same for a script held in memory (e.g. stored in a rule). `chunk_name` names it in
     * errors; the compiled state is cached per chunk name and source. */
    snl_rc (*lua_call_source)(snl_host_ctx* ctx, const char* chunk_name, const char* source,
                              size_t source_len, const char* function, const char* args_json,
                              snl_text_sink sink, void* sink_user);

    /* --- Rate limiting: a fixed window of `window_s` seconds allowing `limit` hits per `key`
     * within `bucket` (namespaced by the plugin). Counts this call as one hit. */
    snl_rc (*rate_limit_hit)(snl_host_ctx* ctx, const char* bucket, const char* key,
                             uint32_t limit, uint32_t window_s, snl_rate_result* out);

    /* --- Since 1.1: monitor checks. Completes the check `check_id` that monitor_check_start
     * began, exactly once, from any thread (also from inside monitor_check_start). `result_json`
     * is an object (copied):
     *   {"is_up": bool,                  required
     *    "degraded": bool,               answers, but something is wrong (slow, a sub-check)
     *    "response_time": number|null,   milliseconds
     *    "status_code": int|null,        protocol status, e.g. HTTP
     *    "message": string,              the cause, for incidents ("connection refused")
     *    "details": object}              kept with the result (timings, sub-check results)
     * SNL_ERR_NOT_FOUND when the check is unknown, already completed or abandoned by the host
     * after its deadline; SNL_ERR_INVALID_ARGUMENT when the result is malformed. */
    snl_rc (*monitor_check_done)(snl_host_ctx* ctx, uint64_t check_id, const char* result_json,
                                 size_t result_len);

    /* --- Since 1.2: Server-Sent Events. Only inside handle_request, only with its `resp`: the
     * response becomes an open text/event-stream subscribed to the plugin's `channel` (a name
     * of the plugin's choosing, e.g. "status"). The status must be 200 (the default); the body
     * set with response_set_body, if any, is sent first and must already be SSE text (e.g.
     * "event: status\ndata: {...}\n\n"). The host sends keep-alive comments, closes the stream
     * when the client goes away or the plugin unloads, and caps open streams (past a cap the
     * host answers 503 or 429 itself, after handle_request returns). The channel is copied.
     * SNL_ERR_INVALID_ARGUMENT for an empty channel. */
    snl_rc (*response_stream)(snl_response* resp, const char* channel);
    /* Sends `sse_text` (complete SSE events, copied) to every open stream on `channel` of this
     * plugin, from any thread; returns at once (slow clients are dropped, not waited for).
     * `out_delivered` (may be NULL) receives the number of streams it was queued to. */
    snl_rc (*stream_publish)(snl_host_ctx* ctx, const char* channel, const char* sse_text,
                             size_t len, uint32_t* out_delivered);
    /* The limits of `plan` ("free", "pro"); `out->struct_size` must be set. SNL_ERR_NOT_FOUND for
     * an unknown plan. */
    snl_rc (*plan_limits)(snl_host_ctx* ctx, const char* plan, snl_plan_limits* out);

    /* --- Since 1.3: the Lua scripts an administrator dropped into `folder` of the scripts
     * directory (e.g. "security"): writes a JSON array of their paths relative to the scripts
     * directory ("security/10-scanners.lua"), sorted by name, `*.lua` files only, not recursive,
     * to `sink`; an absent folder gives []. SNL_ERR_INVALID_ARGUMENT for an absolute folder or
     * one with "..". The paths are what lua_call_file takes. */
    snl_rc (*lua_list_scripts)(snl_host_ctx* ctx, const char* folder, snl_text_sink sink, void* sink_user);
} snl_host_api;

/* ---------------------------------------------------------------------------------------------
 * Plugin hooks: what a plugin offers. `sentinel_plugin_get` returns a pointer to one of these.
 * OWNERSHIP: plugin-owned, static for the life of the loaded library.
 * Capabilities are derived from which optional members are set.
 * ------------------------------------------------------------------------------------------- */
typedef struct snl_plugin {
    uint32_t struct_size; /* sizeof(snl_plugin) as the plugin was built */

    const char* name;        /* Required: [a-z0-9][a-z0-9-]*, at most 64; unique per host */
    const char* version;     /* Required: the plugin's own version, e.g. "1.3.0" */
    const char* description; /* Optional */

    /* Optional (capability "migrations"). Called once before init, from one thread. */
    const snl_migration* (*migrations)(size_t* out_count);

    /* Required. Creates the plugin instance. `host` and `ctx` stay valid until destroy returns.
     * On failure return non-OK; the host then calls last_error (if set) and destroys nothing. */
    snl_rc (*init)(const snl_host_api* host, snl_host_ctx* ctx, snl_plugin_state** out_state);
    /* Required. Called once, after every job, subscription and route of the plugin is gone. */
    void (*destroy)(snl_plugin_state* state);
    /* Optional. Text of the plugin's last failure on this thread; `state` is NULL after a failed
     * init. OWNERSHIP: plugin-owned, valid until the next call into the plugin on this thread. */
    const char* (*last_error)(snl_plugin_state* state);

    /* Optional capability "routes": set both or neither. `routes` is called once after init.
     * handle_request builds the response with the host's response_* callbacks; a non-OK return
     * makes the host answer 500 (the plugin's last_error goes to the log, not to the client). */
    const snl_route_def* (*routes)(snl_plugin_state* state, size_t* out_count);
    snl_rc (*handle_request)(snl_plugin_state* state, size_t route_index, const snl_request* req,
                             snl_response* resp);

    /* Optional capability "jobs": set both or neither. `jobs` is called once after init. */
    const snl_job_def* (*jobs)(snl_plugin_state* state, size_t* out_count);
    snl_rc (*run_job)(snl_plugin_state* state, size_t job_index, const snl_job_run* run);

    /* Optional capability "events": set both or neither. `subscriptions` is called once after
     * init. on_event is called for one event at a time per plugin, in publication order. */
    const snl_subscription_def* (*subscriptions)(snl_plugin_state* state, size_t* out_count);
    snl_rc (*on_event)(snl_plugin_state* state, size_t subscription_index, const snl_event* event);

    /* Optional capability "monitor types" (since 1.1). `monitor_types` is called once after init
     * and `monitor_validate` is required with it; pull types need monitor_check_start, push types
     * monitor_next_expected. `monitor_json` is the monitor as a JSON object: the common fields of
     * /api/monitors (id, monitor_type, url, port, check_interval, check_types, heartbeat_*, ...)
     * plus the type's own fields, with "timeout_ms" and "region" added by the host for checks. */
    const snl_monitor_type_def* (*monitor_types)(snl_plugin_state* state, size_t* out_count);

    /* Validates a monitor being created or updated: the request body merged over the stored
     * monitor. The host has checked the common fields. Writes to `sink` one JSON object:
     *   {"errors": [{"field": name, "message": text}, ...],   empty when valid
     *    "fields": {...}}  the type's fields, normalised and with defaults: any of url, port,
     *                      heartbeat_interval, heartbeat_cron_expression, and type-specific
     *                      options (kept by the host and shown in the monitor's JSON). */
    snl_rc (*monitor_validate)(snl_plugin_state* state, size_t type_index, const char* monitor_json,
                               size_t monitor_len, snl_text_sink sink, void* sink_user);
    /* Pull types: starts one check and returns quickly (run it on the plugin's own threads or
     * event loop); the result comes back through the host's monitor_check_done. A non-OK return
     * means the check did not start (the host records it as failed with the last error). */
    snl_rc (*monitor_check_start)(snl_plugin_state* state, size_t type_index, uint64_t check_id,
                                  const char* monitor_json, size_t monitor_len);
    /* Push types: the first time after `after_ms` (Unix ms) at which a ping is due. Returns
     * SNL_ERR_NOT_FOUND when none will ever be. */
    snl_rc (*monitor_next_expected)(snl_plugin_state* state, size_t type_index,
                                    const char* monitor_json, size_t monitor_len, int64_t after_ms,
                                    int64_t* out_expected_ms);
} snl_plugin;

/* The two symbols every plugin exports (extern "C", default visibility).
 *
 * sentinel_plugin_api_version: Required. Returns the SNL_API_VERSION_STRING the plugin was built
 * against ("MAJOR.MINOR.PATCH"); static storage. The host calls it before anything else.
 *
 * sentinel_plugin_get: Required. Returns the plugin's descriptor; static storage. */
typedef const char* (*snl_api_version_fn)(void);
typedef const snl_plugin* (*snl_get_plugin_fn)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SENTINEL_PLUGIN_API_H */
