// The host's own request/response types: what the dispatcher works on, independent of Pistache,
// so the whole request pipeline is testable without a socket.
#pragma once

#include <sentinel/sdk/http.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sentinel::host {

using sdk::Pairs;
using sdk::Principal;
using sdk::Role;

struct HttpRequest {
    std::string method;     // upper case
    std::string path;       // percent-decoded, no query
    Pairs query;            // percent-decoded
    Pairs headers;          // names lower case
    std::string body;
    std::string remote_addr;

    const std::string* header(std::string_view lower_name) const {
        for (const auto& [k, v] : headers)
            if (k == lower_name) return &v;
        return nullptr;
    }
};

class DeferredResponse;

// Where an event-stream response subscribes (see stream_hub.hpp).
struct StreamTarget {
    std::string owner;
    std::string channel;
};

struct HttpResponse {
    int status = 200;
    Pairs headers;
    std::string body;
    std::string content_type = "application/json";
    // Set by a handler that answers later, from another thread (e.g. once a batched write has
    // committed); the other members are then ignored.
    std::shared_ptr<DeferredResponse> deferred;
    // Set by a handler that answers with Server-Sent Events: the status, headers and body go out
    // first, then the connection stays open for the events published to this target.
    std::optional<StreamTarget> stream;

    void set_header(std::string name, std::string value) {
        for (auto& [k, v] : headers) {
            if (k == name) {
                v = std::move(value);
                return;
            }
        }
        headers.emplace_back(std::move(name), std::move(value));
    }
    const std::string* header(std::string_view name) const {
        for (const auto& [k, v] : headers)
            if (k == name) return &v;
        return nullptr;
    }
};

// A response completed later. The pipeline adds its finishing steps (audit, headers) while the
// handler returns; the server says where the result goes; complete() may come before or after
// either, from any thread, and the response is delivered once both ends are known.
class DeferredResponse {
public:
    using Step = std::function<HttpResponse(HttpResponse)>;
    using Sink = std::function<void(HttpResponse)>;

    void complete(HttpResponse response);
    void add_step(Step step);
    void deliver_to(Sink sink);

private:
    void deliver_if_ready(std::unique_lock<std::mutex>& lock);

    std::mutex mutex_;
    std::vector<Step> steps_;
    std::optional<HttpResponse> result_;
    Sink sink_;
    bool delivered_ = false;
};

// A header the server may write: the name an RFC 9110 token, the value free of control
// characters other than tab (so neither can split the head or inject a header).
bool is_safe_header(std::string_view name, std::string_view value);

HttpResponse json_response(int status, const nlohmann::json& body);
// The standard error body {"error","message","statusCode"} (plus `extra` members).
HttpResponse error_response(int status, std::string_view message,
                            const nlohmann::json& extra = nlohmann::json::object());

} // namespace sentinel::host
