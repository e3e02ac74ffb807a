// Request and Response value types for route handlers, and the exceptions a handler throws to
// answer with an error. They own their data, so unit tests build them directly.
#pragma once

#include <sentinel/plugin_api.h>
#include <sentinel/sdk/error_body.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sentinel::sdk {

enum class Role : int {
    Public = SNL_ROLE_PUBLIC,
    Viewer = SNL_ROLE_VIEWER,
    Developer = SNL_ROLE_DEVELOPER,
    Operator = SNL_ROLE_OPERATOR,
    Admin = SNL_ROLE_ADMIN
};

inline std::string_view role_name(Role role) noexcept {
    switch (role) {
    case Role::Public: return "PUBLIC";
    case Role::Viewer: return "VIEWER";
    case Role::Developer: return "DEVELOPER";
    case Role::Operator: return "OPERATOR";
    case Role::Admin: return "ADMIN";
    }
    return "PUBLIC";
}

struct Principal {
    std::string key_id;  // empty when unauthenticated
    std::string name;
    std::string team_id; // empty when the key has no team
    Role role = Role::Public;
    std::string plan;    // "free" or "pro"; empty when unauthenticated (API 1.2)
    bool authenticated() const noexcept { return !key_id.empty(); }
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

// A handler's way to answer with an error status: the SDK turns it into the standard error body.
class HttpError : public std::runtime_error {
public:
    HttpError(int status, std::string message, nlohmann::json extra = nlohmann::json::object())
        : std::runtime_error(std::move(message)), status_(status), extra_(std::move(extra)) {}
    int status() const noexcept { return status_; }
    const nlohmann::json& extra() const noexcept { return extra_; }

private:
    int status_;
    nlohmann::json extra_;
};

// Field-by-field validation problems, answered as 422
// {"error":"Validation Error","message":...,"statusCode":422,
//  "details":{"formErrors":[...],"fieldErrors":{"field":["problem", ...]}}}.
class ValidationErrors {
public:
    ValidationErrors& add(const std::string& field, std::string problem) {
        fields_[field].push_back(std::move(problem));
        return *this;
    }
    ValidationErrors& add_form(std::string problem) {
        form_.push_back(std::move(problem));
        return *this;
    }
    bool empty() const noexcept { return fields_.empty() && form_.empty(); }
    nlohmann::json details() const {
        return {{"formErrors", form_}, {"fieldErrors", fields_}};
    }
    // Throws HttpError(status) when any problem was recorded.
    void throw_if_any(std::string message = "Invalid request body", int status = 422) const {
        if (!empty()) throw HttpError(status, std::move(message), {{"details", details()}});
    }

private:
    std::map<std::string, std::vector<std::string>> fields_;
    std::vector<std::string> form_;
};

class Request {
public:
    std::string request_id;
    std::string method;
    std::string path;
    Pairs path_params;
    Pairs query;   // decoded, in order
    Pairs headers; // names in lower case
    std::string body;
    Principal principal;
    std::string remote_addr;

    // A captured ":name" path segment.
    std::optional<std::string> path_param(std::string_view name) const {
        return find(path_params, name, false);
    }
    // A query value; when the key repeats, the last value wins.
    std::optional<std::string> query_value(std::string_view name) const {
        return find(query, name, false);
    }
    // Every value of a repeated query key, in order.
    std::vector<std::string> query_values(std::string_view name) const {
        std::vector<std::string> out;
        for (const auto& [k, v] : query)
            if (k == name) out.push_back(v);
        return out;
    }
    std::optional<std::string> header(std::string_view name) const {
        return find(headers, name, true);
    }
    // The body parsed as JSON; 400 "Request body must be valid JSON" when it is not.
    nlohmann::json json() const {
        auto parsed = nlohmann::json::parse(body, nullptr, false);
        if (parsed.is_discarded()) throw HttpError(400, "Request body must be valid JSON");
        return parsed;
    }
    // The body as a JSON object; 400 when it is not valid JSON or not an object.
    nlohmann::json json_object() const {
        auto parsed = json();
        if (!parsed.is_object()) throw HttpError(400, "Request body must be a JSON object");
        return parsed;
    }

private:
    static std::optional<std::string> find(const Pairs& pairs, std::string_view name,
                                           bool case_insensitive) {
        std::optional<std::string> found;
        for (const auto& [k, v] : pairs) {
            if (case_insensitive ? iequals(k, name) : k == name) found = v;
        }
        return found;
    }
    static bool iequals(std::string_view a, std::string_view b) {
        return a.size() == b.size() &&
               std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) ==
                          std::tolower(static_cast<unsigned char>(y));
               });
    }
};

// What the audit log records for a mutating request; empty members keep the host's defaults.
struct AuditNote {
    std::string action;
    std::string resource;
    std::string resource_id;
};

struct Response {
    int status = 200;
    Pairs headers;
    std::string body;
    std::string content_type = "application/json";
    std::optional<AuditNote> audit;
    // Set by event_stream(): the response stays open as Server-Sent Events on this channel.
    std::optional<std::string> stream_channel;

    static Response json(const nlohmann::json& value, int status = 200) {
        Response r;
        r.status = status;
        // Input echoed back may be invalid UTF-8: replace it rather than throw.
        r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return r;
    }
    static Response text(std::string body, int status = 200,
                         std::string content_type = "text/plain; charset=utf-8") {
        Response r;
        r.status = status;
        r.body = std::move(body);
        r.content_type = std::move(content_type);
        return r;
    }
    // An open text/event-stream subscribed to the plugin's `channel` (API 1.2); `first_events`
    // (SSE text, see sse.hpp) is sent at once, later events come from Streams::publish.
    static Response event_stream(std::string channel, std::string first_events) {
        Response r;
        r.body = std::move(first_events);
        r.content_type = "text/event-stream";
        r.stream_channel = std::move(channel);
        return r;
    }
    static Response no_content() {
        Response r;
        r.status = 204;
        r.content_type.clear();
        return r;
    }
    static Response error(int status, std::string_view message,
                          const nlohmann::json& extra = nlohmann::json::object()) {
        return json(error_body(status, message, extra), status);
    }
    Response& with_header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    Response& with_audit(std::string action, std::string resource = {},
                         std::string resource_id = {}) {
        audit = AuditNote{std::move(action), std::move(resource), std::move(resource_id)};
        return *this;
    }
};

} // namespace sentinel::sdk
