#include "monitors/check_runner.hpp"

#include "monitors/monitor_store.hpp"
#include "monitors/monitor_writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sentinel::host {
namespace {
constexpr std::size_t kLagSamples = 4096;
}

CheckRunner::CheckRunner(CheckRunnerOptions options, MonitorStore& store, MonitorWriter& writer,
                         MonitorTypeCatalog& types, std::function<std::int64_t()> now_ms)
    : options_(std::move(options)), store_(store), writer_(writer), types_(types), now_ms_(std::move(now_ms)) {}

CheckRunner::~CheckRunner() { stop(); }

void CheckRunner::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void CheckRunner::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::int64_t CheckRunner::timeout_for(double interval_minutes) const {
    auto interval_ms = static_cast<std::int64_t>(interval_minutes * 60000.0);
    return std::max<std::int64_t>(100, std::min(options_.check_timeout_ms, interval_ms - 1000));
}

CheckRunnerStats CheckRunner::stats() const {
    CheckRunnerStats s;
    s.started = started_.load();
    s.completed = completed_.load();
    s.in_flight = in_flight_.load();
    std::lock_guard lock(mutex_);
    s.recent_lag_ms = lag_ring_;
    return s;
}

void CheckRunner::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            tick();
        } catch (const std::exception& e) {
            spdlog::error("monitors: scheduling checks failed: {} (retrying)", e.what());
        }
        lock.lock();
        wake_.wait_for(lock, options_.tick, [&] { return stopping_; });
    }
}

void CheckRunner::tick() {
    types_.expire_overdue();
    auto now_steady = std::chrono::steady_clock::now();
    if (now_steady - last_sweep_ >= options_.overdue_sweep) {
        last_sweep_ = now_steady;
        sweep_overdue();
    }
    // Claim what fits under the in-flight cap; what does not stays due for the next tick.
    while (true) {
        auto room = static_cast<std::int64_t>(options_.max_in_flight) - in_flight_.load();
        if (room <= 0) return;
        const std::int64_t now = now_ms_();
        auto due = store_.claim_due(options_.region, now, static_cast<std::size_t>(std::min<std::int64_t>(room, 2000)));
        if (due.empty()) return;
        for (auto& d : due) {
            const std::int64_t started = now_ms_();
            {
                std::lock_guard lock(mutex_);
                if (lag_ring_.size() < kLagSamples) lag_ring_.push_back(started - d.due_at);
                else lag_ring_[lag_next_++ % kLagSamples] = started - d.due_at;
            }
            auto budget = timeout_for(d.monitor.check_interval.value_or(1.0));
            nlohmann::json input = monitor_for_plugin(d.monitor);
            input["timeout_ms"] = budget;
            input["region"] = d.region;
            in_flight_++;
            started_++;
            const std::int64_t id = d.monitor.id;
            const std::int64_t config_version = d.monitor.updated_at;
            // The plugin has its budget; the host gives it 2 s more before failing the check.
            types_.start_check(d.monitor.monitor_type, input, std::chrono::milliseconds(budget + 2000),
                               [this, id, config_version, region = d.region](nlohmann::json result) {
                                   writer_.record_check(id, region, now_ms_(), std::move(result), config_version);
                                   in_flight_--;
                                   completed_++;
                               });
        }
        if (due.size() < 2000) return;
    }
}

void CheckRunner::sweep_overdue() {
    for (auto id : store_.overdue_push(now_ms_(), 1000)) writer_.record_missed(id);
}

} // namespace sentinel::host
