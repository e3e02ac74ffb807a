#include "resolver.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>
#include <memory>

namespace ping_plugin {
namespace {

using Clock = std::chrono::steady_clock;

struct AddrinfoDeleter {
    void operator()(addrinfo* list) const noexcept { ::freeaddrinfo(list); }
};

Resolution lookup(const std::string& host, int flags) {
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

} // namespace

void Address::set_port(std::uint16_t port) noexcept {
    if (family() == AF_INET) reinterpret_cast<sockaddr_in&>(storage).sin_port = htons(port);
    else if (family() == AF_INET6) reinterpret_cast<sockaddr_in6&>(storage).sin6_port = htons(port);
}

std::string Address::text() const {
    char buffer[INET6_ADDRSTRLEN] = {};
    const void* raw = family() == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in&>(storage).sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6&>(storage).sin6_addr);
    return ::inet_ntop(family(), raw, buffer, sizeof buffer) ? buffer : "?";
}

Resolver::Resolver(std::size_t threads) {
    workers_.reserve(threads);
    try {
        for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
    } catch (...) {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (auto& worker : workers_) worker.join();
        throw;
    }
}

Resolver::~Resolver() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
}

void Resolver::resolve(std::string host, Callback done) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(Request{std::move(host), std::move(done)});
    }
    wake_.notify_one();
}

std::optional<Resolution> Resolver::numeric(const std::string& host) {
    auto result = lookup(host, AI_NUMERICHOST);
    if (result.addresses.empty()) return std::nullopt;
    return result;
}

void Resolver::work() {
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
            request.done(lookup(request.host, 0));
        } catch (...) {
            // The callback's owner completes its check by RAII when the answer is lost.
        }
    }
}

} // namespace ping_plugin
