#include "http/stream_hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sentinel::host {

StreamHub::StreamHub(StreamHubOptions options) : options_(options), keepalive_([this] { keepalive_loop(); }) {}

StreamHub::~StreamHub() { close_all(); }

StreamOpen StreamHub::open(const std::string& owner, const std::string& channel, const std::string& client,
                           std::shared_ptr<StreamSink> sink, const std::function<bool()>& start) {
    std::lock_guard lock(mutex_);
    if (stopping_ || std::find(closed_owners_.begin(), closed_owners_.end(), owner) != closed_owners_.end())
        return StreamOpen::OwnerClosed;
    if (entries_.size() >= options_.max_streams) return StreamOpen::Full;
    const auto of_client = std::count_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.client == client; });
    if (static_cast<std::size_t>(of_client) >= options_.max_streams_per_client) return StreamOpen::ClientFull;
    if (!start()) return StreamOpen::StartFailed;
    entries_.push_back(Entry{owner, channel, client, std::move(sink)});
    return StreamOpen::Opened;
}

std::vector<std::shared_ptr<StreamSink>> StreamHub::sinks_of(std::string_view owner, std::string_view channel) const {
    std::vector<std::shared_ptr<StreamSink>> out;
    std::lock_guard lock(mutex_);
    for (const auto& e : entries_)
        if (e.owner == owner && e.channel == channel) out.push_back(e.sink);
    return out;
}

void StreamHub::forget(const std::vector<std::shared_ptr<StreamSink>>& dead) {
    if (dead.empty()) return;
    std::lock_guard lock(mutex_);
    std::erase_if(entries_, [&](const Entry& e) { return std::find(dead.begin(), dead.end(), e.sink) != dead.end(); });
}

std::uint32_t StreamHub::publish(std::string_view owner, std::string_view channel, std::string_view text) {
    std::uint32_t delivered = 0;
    std::vector<std::shared_ptr<StreamSink>> dead;
    // Sinks only queue the bytes, so sending outside the lock never waits on a client.
    for (auto& sink : sinks_of(owner, channel)) {
        if (sink->send(text)) ++delivered;
        else dead.push_back(sink);
    }
    forget(dead);
    return delivered;
}

void StreamHub::close_owner(std::string_view owner) {
    std::vector<std::shared_ptr<StreamSink>> closing;
    {
        std::lock_guard lock(mutex_);
        for (const auto& e : entries_)
            if (e.owner == owner) closing.push_back(e.sink);
        std::erase_if(entries_, [&](const Entry& e) { return e.owner == owner; });
        closed_owners_.emplace_back(owner);
    }
    for (auto& sink : closing) sink->end();
    if (!closing.empty()) spdlog::info("closed {} event stream(s) of {}", closing.size(), owner);
}

void StreamHub::close_all() {
    std::vector<Entry> closing;
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !keepalive_.joinable()) return;
        stopping_ = true;
        closing.swap(entries_);
    }
    wake_.notify_all();
    if (keepalive_.joinable()) keepalive_.join();
    for (auto& e : closing) e.sink->end();
}

std::size_t StreamHub::open_count() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

void StreamHub::keepalive_loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, options_.keepalive, [this] { return stopping_; });
        if (stopping_) break;
        std::vector<std::shared_ptr<StreamSink>> all;
        for (const auto& e : entries_) all.push_back(e.sink);
        lock.unlock();
        std::vector<std::shared_ptr<StreamSink>> dead;
        // A comment line: clients ignore it; it keeps proxies and the server's idle timer from
        // closing a quiet stream, and finds clients that left.
        for (auto& sink : all)
            if (!sink->send(": keep-alive\n\n")) dead.push_back(sink);
        forget(dead);
        lock.lock();
    }
}

} // namespace sentinel::host
