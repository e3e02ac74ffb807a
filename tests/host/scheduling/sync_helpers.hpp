#pragma once

// Waiting helpers for tests of threaded components (also used by tests/host/events). Every wait
// has a generous timeout so that a bug fails the test instead of hanging it.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include <spdlog/logger.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

namespace sentinel::host::testing {

inline constexpr std::chrono::seconds generous_timeout{5};
// How long a test watches a call that must still be blocked. Only a bug can make the call return
// in that time, so a slow machine cannot make a test fail, at worst miss a bug.
inline constexpr std::chrono::milliseconds blocked_check{100};

// Polls `condition` until it holds or the timeout expires; returns whether it holds.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = generous_timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return condition();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  return true;
}

// Threads wait() until the test opens the gate.
class Gate {
 public:
  void open() {
    {
      std::lock_guard guard(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }
  // Returns false on timeout.
  bool wait() {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, generous_timeout, [&] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

class Counter {
 public:
  void increment() {
    {
      std::lock_guard guard(mutex_);
      ++value_;
    }
    cv_.notify_all();
  }
  std::uint64_t value() const {
    std::lock_guard guard(mutex_);
    return value_;
  }
  // Returns false on timeout.
  bool wait_for_at_least(std::uint64_t n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, generous_timeout, [&] { return value_ >= n; });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t value_ = 0;
};

// Routes the default spdlog logger to memory while alive. Create it before the component under
// test and destroy it after (spdlog does not synchronize swapping the default logger with use).
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("capture", sink_);
    logger->set_pattern("%l %v");
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(std::move(logger));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // Lines look like "warning Job a/b failed: ...".
  std::size_t count(std::string_view text) const {
    const auto lines = sink_->last_formatted();
    return static_cast<std::size_t>(std::ranges::count_if(
        lines, [&](const std::string& line) { return line.find(text) != std::string::npos; }));
  }
  bool contains(std::string_view text) const { return count(text) > 0; }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_ =
      std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000);
  std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace sentinel::host::testing
