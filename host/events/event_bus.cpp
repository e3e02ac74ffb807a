#include "events/event_bus.hpp"

#include <exception>
#include <stdexcept>
#include <vector>

#include <spdlog/spdlog.h>

namespace sentinel::host {

namespace {

// A full queue usually stays full for a while: one warning per period, with the count since.
constexpr std::chrono::seconds drop_warning_period{10};

}  // namespace

EventBus::EventBus(Clock& clock, std::size_t queue_capacity)
    : clock_(clock), capacity_(queue_capacity) {
  if (queue_capacity == 0) {
    throw std::invalid_argument("EventBus queue capacity must be at least 1");
  }
}

EventBus::~EventBus() { stop(); }

void EventBus::start() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (lifecycle_ == Lifecycle::started) {
    return;
  }
  if (lifecycle_ == Lifecycle::stopped) {
    throw std::logic_error("EventBus cannot be restarted after stop()");
  }
  std::lock_guard guard(mutex_);
  dispatcher_running_ = true;
  dispatcher_ = std::jthread([this] { run_dispatcher(); });
  dispatcher_thread_ = dispatcher_.get_id();
  lifecycle_ = Lifecycle::started;
}

void EventBus::stop() {
  if (is_dispatcher_thread()) {
    throw std::logic_error("EventBus::stop() called from an event handler");
  }
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (lifecycle_ == Lifecycle::stopped) {
    return;
  }
  {
    std::lock_guard guard(mutex_);
    stopping_ = true;
    if (lifecycle_ == Lifecycle::not_started && !queue_.empty()) {
      spdlog::warn("Event bus stopped before it was started: discarding {} queued event(s)",
                   queue_.size());
      queue_.clear();
    }
  }
  queue_changed_.notify_all();
  if (dispatcher_.joinable()) {
    dispatcher_.join();
    std::lock_guard guard(mutex_);
    dispatcher_thread_ = {};  // the id of a finished thread may be reused by a new one
  }
  lifecycle_ = Lifecycle::stopped;
}

SubscriptionId EventBus::subscribe(std::string owner, std::string pattern,
                                   std::function<void(const Event&)> handler) {
  if (owner.empty()) {
    throw std::invalid_argument("subscription owner is empty");
  }
  if (!handler) {
    throw std::invalid_argument("subscription of '" + owner + "' to '" + pattern +
                                "' has no handler");
  }
  auto subscription = std::make_shared<Subscription>(
      Subscription{std::move(owner), TopicPattern(std::move(pattern)), std::move(handler)});
  std::lock_guard guard(mutex_);
  const SubscriptionId id = next_subscription_id_++;
  subscriptions_.emplace(id, std::move(subscription));
  return id;
}

void EventBus::unsubscribe(SubscriptionId id) {
  std::unique_lock lock(mutex_);
  const auto found = subscriptions_.find(id);
  if (found == subscriptions_.end()) {
    return;
  }
  const SubscriptionPtr subscription = found->second;
  subscription->active = false;
  subscriptions_.erase(found);
  wait_while_running(lock,
                     [&](const Subscription& running) { return &running == subscription.get(); });
}

void EventBus::unsubscribe_owner(const std::string& owner) {
  std::unique_lock lock(mutex_);
  std::erase_if(subscriptions_, [&](const auto& entry) {
    Subscription& subscription = *entry.second;
    if (subscription.owner != owner) {
      return false;
    }
    subscription.active = false;
    return true;
  });
  wait_while_running(lock, [&](const Subscription& running) { return running.owner == owner; });
}

template <typename Predicate>
void EventBus::wait_while_running(std::unique_lock<std::mutex>& lock, Predicate is_concerned) {
  // Handlers only run on the dispatcher thread: if we are on it, no other handler is running.
  if (std::this_thread::get_id() == dispatcher_thread_) {
    return;
  }
  handler_finished_.wait(lock, [&] { return !running_ || !is_concerned(*running_); });
}

bool EventBus::publish(std::string topic, std::string source, std::string payload_json) {
  if (!is_valid_topic(topic)) {
    throw std::invalid_argument("invalid topic '" + topic + "': expected [a-z0-9_.-]+");
  }
  std::lock_guard guard(mutex_);
  if (stopping_) {
    return false;
  }
  if (queue_.size() >= capacity_) {
    note_dropped(topic, source);
    return false;
  }
  queue_.push_back(Event{std::move(topic), std::move(source), std::move(payload_json), clock_.now(),
                         next_sequence_++});
  ++counters_.published;
  queue_changed_.notify_one();
  return true;
}

void EventBus::note_dropped(const std::string& topic, const std::string& source) {
  ++counters_.dropped;
  ++drops_since_warning_;
  const Clock::time_point now = clock_.now();
  if (last_drop_warning_ && now - *last_drop_warning_ < drop_warning_period) {
    return;
  }
  spdlog::warn(
      "Event queue full ({} events): dropped '{}' from '{}' ({} dropped since last warning)",
      capacity_, topic, source, drops_since_warning_);
  last_drop_warning_ = now;
  drops_since_warning_ = 0;
}

EventBus::Stats EventBus::stats() const {
  std::lock_guard guard(mutex_);
  Stats result = counters_;
  result.queued = queue_.size();
  return result;
}

void EventBus::drain() {
  if (is_dispatcher_thread()) {
    throw std::logic_error("EventBus::drain() called from an event handler");
  }
  std::unique_lock lock(mutex_);
  if (!dispatcher_running_ && !queue_.empty()) {
    throw std::logic_error("EventBus::drain() before start() with events queued");
  }
  handler_finished_.wait(lock, [&] { return queue_.empty() && !dispatching_; });
}

bool EventBus::is_dispatcher_thread() const {
  std::lock_guard guard(mutex_);
  return std::this_thread::get_id() == dispatcher_thread_;
}

void EventBus::run_dispatcher() {
  std::unique_lock lock(mutex_);
  while (true) {
    queue_changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) {
      break;  // stopping, and everything queued has been delivered
    }
    const Event event = std::move(queue_.front());
    queue_.pop_front();
    dispatching_ = true;
    deliver(event, lock);
    dispatching_ = false;
    handler_finished_.notify_all();
  }
  dispatcher_running_ = false;
}

void EventBus::deliver(const Event& event, std::unique_lock<std::mutex>& lock) {
  std::vector<SubscriptionPtr> targets;
  for (const auto& [id, subscription] : subscriptions_) {
    if (subscription->pattern.matches(event.topic)) {
      targets.push_back(subscription);
    }
  }
  for (SubscriptionPtr& target : targets) {
    if (!target->active) {
      continue;  // unsubscribed by an earlier handler for this event
    }
    running_ = target;
    lock.unlock();
    bool failed = true;
    try {
      target->handler(event);
      failed = false;
    } catch (const std::exception& e) {
      spdlog::warn("Event handler of '{}' failed on topic '{}': {}", target->owner, event.topic,
                   e.what());
    } catch (...) {
      spdlog::warn("Event handler of '{}' failed on topic '{}': unknown exception", target->owner,
                   event.topic);
    }
    lock.lock();
    running_.reset();
    ++counters_.delivered;
    if (failed) {
      ++counters_.handler_failures;
    }
    handler_finished_.notify_all();
  }
}

}  // namespace sentinel::host
