#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "events/event.hpp"
#include "events/topic_pattern.hpp"
#include "scheduling/clock.hpp"

namespace sentinel::host {

// Publish/subscribe between plugins and the host. Publishing only enqueues (bounded queue, never
// waits for subscribers); one dispatcher thread delivers events in publication order, to the
// matching subscribers in subscription order.
class EventBus {
 public:
  struct Stats {
    std::uint64_t published;         // events accepted into the queue
    std::uint64_t delivered;         // handler calls made (one per matching subscriber and event)
    std::uint64_t dropped;           // events refused because the queue was full
    std::uint64_t handler_failures;  // handler calls that threw
    std::size_t queued;              // events waiting for the dispatcher
  };

  // `clock` must outlive the bus. Throws std::invalid_argument when queue_capacity == 0.
  explicit EventBus(Clock& clock, std::size_t queue_capacity = 10000);
  ~EventBus();  // stop()
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // Starts the dispatcher; does nothing if already started. Throws std::logic_error after stop().
  void start();
  // Delivers everything already queued, then joins the dispatcher. Idempotent. Events still queued
  // when a never-started bus is stopped are discarded. Throws std::logic_error from a handler.
  void stop();

  // pattern: see TopicPattern. Throws std::invalid_argument on a bad pattern, an empty owner or
  // no handler.
  SubscriptionId subscribe(std::string owner, std::string pattern,
                           std::function<void(const Event&)> handler);
  // Both unsubscribe functions wait until the handlers concerned are no longer running, so none
  // of them is called after return; from inside a handler they do not wait (no deadlock).
  void unsubscribe(SubscriptionId id);
  void unsubscribe_owner(const std::string& owner);

  // Assigns the sequence number and published_at. Returns false when the queue is full (logged,
  // rate-limited) or the bus is stopped. Throws std::invalid_argument on an invalid topic.
  bool publish(std::string topic, std::string source, std::string payload_json);

  Stats stats() const;

  // Blocks until the queue is empty and no handler is running. Throws std::logic_error when
  // called from a handler, or before start() with events queued (it would never return).
  void drain();

 private:
  struct Subscription {
    std::string owner;
    TopicPattern pattern;
    std::function<void(const Event&)> handler;
    bool active = true;  // false once unsubscribed: must not be called any more
  };
  using SubscriptionPtr = std::shared_ptr<Subscription>;

  void run_dispatcher();
  // Called with mutex_ held.
  void deliver(const Event& event, std::unique_lock<std::mutex>& lock);
  void note_dropped(const std::string& topic, const std::string& source);
  template <typename Predicate>
  void wait_while_running(std::unique_lock<std::mutex>& lock, Predicate is_concerned);
  bool is_dispatcher_thread() const;

  Clock& clock_;
  const std::size_t capacity_;

  mutable std::mutex mutex_;
  std::condition_variable queue_changed_;     // the dispatcher waits for work
  std::condition_variable handler_finished_;  // unsubscribers and drain() wait for the dispatcher
  std::map<SubscriptionId, SubscriptionPtr> subscriptions_;
  std::deque<Event> queue_;
  SubscriptionId next_subscription_id_ = 1;
  std::uint64_t next_sequence_ = 1;
  Stats counters_{};
  SubscriptionPtr running_;   // whose handler the dispatcher is calling
  bool dispatching_ = false;  // an event has left the queue but is not fully delivered
  bool stopping_ = false;
  bool dispatcher_running_ = false;
  std::thread::id dispatcher_thread_;
  std::optional<Clock::time_point> last_drop_warning_;
  std::uint64_t drops_since_warning_ = 0;

  std::mutex lifecycle_mutex_;  // serializes start() and stop(); never taken while holding mutex_
  enum class Lifecycle { not_started, started, stopped } lifecycle_ = Lifecycle::not_started;
  std::jthread dispatcher_;
};

}  // namespace sentinel::host
