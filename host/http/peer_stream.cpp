#include "http/peer_stream.hpp"

#include <pistache/async.h>
#include <pistache/http.h>

#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sentinel::host {
namespace {

using namespace Pistache;

std::string chunk(std::string_view text) {
    char size[20];
    auto [end, ec] = std::to_chars(size, size + sizeof size, text.size(), 16);
    (void)ec;
    std::string out(size, end);
    out.append("\r\n").append(text).append("\r\n");
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

PeerStream::PeerStream(std::weak_ptr<Tcp::Peer> peer, std::shared_ptr<ServerLife> life, Tcp::Transport* transport,
                       std::shared_ptr<std::atomic<bool>> streaming)
    : peer_(std::move(peer)), life_(std::move(life)), transport_(transport), streaming_(std::move(streaming)) {}

bool PeerStream::start(const std::string& head, std::string_view first) {
    std::lock_guard lock(mutex_);
    std::string bytes = head;
    if (!first.empty()) bytes += chunk(first);
    return enqueue_locked(std::move(bytes));
}

bool PeerStream::send(std::string_view text) {
    std::lock_guard lock(mutex_);
    if (text.empty()) return open_ && !failed_;
    if (!enqueue_locked(chunk(text))) return false;
    refresh_idle_timer_locked();
    return true;
}

void PeerStream::end() {
    std::lock_guard lock(mutex_);
    if (!open_) return;
    if (!failed_) enqueue_locked("0\r\n\r\n");
    open_ = false;
    streaming_->store(false); // the connection may carry ordinary requests again
}

bool PeerStream::enqueue_locked(std::string bytes) {
    auto close = [this] {
        open_ = false;
        return false;
    };
    if (!open_ || failed_) return close();
    // A client this far behind stops being written to; the idle timer is no longer refreshed
    // either, so Pistache closes the connection after its keep-alive timeout.
    if (queued_.load() > kMaxQueuedBytes) return close();
    std::shared_lock life(life_->mutex);
    if (!life_->serving) return close();
    auto peer = peer_.lock();
    if (!peer) return close();
    const std::size_t size = bytes.size();
    queued_ += size;
    std::weak_ptr<PeerStream> self = weak_from_this();
    // The continuation may run on this thread (already written) or on the reactor: atomics only.
    peer->send(RawBuffer(std::move(bytes), size))
        .then(
            [self, size](ssize_t) {
                if (auto stream = self.lock()) stream->queued_ -= size;
            },
            [self](std::exception_ptr&) {
                if (auto stream = self.lock()) stream->failed_ = true;
            });
    return true;
}

// Pistache closes a connection whose request parser saw nothing for the keep-alive timeout, but
// an open stream is not idle. The parser belongs to the connection's reactor thread, so it is
// refreshed there, from a one-shot timer of that reactor armed here (under the serving lock, so
// never through a transport being torn down). The hub's keep-alive comments come well within the
// timeout (settings enforce it), each arming one refresh. The timer's callback never re-arms:
// Pistache's timer map must not change during it.
void PeerStream::refresh_idle_timer_locked() {
    const std::int64_t now = std::chrono::steady_clock::now().time_since_epoch() / std::chrono::nanoseconds(1);
    // A refresh still pending is left alone, unless it is overdue (a timer Pistache dropped).
    const std::int64_t armed = refresh_armed_at_ns_.load();
    if (armed != 0 && now - armed < std::int64_t{2'000'000'000}) return;
    std::shared_lock life(life_->mutex);
    if (!life_->serving) return;
    int fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (fd < 0) return;
    refresh_armed_at_ns_ = now;
    Async::Promise<uint64_t> timer([&](Async::Deferred<uint64_t> deferred) {
        transport_->armTimer(fd, std::chrono::milliseconds(100), std::move(deferred));
    });
    std::weak_ptr<PeerStream> self = weak_from_this();
    timer.then(
        [self, fd](uint64_t) {
            ::close(fd);
            auto stream = self.lock();
            if (!stream) return;
            stream->refresh_armed_at_ns_ = 0;
            if (!stream->open_) return;
            if (auto peer = stream->peer_.lock()) Http::Handler::getParser(peer)->reset();
        },
        [self, fd](std::exception_ptr&) {
            ::close(fd);
            if (auto stream = self.lock()) stream->refresh_armed_at_ns_ = 0;
        });
}

std::string stream_head(const HttpResponse& response) {
    static constexpr std::string_view kFraming[] = {"content-type", "content-length", "transfer-encoding",
                                                    "connection", "cache-control"};
    std::string head = "HTTP/1.1 200 OK\r\n";
    for (const auto& [name, value] : response.headers) {
        if (!is_safe_header(name, value)) continue;
        if (std::any_of(std::begin(kFraming), std::end(kFraming), [&](std::string_view f) { return iequals(f, name); }))
            continue;
        head += name + ": " + value + "\r\n";
    }
    head += "Content-Type: text/event-stream; charset=utf-8\r\n"
            "Cache-Control: no-cache\r\n"
            "X-Accel-Buffering: no\r\n"
            "Connection: keep-alive\r\n"
            "Transfer-Encoding: chunked\r\n\r\n";
    return head;
}

} // namespace sentinel::host
