// A fake host for driving the SDK through the C ABI alone: the opaque handles of plugin_api.h
// are defined here as plain records, and fake_host_api() is an snl_host_api whose callbacks
// record what the plugin asked for and answer from what the test scripted.
#pragma once

#include <sentinel/plugin_api.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// The host context of one loaded plugin: its configuration, and everything it did.
struct snl_host_ctx {
    std::map<std::string, std::string> config;
    std::vector<std::pair<snl_log_level, std::string>> logs;
    std::int64_t now_ms = 1'700'000'000'000;
    std::string last_error = "no error";

    // One statement the plugin ran; parameters are rendered as "int:1", "text:a", "null", ...
    struct Statement {
        std::string sql;
        std::vector<std::string> params;
        const snl_tx* tx;
    };
    std::vector<Statement> statements;
    // What every db_query answers: these rows (column names and cells must outlive the call),
    // this affected count, and this rc with this error text.
    std::vector<const char*> columns;
    std::vector<std::vector<snl_value>> rows;
    std::int64_t affected = 0;
    snl_rc query_rc = SNL_OK;
    std::string query_error;
    std::vector<std::string> transaction_log; // "begin 1", "commit 1", "rollback 1"
    std::deque<std::unique_ptr<snl_tx>> transactions;

    std::vector<std::pair<std::string, std::string>> published; // topic, payload
    snl_rc publish_rc = SNL_OK;

    std::string script_result = "null"; // JSON the lua_call_* callbacks write to the sink
    snl_rc script_rc = SNL_OK;
    std::vector<std::string> script_calls; // "file:path:function:args" / "source:chunk:function:args"

    std::vector<std::pair<std::string, std::string>> streamed; // channel, SSE text (API 1.2)
    std::uint32_t stream_listeners = 2;                         // what stream_publish reports
};

struct snl_tx {
    int id;
};

// One request's response, as the plugin built it.
struct snl_response {
    std::optional<int> status;
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<std::string> body;
    std::optional<std::string> content_type; // as passed; "" when NULL
    std::vector<std::string> audit;           // action, resource, id ("-" for NULL)
    std::optional<std::string> stream_channel; // set by response_stream (API 1.2)
};

const snl_host_api& fake_host_api();

// A value of each type, for scripting rows.
snl_value int_value(std::int64_t i);
snl_value double_value(double d);
snl_value text_value(const char* s);
snl_value null_value();
