// An event stream on one Pistache connection: chunked HTTP/1.1 written straight to the peer
// (Pistache's ResponseStream can neither report a failed write nor outlive its handler call).
// Only http_server.cpp and peer_stream.cpp include this header (it pulls in Pistache).
#pragma once

#include "http/http_types.hpp"
#include "http/server_life.hpp"
#include "http/stream_hub.hpp"

#include <pistache/peer.h>
#include <pistache/transport.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace sentinel::host {

class PeerStream final : public StreamSink, public std::enable_shared_from_this<PeerStream> {
public:
    static constexpr std::size_t kMaxQueuedBytes = 256 * 1024; // a client this far behind is dropped
    // Stored on the Pistache peer while it streams: its request handler ignores input then.
    static constexpr const char* kPeerMarker = "sentinel.event-stream";

    // `streaming`: the connection's flag (see kPeerMarker), cleared when the stream ends.
    PeerStream(std::weak_ptr<Pistache::Tcp::Peer> peer, std::shared_ptr<ServerLife> life,
               Pistache::Tcp::Transport* transport, std::shared_ptr<std::atomic<bool>> streaming);

    // The response head and first events; from the connection's reactor thread, before any send.
    bool start(const std::string& head, std::string_view first);
    bool send(std::string_view text) override;
    void end() override;


private:
    bool enqueue_locked(std::string bytes);
    void refresh_idle_timer_locked();

    // Orders the open_ check with the write, so nothing follows the last chunk. Promise
    // continuations never take it (they may run inline, under it): they use atomics only.
    std::mutex mutex_;
    std::weak_ptr<Pistache::Tcp::Peer> peer_;
    std::shared_ptr<ServerLife> life_;
    Pistache::Tcp::Transport* transport_; // the connection's reactor
    std::atomic<bool> open_{true};         // written under mutex_
    std::atomic<std::int64_t> refresh_armed_at_ns_{0}; // steady clock; 0: no refresh pending
    std::atomic<bool> failed_{false};
    std::atomic<std::size_t> queued_{0};
    std::shared_ptr<std::atomic<bool>> streaming_;
};

// The head of an event-stream response: status 200, the pipeline's headers (request id, CORS,
// rate limits) minus any that would contradict the stream's framing, then the stream's own.
std::string stream_head(const HttpResponse& response);

} // namespace sentinel::host
