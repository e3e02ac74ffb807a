// Loopback targets for the connect tests; Collector (a bounded wait for results) is the SDK's.
#pragma once

#include <sentinel/sdk/net/unique_fd.hpp>
#include <sentinel/sdk/testing/collector.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace port_plugin::testing {

using sentinel::sdk::net::UniqueFd;

// A socket bound to an ephemeral loopback port; listens when `backlog` >= 0.
class Listener {
public:
    explicit Listener(int family = AF_INET, int backlog = 16) {
        fd_ = UniqueFd(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_storage address{};
        socklen_t length = 0;
        if (family == AF_INET) {
            auto& in = reinterpret_cast<sockaddr_in&>(address);
            in.sin_family = AF_INET;
            in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            length = sizeof in;
        } else {
            auto& in6 = reinterpret_cast<sockaddr_in6&>(address);
            in6.sin6_family = AF_INET6;
            in6.sin6_addr = in6addr_loopback;
            length = sizeof in6;
        }
        if (!fd_ || ::bind(fd_.get(), reinterpret_cast<sockaddr*>(&address), length) != 0) {
            fd_.reset();
            return;
        }
        ::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in&>(address).sin_port
                                        : reinterpret_cast<sockaddr_in6&>(address).sin6_port);
        if (backlog >= 0 && ::listen(fd_.get(), backlog) != 0) fd_.reset();
    }
    bool ok() const { return static_cast<bool>(fd_); }
    std::uint16_t port() const { return port_; }
    void close() { fd_.reset(); }

private:
    UniqueFd fd_;
    std::uint16_t port_ = 0;
};

// A loopback listener whose accept queue is full, so further SYNs are dropped and connects
// hang until the client gives up: a timeout target that needs no outside network.
class BlackholeListener {
public:
    BlackholeListener() : listener_(AF_INET, 0) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(listener_.port());
        for (int i = 0; i < 3; ++i) {
            UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
            ::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address);
            fillers_.push_back(std::move(fd));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::uint16_t port() const { return listener_.port(); }

private:
    Listener listener_;
    std::vector<UniqueFd> fillers_;
};

using sentinel::sdk::testing::Collector;

} // namespace port_plugin::testing
