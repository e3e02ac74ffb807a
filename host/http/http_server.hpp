// The HTTP listener (Pistache behind a pimpl, so only one .cpp pays for its headers).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace sentinel::host {

class Dispatcher;
class StreamHub;

struct HttpServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080; // 0 picks a free port (see port())
    int threads = 4;
    std::size_t max_body_bytes = 1 << 20;
    std::size_t max_upload_bytes = 128 << 20; // the most any route may accept (see Dispatcher::body_limit)
    std::chrono::milliseconds header_timeout{10000};
    std::chrono::milliseconds body_timeout{30000};
    std::chrono::milliseconds keepalive_timeout{60000};
};

class HttpServer {
public:
    // `streams` (optional) receives the event streams responses open; without it they get 503.
    HttpServer(HttpServerOptions options, Dispatcher& dispatcher, StreamHub* streams = nullptr);
    ~HttpServer();
    void start();          // binds and serves on background threads; throws on bind failure
    void stop();           // stops accepting and joins the serving threads; idempotent
    std::uint16_t port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace sentinel::host
