#include "enricher_settings.hpp"

#include <sentinel/sdk/errors.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace sentinel::security {
namespace {

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

[[noreturn]] void reject(std::string_view key, std::string_view rule, std::string_view got = {}) {
    std::string message = "configuration key '" + std::string(key) + "' " + std::string(rule);
    if (!got.empty()) message += ", got '" + std::string(got) + "'";
    throw sdk::ConfigError(message);
}

std::string api_key_from(const sdk::Config& config) {
    std::string key = trimmed(config.get_or("llm_api_key", ""));
    const bool printable = std::all_of(key.begin(), key.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte > 0x20 && byte < 0x7f;
    });
    // The value itself is never echoed: it is a secret.
    if (!printable) reject("llm_api_key", "must be printable ASCII without spaces");
    return key;
}

bool loopback_host(std::string_view authority) {
    constexpr std::array loopbacks{"localhost", "127.0.0.1", "[::1]"};
    const auto host_end = authority.starts_with('[') ? authority.find(']') + 1 : authority.find(':');
    const std::string_view host = authority.substr(0, host_end);
    return std::find(loopbacks.begin(), loopbacks.end(), host) != loopbacks.end();
}

std::string endpoint_from(const sdk::Config& config, const std::string& fallback) {
    const auto raw = config.get("llm_endpoint");
    if (!raw) return fallback;
    std::string endpoint = trimmed(*raw);
    while (endpoint.ends_with('/')) endpoint.pop_back();
    const bool https = endpoint.starts_with("https://");
    const bool http = endpoint.starts_with("http://");
    const std::string_view rest = std::string_view(endpoint).substr(https ? 8 : http ? 7 : 0);
    const std::string_view authority = rest.substr(0, rest.find('/'));
    const bool clean = std::none_of(endpoint.begin(), endpoint.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte >= 0x7f || c == '?' || c == '#' || c == '@';
    });
    if ((!https && !http) || authority.empty() || !clean)
        reject("llm_endpoint", "must be a URL like https://generativelanguage.googleapis.com", *raw);
    if (http && !loopback_host(authority))
        reject("llm_endpoint", "must use https:// (http:// only to localhost, 127.0.0.1 or [::1])", *raw);
    return endpoint;
}

std::string model_from(const sdk::Config& config, const std::string& fallback) {
    const auto raw = config.get("llm_model");
    if (!raw) return fallback;
    std::string model = trimmed(*raw);
    const bool valid = !model.empty() && model.size() <= 128 && std::all_of(model.begin(), model.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
    if (!valid) reject("llm_model", "must be 1 to 128 of [A-Za-z0-9._-]", *raw);
    return model;
}

} // namespace

EnricherSettings EnricherSettings::from(const sdk::Config& config) {
    EnricherSettings s;
    s.api_key = api_key_from(config);
    s.endpoint = endpoint_from(config, s.endpoint);
    s.model = model_from(config, s.model);
    s.timeout = std::chrono::milliseconds(config.get_int("llm_timeout_ms", s.timeout.count(), 100, 300'000));
    s.queue_capacity = static_cast<std::size_t>(
        config.get_int("llm_queue_capacity", static_cast<std::int64_t>(s.queue_capacity), 1, 1'000'000));
    s.failure_threshold = static_cast<int>(config.get_int("llm_failure_threshold", s.failure_threshold, 1, 1000));
    s.open_for = std::chrono::seconds(config.get_int("llm_open_seconds", 60, 1, 86'400));
    return s;
}

} // namespace sentinel::security
