// Runs the pull checks of this host's region: claims due checks from the shared schedule, starts
// them in their type's plugin (which runs them asynchronously), hands results to the writer, and
// fails checks their plugin never completed. Also notices push monitors whose ping is overdue.
#pragma once

#include "monitors/monitor_type_catalog.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sentinel::host {

class MonitorStore;
class MonitorWriter;

struct CheckRunnerOptions {
    std::string region = "ash";
    std::int64_t check_timeout_ms = 10000;
    std::size_t max_in_flight = 20000;
    std::chrono::milliseconds tick{200};
    std::chrono::milliseconds overdue_sweep{1000};
};

struct CheckRunnerStats {
    std::uint64_t started = 0;
    std::uint64_t completed = 0;
    std::int64_t in_flight = 0;
    // Schedule lag (start time minus due time) of recent checks, ms.
    std::vector<std::int64_t> recent_lag_ms;
};

class CheckRunner {
public:
    CheckRunner(CheckRunnerOptions options, MonitorStore& store, MonitorWriter& writer, MonitorTypeCatalog& types,
                std::function<std::int64_t()> now_ms);
    ~CheckRunner();
    CheckRunner(const CheckRunner&) = delete;
    CheckRunner& operator=(const CheckRunner&) = delete;

    void start();
    void stop();
    CheckRunnerStats stats() const;
    // The budget of one check of a monitor checked every `interval_minutes`.
    std::int64_t timeout_for(double interval_minutes) const;

private:
    void run();
    void tick();
    void sweep_overdue();

    CheckRunnerOptions options_;
    MonitorStore& store_;
    MonitorWriter& writer_;
    MonitorTypeCatalog& types_;
    std::function<std::int64_t()> now_ms_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
    std::atomic<std::int64_t> in_flight_{0};
    std::atomic<std::uint64_t> started_{0}, completed_{0};
    std::vector<std::int64_t> lag_ring_;
    std::size_t lag_next_ = 0;
    std::chrono::steady_clock::time_point last_sweep_{};
};

} // namespace sentinel::host
