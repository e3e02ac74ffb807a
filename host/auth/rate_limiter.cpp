#include "auth/rate_limiter.hpp"

#include "scheduling/clock.hpp"

#include <functional>

namespace sentinel::host {

RateLimiter::RateLimiter(const Clock& clock) : clock_(clock) {}

sdk::RateDecision RateLimiter::hit(std::string_view bucket, std::string_view key,
                                   std::uint32_t limit, std::uint32_t window_s) {
    if (window_s == 0) window_s = 1;
    std::int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                             clock_.now().time_since_epoch()).count();
    std::string id;
    id.reserve(bucket.size() + key.size() + 1);
    id.append(bucket).push_back('\n');
    id.append(key);
    auto& shard = shards_[std::hash<std::string>{}(id) % kShards];

    std::lock_guard lock(shard.mutex);
    if (shard.windows.size() > kPurgeThreshold) {
        std::erase_if(shard.windows, [now_s](const auto& entry) {
            return now_s >= entry.second.start_s + entry.second.window_s;
        });
    }
    auto& w = shard.windows[id];
    std::int64_t window_start = now_s - now_s % window_s;
    if (w.start_s != window_start || w.window_s != window_s) w = Window{window_start, 0, window_s};
    std::int64_t reset = window_start + window_s;

    sdk::RateDecision d;
    d.limit = limit;
    d.reset_epoch_s = reset;
    if (w.count >= limit) {
        d.allowed = false;
        d.remaining = 0;
        d.retry_after_s = static_cast<std::uint32_t>(std::max<std::int64_t>(1, reset - now_s));
        return d;
    }
    ++w.count;
    d.allowed = true;
    d.remaining = limit - w.count;
    return d;
}

} // namespace sentinel::host
