// Which monitor a ping token belongs to, remembered so a ping costs no database read before it
// is queued. A token never moves to another monitor; a deleted monitor's token is forgotten when
// the writer reports it gone. Bounded: when full, it starts over.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace sentinel::host {

class PingTokenCache {
public:
    explicit PingTokenCache(std::size_t capacity = 200000) : capacity_(capacity) {}

    std::optional<std::int64_t> find(const std::string& token) const {
        std::lock_guard lock(mutex_);
        auto it = ids_.find(token);
        if (it == ids_.end()) return std::nullopt;
        return it->second;
    }
    void remember(const std::string& token, std::int64_t monitor_id) {
        std::lock_guard lock(mutex_);
        if (ids_.size() >= capacity_) ids_.clear();
        ids_[token] = monitor_id;
    }
    void forget(const std::string& token) {
        std::lock_guard lock(mutex_);
        ids_.erase(token);
    }

private:
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::int64_t> ids_;
};

} // namespace sentinel::host
