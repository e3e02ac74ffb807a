#include "connect_prober.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace port_plugin {
namespace {

using Clock = net::EventLoop::Clock;

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// What a check still in flight reports when the prober is destroyed.
ConnectOutcome cancelled() {
    ConnectOutcome outcome;
    outcome.failure = Failure::Cancelled;
    return outcome;
}

Failure classify(int error) {
    switch (error) {
    case ECONNREFUSED: return Failure::Refused;
    case ETIMEDOUT: return Failure::Timeout;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENETDOWN:
    case EHOSTDOWN:
    case EADDRNOTAVAIL: return Failure::Unreachable;
    default: return Failure::Error;
    }
}

} // namespace

struct ConnectProber::Check {
    Check(ConnectRequest r, Completion::Callback done)
        : request(std::move(r)), completion(std::move(done), cancelled()) {}

    std::uint64_t id = 0;
    ConnectRequest request;
    Completion completion;
    Clock::time_point deadline;
    bool resolving = true;
    std::vector<net::Address> addresses;
    std::size_t next_address = 0;
    net::UniqueFd socket;
    std::uint64_t watch = 0; // 0: not watched
    Clock::time_point connect_started;
    ConnectOutcome outcome;
    int last_error = 0;
};

ConnectProber::ConnectProber(std::size_t resolver_threads) : resolver_(resolver_threads) {}

ConnectProber::~ConnectProber() = default;

void ConnectProber::start(ConnectRequest request, Completion::Callback done) {
    auto check = std::make_shared<Check>(std::move(request), std::move(done));
    loop_.post([this, check] { begin(check); });
}

void ConnectProber::begin(const CheckPtr& check) {
    check->id = next_id_++;
    check->deadline = Clock::now() + check->request.timeout;
    checks_.emplace(check->id, check);
    loop_.at(check->deadline, [this, id = check->id] { on_deadline(id); });

    if (auto numeric = net::Resolver::numeric(check->request.host)) {
        on_resolved(check->id, std::move(*numeric));
        return;
    }
    resolver_.resolve(check->request.host, [this, id = check->id](net::Resolution resolution) {
        loop_.post([this, id, r = std::move(resolution)]() mutable { on_resolved(id, std::move(r)); });
    });
}

void ConnectProber::on_resolved(std::uint64_t id, net::Resolution resolution) {
    const auto it = checks_.find(id);
    if (it == checks_.end()) return; // timed out while resolving
    Check& check = *it->second;
    check.resolving = false;
    check.outcome.resolve_ms = resolution.elapsed_ms;
    for (const auto& address : resolution.addresses) check.outcome.resolved.push_back(address.text());
    if (resolution.addresses.empty()) {
        ConnectOutcome outcome = check.outcome;
        outcome.failure = Failure::Resolve;
        outcome.error = resolution.error;
        finish(check, std::move(outcome));
        return;
    }
    check.addresses = std::move(resolution.addresses);
    connect_next(check);
}

// Tries the remaining addresses in the resolver's order until one connects or is in progress.
void ConnectProber::connect_next(Check& check) {
    while (check.next_address < check.addresses.size()) {
        net::Address address = check.addresses[check.next_address++];
        address.set_port(check.request.port);
        check.outcome.address = address.text();
        check.connect_started = Clock::now();
        net::UniqueFd socket(::socket(address.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        if (!socket) {
            check.last_error = errno;
            continue;
        }
        if (::connect(socket.get(), reinterpret_cast<const sockaddr*>(&address.storage), address.length) == 0) {
            ConnectOutcome outcome = check.outcome;
            outcome.connect_ms = ms_between(check.connect_started, Clock::now());
            finish(check, std::move(outcome));
            return;
        }
        if (errno != EINPROGRESS) {
            check.last_error = errno;
            continue;
        }
        try {
            check.watch = loop_.watch(socket.get(), EPOLLOUT,
                                      [this, id = check.id](std::uint32_t) { on_writable(id); });
        } catch (const std::system_error& e) {
            check.last_error = e.code().value();
            continue;
        }
        check.socket = std::move(socket);
        return;
    }
    ConnectOutcome outcome = check.outcome;
    outcome.connect_ms = ms_between(check.connect_started, Clock::now());
    outcome.failure = classify(check.last_error);
    outcome.error = std::strerror(check.last_error);
    finish(check, std::move(outcome));
}

void ConnectProber::on_writable(std::uint64_t id) {
    const auto it = checks_.find(id);
    if (it == checks_.end()) return;
    Check& check = *it->second;
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(check.socket.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    const auto now = Clock::now();
    loop_.unwatch(check.watch);
    check.watch = 0;
    check.socket.reset();
    if (error == 0) {
        ConnectOutcome outcome = check.outcome;
        outcome.connect_ms = ms_between(check.connect_started, now);
        finish(check, std::move(outcome));
        return;
    }
    check.last_error = error;
    connect_next(check);
}

void ConnectProber::on_deadline(std::uint64_t id) {
    const auto it = checks_.find(id);
    if (it == checks_.end()) return; // already finished
    Check& check = *it->second;
    ConnectOutcome outcome = check.outcome;
    outcome.failure = check.resolving ? Failure::Resolve : Failure::Timeout;
    if (check.resolving) outcome.error = "timed out after " + std::to_string(check.request.timeout.count()) + " ms";
    outcome.connect_ms = check.resolving ? 0 : ms_between(check.connect_started, Clock::now());
    finish(check, std::move(outcome));
}

void ConnectProber::finish(Check& check, ConnectOutcome outcome) {
    if (check.watch != 0) loop_.unwatch(check.watch);
    check.watch = 0;
    check.socket.reset();
    const auto owned = checks_.extract(check.id); // keeps `check` alive until we return
    check.completion.complete(outcome);
}

} // namespace port_plugin
