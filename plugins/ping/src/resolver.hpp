// Name resolution off the event loop: getaddrinfo on a few worker threads. getaddrinfo cannot
// be cancelled, so a worker stays busy until the system resolver gives up; checks enforce their
// own deadlines and drop late answers.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ping_plugin {

struct Address {
    sockaddr_storage storage{};
    socklen_t length = 0;

    int family() const noexcept { return storage.ss_family; }
    void set_port(std::uint16_t port) noexcept;
    std::string text() const; // "10.0.0.5", "::1"
};

struct Resolution {
    std::vector<Address> addresses; // empty on failure
    std::string error;              // the resolver's text when `addresses` is empty
    double elapsed_ms = 0;
};

class Resolver {
public:
    using Callback = std::function<void(Resolution)>;

    explicit Resolver(std::size_t threads);
    // Joins the workers (after their current lookup); queued lookups are dropped unrun.
    ~Resolver();
    Resolver(const Resolver&) = delete;
    Resolver& operator=(const Resolver&) = delete;

    // Any thread. `done` runs on a worker thread.
    void resolve(std::string host, Callback done);

    // Numeric addresses ("10.0.0.5", "::1", "fe80::1%eth0") resolve without blocking;
    // std::nullopt when `host` is a name.
    static std::optional<Resolution> numeric(const std::string& host);

private:
    struct Request {
        std::string host;
        Callback done;
    };
    void work();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Request> queue_; // guarded by mutex_
    bool stopping_ = false;     // guarded by mutex_
    std::vector<std::thread> workers_;
};

} // namespace ping_plugin
