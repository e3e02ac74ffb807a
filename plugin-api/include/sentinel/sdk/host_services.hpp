// The host services a plugin uses, as abstract interfaces: the plugin's constructor receives a
// HostServices, and unit tests pass GoogleMock mocks (sentinel/sdk/testing/mocks.hpp) instead.
#pragma once

#include <sentinel/sdk/database.hpp>
#include <sentinel/sdk/errors.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::sdk {

enum class LogLevel { Trace = SNL_LOG_TRACE, Debug = SNL_LOG_DEBUG, Info = SNL_LOG_INFO,
                      Warn = SNL_LOG_WARN, Error = SNL_LOG_ERROR };

class Logger {
public:
    virtual ~Logger() = default;
    virtual void log(LogLevel level, std::string_view message) = 0;

    void debug(std::string_view m) { log(LogLevel::Debug, m); }
    void info(std::string_view m) { log(LogLevel::Info, m); }
    void warn(std::string_view m) { log(LogLevel::Warn, m); }
    void error(std::string_view m) { log(LogLevel::Error, m); }
};

// The plugin's own configuration section, [plugin.<name>].
class Config {
public:
    virtual ~Config() = default;
    virtual std::optional<std::string> get(std::string_view key) const = 0;

    std::string get_or(std::string_view key, std::string fallback) const {
        auto v = get(key);
        return v ? *v : std::move(fallback);
    }
    // An integer in [min, max]; ConfigError naming the key when malformed or out of range.
    std::int64_t get_int(std::string_view key, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) const {
        auto v = get(key);
        if (!v) return fallback;
        std::int64_t out = 0;
        auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
        if (ec != std::errc() || end != v->data() + v->size() || out < min || out > max) {
            throw ConfigError("configuration key '" + std::string(key) + "' must be an integer from " +
                              std::to_string(min) + " to " + std::to_string(max) + ", got '" + *v + "'");
        }
        return out;
    }
};

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t now_ms() const = 0; // Unix milliseconds, host clock
};

class EventPublisher {
public:
    virtual ~EventPublisher() = default;
    // Queues an event; throws HostError(SNL_ERR_BUSY) when the bus is full.
    virtual void publish(std::string_view topic, const nlohmann::json& payload) = 0;
};

class ScriptRunner {
public:
    virtual ~ScriptRunner() = default;
    // Calls `function` of the script file (relative to the scripts directory) with the elements
    // of `args` (a JSON array); returns its first result. Throws ScriptError.
    virtual nlohmann::json call_file(std::string_view script_path, std::string_view function,
                                     const nlohmann::json& args) = 0;
    virtual nlohmann::json call_source(std::string_view chunk_name, std::string_view source,
                                       std::string_view function, const nlohmann::json& args) = 0;
    // API 1.3: the *.lua files in `folder` of the scripts directory, as paths call_file takes
    // ("security/10-x.lua"), sorted by name. Throws HostError(SNL_ERR_UNSUPPORTED) on older hosts.
    virtual std::vector<std::string> list(std::string_view folder) {
        (void)folder;
        throw HostError(SNL_ERR_UNSUPPORTED, "listing scripts needs plugin API 1.3");
    }
};

struct RateDecision {
    bool allowed = true;
    std::uint32_t limit = 0;
    std::uint32_t remaining = 0;
    std::uint32_t retry_after_s = 0;
    std::int64_t reset_epoch_s = 0;
};

class RateLimiter {
public:
    virtual ~RateLimiter() = default;
    // Counts one hit for `key` in `bucket`; `limit` hits per `window_s` seconds are allowed.
    virtual RateDecision hit(std::string_view bucket, std::string_view key, std::uint32_t limit,
                             std::uint32_t window_s) = 0;
};

// Server-Sent Events to the streams a plugin's routes opened with Response::event_stream (API 1.2).
class Streams {
public:
    virtual ~Streams() = default;
    // Queues `sse_text` (complete events, see sse.hpp) to every open stream on `channel`;
    // returns how many streams it was queued to.
    virtual std::uint32_t publish(std::string_view channel, std::string_view sse_text) = 0;
};

struct PlanLimits {
    std::uint32_t requests_per_minute = 0;
    std::uint32_t requests_per_day = 0;
    std::uint32_t retention_days = 0;
};

// The host's plans ([plans] in its configuration), API 1.2.
class Plans {
public:
    virtual ~Plans() = default;
    // The limits of "free" or "pro"; HostError(SNL_ERR_NOT_FOUND) for an unknown plan.
    virtual PlanLimits limits(std::string_view plan) const = 0;
};

// Everything a plugin receives from the host. The references stay valid for the plugin's life.
struct HostServices {
    Logger& log;
    Config& config;
    Clock& clock;
    Database& db;
    EventPublisher& events;
    ScriptRunner& scripts;
    RateLimiter& rate_limiter;
    Streams& streams;
    Plans& plans;
};

} // namespace sentinel::sdk
