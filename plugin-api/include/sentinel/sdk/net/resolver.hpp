// Building block for probe plugins (Linux/POSIX): name resolution off the event loop, with
// getaddrinfo on a few worker threads that the Resolver owns. getaddrinfo cannot be cancelled,
// so a worker stays busy until the system resolver gives up; checks enforce their own deadlines
// and drop late answers.
//
//   sentinel::sdk::net::Resolver resolver(2);
//   if (auto numeric = Resolver::numeric(host)) use(*numeric);   // no thread hop for literals
//   else resolver.resolve(host, [&](Resolution r) { loop.post(...); });  // on a worker thread
#pragma once

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <sentinel/sdk/net/detail/thread.hpp>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::sdk::net {

// One IPv4 or IPv6 socket address, ready for connect()/sendto().
struct Address {
    sockaddr_storage storage{};
    socklen_t length = 0;

    int family() const noexcept { return storage.ss_family; }
    void set_port(std::uint16_t port) noexcept {
        if (family() == AF_INET) reinterpret_cast<sockaddr_in&>(storage).sin_port = htons(port);
        else if (family() == AF_INET6) reinterpret_cast<sockaddr_in6&>(storage).sin6_port = htons(port);
    }
    // "10.0.0.5", "::1"; "?" for another family.
    std::string text() const {
        char buffer[INET6_ADDRSTRLEN] = {};
        const void* raw =
            family() == AF_INET
                ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in&>(storage).sin_addr)
                : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6&>(storage).sin6_addr);
        return ::inet_ntop(family(), raw, buffer, sizeof buffer) ? buffer : "?";
    }
};

struct Resolution {
    std::vector<Address> addresses; // IPv4 and IPv6 only, in the resolver's order; empty on failure
    std::string error;              // the resolver's text when `addresses` is empty
    double elapsed_ms = 0;
};

namespace detail {
struct AddrinfoDeleter {
    void operator()(addrinfo* list) const noexcept { ::freeaddrinfo(list); }
};

inline Resolution lookup(const std::string& host, int flags) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM; // one entry per address
    hints.ai_flags = flags;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
    const std::unique_ptr<addrinfo, AddrinfoDeleter> list(found);

    Resolution result;
    if (rc != 0) {
        result.error = rc == EAI_SYSTEM ? std::strerror(errno) : ::gai_strerror(rc);
    } else {
        for (const addrinfo* a = list.get(); a; a = a->ai_next) {
            if (a->ai_family != AF_INET && a->ai_family != AF_INET6) continue;
            Address address;
            std::memcpy(&address.storage, a->ai_addr, a->ai_addrlen);
            address.length = a->ai_addrlen;
            result.addresses.push_back(address);
        }
        if (result.addresses.empty()) result.error = "no IPv4 or IPv6 address";
    }
    result.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return result;
}
} // namespace detail

class Resolver {
public:
    using Callback = std::function<void(Resolution)>;

    // Starts `threads` workers (0: resolve() queues forever); throws std::system_error.
    explicit Resolver(std::size_t threads);
    // Joins the workers (after their current lookup); queued lookups are dropped unrun.
    ~Resolver();
    Resolver(const Resolver&) = delete;
    Resolver& operator=(const Resolver&) = delete;

    // Any thread. `done` runs on a worker thread; an exception it throws is swallowed.
    void resolve(std::string host, Callback done);

    // Numeric addresses ("10.0.0.5", "::1", "fe80::1%eth0") resolve without blocking;
    // std::nullopt when `host` is a name.
    static std::optional<Resolution> numeric(const std::string& host) {
        auto result = detail::lookup(host, AI_NUMERICHOST);
        if (result.addresses.empty()) return std::nullopt;
        return result;
    }

private:
    struct Request {
        std::string host;
        Callback done;
    };
    static void* worker_main(void* self) noexcept {
        static_cast<Resolver*>(self)->work();
        return nullptr;
    }
    void work();
    void stop_and_join() noexcept;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Request> queue_; // guarded by mutex_
    bool stopping_ = false;     // guarded by mutex_
    std::vector<detail::Thread> workers_; // not std::thread: see detail/thread.hpp
};

inline Resolver::Resolver(std::size_t threads) {
    workers_.reserve(threads);
    try {
        for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back(&Resolver::worker_main, this);
    } catch (...) {
        stop_and_join();
        throw;
    }
}

inline Resolver::~Resolver() { stop_and_join(); }

inline void Resolver::stop_and_join() noexcept {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
}

inline void Resolver::resolve(std::string host, Callback done) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(Request{std::move(host), std::move(done)});
    }
    wake_.notify_one();
}

inline void Resolver::work() {
    for (;;) {
        Request request;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            request = std::move(queue_.front());
            queue_.pop_front();
        }
        try {
            request.done(detail::lookup(request.host, 0));
        } catch (...) {
            // The callback's owner completes its check by RAII when the answer is lost.
        }
    }
}

} // namespace sentinel::sdk::net
