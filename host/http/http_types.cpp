#include "http/http_types.hpp"

#include <algorithm>
#include <cctype>

namespace sentinel::host {

void DeferredResponse::complete(HttpResponse response) {
    std::unique_lock lock(mutex_);
    if (result_ || delivered_) return;
    result_ = std::move(response);
    deliver_if_ready(lock);
}

void DeferredResponse::add_step(Step step) {
    std::lock_guard lock(mutex_);
    steps_.push_back(std::move(step));
}

void DeferredResponse::deliver_to(Sink sink) {
    std::unique_lock lock(mutex_);
    sink_ = std::move(sink);
    deliver_if_ready(lock);
}

void DeferredResponse::deliver_if_ready(std::unique_lock<std::mutex>& lock) {
    if (delivered_ || !result_ || !sink_) return;
    delivered_ = true;
    HttpResponse r = std::move(*result_);
    auto steps = std::move(steps_);
    auto sink = std::move(sink_);
    lock.unlock();
    for (auto& step : steps) r = step(std::move(r));
    sink(std::move(r));
}

HttpResponse json_response(int status, const nlohmann::json& body) {
    HttpResponse r;
    r.status = status;
    // Request text echoed in messages may be invalid UTF-8: replace it rather than throw.
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

HttpResponse error_response(int status, std::string_view message, const nlohmann::json& extra) {
    return json_response(status, sdk::error_body(status, message, extra));
}

} // namespace sentinel::host

namespace sentinel::host {

bool is_safe_header(std::string_view name, std::string_view value) {
    constexpr std::string_view token_symbols = "!#$%&'*+-.^_`|~";
    auto token_char = [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || token_symbols.find(c) != std::string_view::npos;
    };
    if (name.empty() || !std::all_of(name.begin(), name.end(), token_char)) return false;
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

} // namespace sentinel::host
