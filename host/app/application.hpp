// sentineld's object graph, built in dependency order and torn down in reverse:
// storage -> host schema -> keys, audit, limiter -> Lua -> events -> scheduler -> routes ->
// plugins -> HTTP. Stopping closes the listener first, so in-flight requests finish, then
// lets jobs and queued events finish, unloads plugins, and closes storage last.
#pragma once

#include "config/settings.hpp"

#include <cstdint>
#include <memory>

namespace sentinel::host {

class Application {
public:
    explicit Application(Settings settings);
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    void start(); // throws on failure (database unreachable, port in use, ...)
    void stop();  // idempotent
    std::uint16_t port() const;

private:
    struct Parts;
    Settings settings_;
    std::unique_ptr<Parts> parts_;
};

} // namespace sentinel::host
