// Fixed-window rate limiting by (bucket, key), in memory, for the host and for any plugin.
#pragma once

#include <sentinel/sdk/host_services.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sentinel::host {

class Clock;

class RateLimiter {
public:
    explicit RateLimiter(const Clock& clock);
    sdk::RateDecision hit(std::string_view bucket, std::string_view key, std::uint32_t limit,
                          std::uint32_t window_s);

private:
    struct Window {
        std::int64_t start_s = 0;
        std::uint32_t count = 0;
        std::uint32_t window_s = 0;
    };
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Window> windows;
    };
    static constexpr std::size_t kShards = 16;
    static constexpr std::size_t kPurgeThreshold = 50000;

    const Clock& clock_;
    std::array<Shard, kShards> shards_;
};

} // namespace sentinel::host
