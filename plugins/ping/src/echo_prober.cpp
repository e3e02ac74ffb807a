#include "echo_prober.hpp"

#include "icmp_packet.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>

namespace ping_plugin {
namespace {

using Clock = net::EventLoop::Clock;

// Bounds one wake-up's reading, so a flood of replies cannot starve timers and new checks.
constexpr int kMaxReadsPerWake = 512;

// What a check still in flight reports when the prober is destroyed.
PingOutcome cancelled() {
    PingOutcome outcome;
    outcome.failure = Failure::Cancelled;
    return outcome;
}

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

} // namespace

struct EchoProber::Check {
    Check(PingRequest r, Completion::Callback done)
        : request(std::move(r)), completion(std::move(done), cancelled()) {}

    std::uint64_t id = 0;
    PingRequest request;
    Completion completion;
    Clock::time_point deadline;
    bool resolving = true;
    net::Address target;
    Clock::duration spacing{};
    int attempted = 0;                   // echoes sent or failed to send
    std::vector<std::uint16_t> in_flight; // sequences awaiting a reply
    PingOutcome outcome;
};

EchoProber::EchoProber(std::size_t resolver_threads)
    : families_{Family{open_icmp_socket(AF_INET), {}, 0}, Family{open_icmp_socket(AF_INET6), {}, 0}},
      resolver_(resolver_threads) {
    std::random_device random;
    identifier_ = static_cast<std::uint16_t>(random());
    next_token_ = (static_cast<std::uint64_t>(random()) << 32) | random();
    loop_.post([this] {
        for (auto& f : families_)
            if (f.socket.usable())
                loop_.watch(f.socket.fd.get(), EPOLLIN, [this, &f](std::uint32_t) { on_readable(f); });
    });
}

EchoProber::~EchoProber() = default;

const IcmpSocket& EchoProber::socket(int af) const noexcept {
    return af == AF_INET6 ? families_[1].socket : families_[0].socket;
}

void EchoProber::start(PingRequest request, Completion::Callback done) {
    auto check = std::make_shared<Check>(std::move(request), std::move(done));
    loop_.post([this, check] { begin(check); });
}

void EchoProber::begin(const CheckPtr& check) {
    check->id = next_id_++;
    check->deadline = Clock::now() + check->request.timeout;
    check->outcome.requested = check->request.count;
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

void EchoProber::on_resolved(std::uint64_t id, net::Resolution resolution) {
    const auto it = checks_.find(id);
    if (it == checks_.end()) return; // timed out while resolving
    Check& check = *it->second;
    check.resolving = false;
    check.outcome.resolve_ms = resolution.elapsed_ms;
    for (const auto& address : resolution.addresses) check.outcome.resolved.push_back(address.text());
    if (resolution.addresses.empty()) {
        PingOutcome outcome = check.outcome;
        outcome.failure = Failure::Resolve;
        outcome.error = resolution.error;
        finish(check, std::move(outcome));
        return;
    }
    // The first address in the resolver's order whose family we can ping.
    const auto usable = std::find_if(resolution.addresses.begin(), resolution.addresses.end(),
                                     [this](const net::Address& a) { return family(a.family()).socket.usable(); });
    if (usable == resolution.addresses.end()) {
        PingOutcome outcome = check.outcome;
        outcome.failure = Failure::NotPermitted;
        outcome.error = family(resolution.addresses.front().family()).socket.error;
        finish(check, std::move(outcome));
        return;
    }
    check.target = *usable;
    check.outcome.address = usable->text();
    check.outcome.socket_mode = family(usable->family()).socket.mode_name();
    // All requests go out within the first half of the timeout, leaving the last one time to
    // be answered before the check's deadline.
    const auto half_share = check.request.timeout / (2 * std::max(check.request.count, 1));
    check.spacing = std::min<Clock::duration>(check.request.interval, half_share);
    send_echo(id);
}

void EchoProber::send_echo(std::uint64_t id) {
    const auto it = checks_.find(id);
    if (it == checks_.end()) return;
    Check& check = *it->second;
    Family& f = family(check.target.family());
    ++check.attempted;
    if (check.attempted < check.request.count)
        loop_.at(Clock::now() + check.spacing, [this, id] { send_echo(id); });

    std::uint16_t sequence = f.next_sequence;
    std::size_t tries = 0;
    while (f.in_flight.contains(sequence) && ++tries <= 0xffff) ++sequence;
    if (tries > 0xffff) {
        check.outcome.send_error = "too many echo requests in flight";
        finish_if_complete(check);
        return;
    }
    f.next_sequence = static_cast<std::uint16_t>(sequence + 1);

    const Echo echo{identifier_, sequence, next_token_++};
    const auto packet = build_echo_request(f.socket.family, echo);
    const auto sent_at = Clock::now();
    const auto rc = ::sendto(f.socket.fd.get(), packet.data(), packet.size(), 0,
                             reinterpret_cast<const sockaddr*>(&check.target.storage), check.target.length);
    if (rc < 0) {
        check.outcome.send_error = std::strerror(errno);
        finish_if_complete(check);
        return;
    }
    ++check.outcome.sent;
    f.in_flight.emplace(sequence, InFlight{id, echo.token, sent_at});
    check.in_flight.push_back(sequence);
}

void EchoProber::on_readable(Family& f) {
    std::array<std::uint8_t, 2048> buffer{};
    for (int reads = 0; reads < kMaxReadsPerWake; ++reads) {
        const auto n = ::recv(f.socket.fd.get(), buffer.data(), buffer.size(), 0);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            continue; // a pending ICMP error reported once (EHOSTUNREACH, ...): already consumed
        }
        const auto now = Clock::now();
        const auto echo = parse_echo_reply(f.socket.family, f.socket.receives_ip_header(),
                                           std::span(buffer.data(), static_cast<std::size_t>(n)));
        if (!echo) continue;
        if (f.socket.mode == IcmpMode::Raw && echo->identifier != identifier_) continue; // not ours
        const auto pending = f.in_flight.find(echo->sequence);
        if (pending == f.in_flight.end() || pending->second.token != echo->token) continue;
        const InFlight request = pending->second;
        f.in_flight.erase(pending);

        const auto it = checks_.find(request.check_id);
        if (it == checks_.end()) continue;
        Check& check = *it->second;
        std::erase(check.in_flight, echo->sequence);
        check.outcome.rtts_ms.push_back(ms_between(request.sent_at, now));
        finish_if_complete(check);
    }
}

void EchoProber::on_deadline(std::uint64_t id) {
    const auto it = checks_.find(id);
    if (it == checks_.end()) return; // already finished
    Check& check = *it->second;
    PingOutcome outcome = check.outcome;
    if (check.resolving) {
        outcome.failure = Failure::Resolve;
        outcome.error = "timed out after " + std::to_string(check.request.timeout.count()) + " ms";
    }
    finish(check, std::move(outcome));
}

void EchoProber::finish_if_complete(Check& check) {
    if (check.attempted < check.request.count || !check.in_flight.empty()) return;
    PingOutcome outcome = check.outcome;
    if (outcome.sent == 0) {
        outcome.failure = Failure::Unreachable;
        outcome.error = outcome.send_error;
    }
    finish(check, std::move(outcome));
}

void EchoProber::finish(Check& check, PingOutcome outcome) {
    if (!check.resolving && !check.outcome.address.empty()) {
        Family& f = family(check.target.family());
        for (const auto sequence : check.in_flight) f.in_flight.erase(sequence);
    }
    check.in_flight.clear();
    const auto owned = checks_.extract(check.id); // keeps `check` alive until we return
    check.completion.complete(outcome);
}

} // namespace ping_plugin
