// A bounded wait for check results delivered on any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace ping_plugin::testing {

template <typename Result>
class Collector {
public:
    void add(Result result) {
        {
            std::lock_guard lock(mutex_);
            results_.push_back(std::move(result));
        }
        cv_.notify_all();
    }
    bool wait_for(std::size_t count, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, limit, [&] { return results_.size() >= count; });
    }
    std::vector<Result> results() {
        std::lock_guard lock(mutex_);
        return results_;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<Result> results_;
};

} // namespace ping_plugin::testing
