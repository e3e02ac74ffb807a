// For plugin unit tests: collects results delivered on any thread (a prober's callbacks, a
// monitor type's check results) and waits for them with a bound, so a lost result fails the test
// instead of hanging it. No GoogleTest dependency.
//   sentinel::sdk::testing::Collector<Outcome> results;
//   prober.start(request, [&](const Outcome& o) { results.add(o); });
//   ASSERT_TRUE(results.wait_for(1));
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

namespace sentinel::sdk::testing {

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
    // True once at least `count` results arrived; false after `limit`.
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

} // namespace sentinel::sdk::testing
