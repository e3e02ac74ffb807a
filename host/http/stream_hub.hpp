// Open Server-Sent Events streams, by owner (a plugin or "host") and channel. A route answers
// with HttpResponse::stream set; the HTTP server opens a StreamSink on the connection and
// registers it here; publishers send events to a channel without knowing who listens. The hub
// sends keep-alive comments, drops streams whose client went away or stopped reading, and caps
// how many are open.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sentinel::host {

// One open stream, as the HTTP server implements it on a connection.
class StreamSink {
public:
    virtual ~StreamSink() = default;
    // Queues SSE text; false when the stream is gone (client left, too slow, server stopping).
    virtual bool send(std::string_view text) = 0;
    // Ends the response cleanly (the connection stays usable for keep-alive).
    virtual void end() = 0;
};

struct StreamHubOptions {
    std::size_t max_streams = 1000;
    std::size_t max_streams_per_client = 10; // per API key, or per address without one
    std::chrono::milliseconds keepalive{15000};
};

enum class StreamOpen { Opened, Full, ClientFull, OwnerClosed, StartFailed };

class StreamHub {
public:
    explicit StreamHub(StreamHubOptions options);
    ~StreamHub();
    StreamHub(const StreamHub&) = delete;
    StreamHub& operator=(const StreamHub&) = delete;

    // Registers `sink` for `client` (who opens it: a key id or an address) unless a cap is
    // reached or the owner was closed. `start` runs first, under the hub's lock, so that what it
    // sends (the response head, the first events) precedes any publish; false from it aborts.
    StreamOpen open(const std::string& owner, const std::string& channel, const std::string& client,
                    std::shared_ptr<StreamSink> sink, const std::function<bool()>& start);
    // Sends `text` to every stream on (owner, channel); returns how many accepted it.
    std::uint32_t publish(std::string_view owner, std::string_view channel, std::string_view text);
    // Ends the streams of `owner` (a plugin being unloaded) and refuses it new ones.
    void close_owner(std::string_view owner);
    // Ends every stream and stops the keep-alive thread (server shutdown).
    void close_all();

    std::size_t open_count() const;

private:
    struct Entry {
        std::string owner;
        std::string channel;
        std::string client;
        std::shared_ptr<StreamSink> sink;
    };
    void keepalive_loop();
    std::vector<std::shared_ptr<StreamSink>> sinks_of(std::string_view owner, std::string_view channel) const;
    void forget(const std::vector<std::shared_ptr<StreamSink>>& dead);

    StreamHubOptions options_;
    mutable std::mutex mutex_;
    std::vector<Entry> entries_;
    std::vector<std::string> closed_owners_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread keepalive_;
};

} // namespace sentinel::host
