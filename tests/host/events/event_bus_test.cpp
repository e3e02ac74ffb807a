#include "events/event_bus.hpp"

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "sync_helpers.hpp"

namespace sentinel::host::testing {
namespace {

using namespace std::chrono_literals;

const Clock::time_point t0{std::chrono::seconds{1'700'000'000}};

// What one subscriber received.
class Inbox {
 public:
  std::function<void(const Event&)> handler() {
    return [this](const Event& event) {
      std::lock_guard guard(mutex_);
      events_.push_back(event);
    };
  }
  std::vector<Event> events() const {
    std::lock_guard guard(mutex_);
    return events_;
  }
  std::vector<std::string> topics() const {
    std::vector<std::string> result;
    for (const Event& event : events()) {
      result.push_back(event.topic);
    }
    return result;
  }
  std::size_t size() const { return events().size(); }

 private:
  mutable std::mutex mutex_;
  std::vector<Event> events_;
};

using Topics = std::vector<std::string>;

// Declare the EventBus after everything its handlers use, so it is destroyed (stopped) first.
class EventBusTest : public ::testing::Test {
 protected:
  ManualClock clock{t0};
};

TEST_F(EventBusTest, DeliversInPublicationOrderWithSequenceTimeAndSource) {
  Inbox inbox;
  EventBus bus(clock);
  bus.subscribe("host", "*", inbox.handler());
  bus.start();
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(bus.publish("monitor.tick", "plugin-" + std::to_string(i % 3),
                            "{\"i\":" + std::to_string(i) + "}"));
    clock.advance(1ms);
  }
  bus.drain();

  const auto events = inbox.events();
  ASSERT_EQ(events.size(), 100u);
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].sequence, i + 1);
    EXPECT_EQ(events[i].published_at, t0 + static_cast<int>(i) * 1ms);
    EXPECT_EQ(events[i].topic, "monitor.tick");
    EXPECT_EQ(events[i].source, "plugin-" + std::to_string(i % 3));
    EXPECT_EQ(events[i].payload_json, "{\"i\":" + std::to_string(i) + "}");
  }
  const EventBus::Stats stats = bus.stats();
  EXPECT_EQ(stats.published, 100u);
  EXPECT_EQ(stats.delivered, 100u);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.handler_failures, 0u);
  EXPECT_EQ(stats.queued, 0u);
}

TEST_F(EventBusTest, EachSubscriberGetsTheEventsItsPatternMatches) {
  Inbox monitor_all;
  Inbox cpu_only;
  Inbox everything;
  Inbox alerts;
  EventBus bus(clock);
  bus.subscribe("a", "monitor.*", monitor_all.handler());
  bus.subscribe("b", "monitor.cpu", cpu_only.handler());
  bus.subscribe("c", "*", everything.handler());
  bus.subscribe("d", "alerts.*", alerts.handler());
  bus.start();
  for (const char* topic :
       {"monitor.cpu", "monitor.disk.sda", "alerts.fired", "monitors.x", "monitor"}) {
    ASSERT_TRUE(bus.publish(topic, "test", "{}"));
  }
  bus.drain();

  EXPECT_EQ(monitor_all.topics(), (Topics{"monitor.cpu", "monitor.disk.sda"}));
  EXPECT_EQ(cpu_only.topics(), (Topics{"monitor.cpu"}));
  EXPECT_EQ(everything.topics(),
            (Topics{"monitor.cpu", "monitor.disk.sda", "alerts.fired", "monitors.x", "monitor"}));
  EXPECT_EQ(alerts.topics(), (Topics{"alerts.fired"}));
  EXPECT_EQ(bus.stats().delivered, 2u + 1u + 5u + 1u);
}

TEST_F(EventBusTest, SubscribersOfOneEventAreCalledInSubscriptionOrder) {
  std::vector<std::string> calls;  // only touched by the dispatcher thread until drain()
  EventBus bus(clock);
  for (const char* owner : {"first", "second", "third"}) {
    bus.subscribe(owner, "x", [&calls, owner](const Event& event) {
      calls.push_back(std::string(owner) + ":" + std::to_string(event.sequence));
    });
  }
  bus.start();
  bus.publish("x", "test", "{}");
  bus.publish("x", "test", "{}");
  bus.drain();
  EXPECT_EQ(calls, (std::vector<std::string>{"first:1", "second:1", "third:1", "first:2",
                                             "second:2", "third:2"}));
}

TEST_F(EventBusTest, RejectsInvalidTopicsPatternsAndSubscriptions) {
  EventBus bus(clock);
  bus.start();
  for (const char* bad : {"", "Monitor.cpu", "monitor cpu", "monitor.*", "*", "a/b"}) {
    EXPECT_THROW(bus.publish(bad, "test", "{}"), std::invalid_argument) << "'" << bad << "'";
  }
  const auto noop = [](const Event&) {};
  for (const char* bad : {"", "monitor.*.cpu", "monitor*", "mon itor", " monitor.*", "*.x"}) {
    EXPECT_THROW(bus.subscribe("owner", bad, noop), std::invalid_argument) << "'" << bad << "'";
  }
  EXPECT_THROW(bus.subscribe("", "x", noop), std::invalid_argument);
  EXPECT_THROW(bus.subscribe("owner", "x", nullptr), std::invalid_argument);
  EXPECT_EQ(bus.stats().published, 0u);
  EXPECT_THROW(EventBus(clock, 0), std::invalid_argument);
}

TEST_F(EventBusTest, UnsubscribedHandlerIsNotCalledAnyMore) {
  Inbox kept;
  Inbox dropped;
  EventBus bus(clock);
  bus.subscribe("p", "x", kept.handler());
  const SubscriptionId id = bus.subscribe("p", "x", dropped.handler());
  bus.start();
  bus.publish("x", "test", "{}");
  bus.drain();
  bus.unsubscribe(id);
  bus.unsubscribe(id);  // unknown ids are ignored
  bus.publish("x", "test", "{}");
  bus.drain();
  EXPECT_EQ(kept.size(), 2u);
  EXPECT_EQ(dropped.size(), 1u);
}

TEST_F(EventBusTest, UnsubscribeOwnerWaitsForItsRunningHandler) {
  Gate release;
  Counter started;
  std::atomic<bool> finished{false};
  std::atomic<int> calls_after_unsubscribe{0};
  std::atomic<bool> unsubscribed{false};
  Inbox other;
  EventBus bus(clock);
  bus.subscribe("plugin", "x", [&](const Event&) {
    if (unsubscribed) {
      ++calls_after_unsubscribe;
    }
    started.increment();
    if (started.value() == 1) {
      EXPECT_TRUE(release.wait());
    }
    finished = true;
  });
  bus.subscribe("plugin", "y", [&](const Event&) { ++calls_after_unsubscribe; });
  bus.subscribe("other", "*", other.handler());
  bus.start();
  ASSERT_TRUE(bus.publish("x", "test", "{}"));
  ASSERT_TRUE(started.wait_for_at_least(1));
  ASSERT_TRUE(bus.publish("x", "test", "{}"));
  ASSERT_TRUE(bus.publish("y", "test", "{}"));

  auto unsubscriber = std::async(std::launch::async, [&] {
    bus.unsubscribe_owner("plugin");
    unsubscribed = true;
    return finished.load();
  });
  EXPECT_EQ(unsubscriber.wait_for(blocked_check), std::future_status::timeout);
  release.open();
  ASSERT_EQ(unsubscriber.wait_for(generous_timeout), std::future_status::ready);
  EXPECT_TRUE(unsubscriber.get()) << "unsubscribe_owner returned while the handler was running";

  bus.publish("x", "test", "{}");
  bus.drain();
  EXPECT_EQ(started.value(), 1u);
  EXPECT_EQ(calls_after_unsubscribe.load(), 0);
  EXPECT_EQ(other.size(), 4u);
}

TEST_F(EventBusTest, HandlerCanUnsubscribeItsOwnOwnerWithoutDeadlock) {
  Inbox second_handler;
  Inbox other;
  EventBus bus(clock);
  bus.subscribe("plugin", "x", [&](const Event&) { bus.unsubscribe_owner("plugin"); });
  bus.subscribe("plugin", "x", second_handler.handler());  // same event, later in line
  bus.subscribe("other", "x", other.handler());
  bus.start();
  for (int i = 0; i < 3; ++i) {
    bus.publish("x", "test", "{}");
  }
  bus.drain();
  EXPECT_EQ(second_handler.size(), 0u);
  EXPECT_EQ(other.size(), 3u);
}

TEST_F(EventBusTest, FullQueueRefusesEventsCountsAndWarnsOnce) {
  LogCapture logs;
  Gate release;
  Counter started;
  Inbox inbox;
  EventBus bus(clock, 2);
  bus.subscribe("slow", "*", [&](const Event& event) {
    started.increment();
    if (event.sequence == 1) {
      EXPECT_TRUE(release.wait());
    }
  });
  bus.subscribe("fast", "*", inbox.handler());
  bus.start();
  ASSERT_TRUE(bus.publish("e", "test", "1"));
  ASSERT_TRUE(started.wait_for_at_least(1));  // the dispatcher is stuck in the handler
  EXPECT_TRUE(bus.publish("e", "test", "2"));
  EXPECT_TRUE(bus.publish("e", "test", "3"));
  EXPECT_FALSE(bus.publish("e", "test", "4"));
  EXPECT_FALSE(bus.publish("e", "test", "5"));

  EventBus::Stats stats = bus.stats();
  EXPECT_EQ(stats.published, 3u);
  EXPECT_EQ(stats.dropped, 2u);
  EXPECT_EQ(stats.queued, 2u);
  EXPECT_EQ(logs.count("Event queue full"), 1u);

  clock.advance(1min);  // the next drop warns again, with the count since the last warning
  EXPECT_FALSE(bus.publish("e", "test", "6"));
  EXPECT_EQ(logs.count("Event queue full"), 2u);
  EXPECT_TRUE(logs.contains("(2 dropped since last warning)"));

  release.open();
  bus.drain();
  const auto events = inbox.events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].payload_json, "1");
  EXPECT_EQ(events[1].payload_json, "2");
  EXPECT_EQ(events[2].payload_json, "3");
  EXPECT_EQ(events[2].sequence, 3u);  // refused events take no sequence number
  stats = bus.stats();
  EXPECT_EQ(stats.dropped, 3u);
  EXPECT_EQ(stats.queued, 0u);
  EXPECT_TRUE(bus.publish("e", "test", "7"));
}

TEST_F(EventBusTest, HandlerCanPublish) {
  Inbox replies;
  EventBus bus(clock);
  bus.subscribe("responder", "ping", [&](const Event& event) {
    EXPECT_TRUE(bus.publish("pong", "responder", event.payload_json));
  });
  bus.subscribe("listener", "pong", replies.handler());
  bus.start();
  bus.publish("ping", "test", "\"hello\"");
  bus.drain();  // also waits for what handlers published
  const auto events = replies.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload_json, "\"hello\"");
  EXPECT_EQ(events[0].source, "responder");
  EXPECT_EQ(events[0].sequence, 2u);
}

TEST_F(EventBusTest, ThrowingHandlerIsLoggedAndCountedAndOthersStillReceive) {
  LogCapture logs;
  Inbox inbox;
  EventBus bus(clock);
  bus.subscribe("bad", "x", [](const Event&) { throw std::runtime_error("boom"); });
  bus.subscribe("weird", "x", [](const Event&) { throw 42; });
  bus.subscribe("good", "x", inbox.handler());
  bus.start();
  for (int i = 0; i < 3; ++i) {
    bus.publish("x", "test", "{}");
  }
  bus.drain();
  EXPECT_EQ(inbox.size(), 3u);
  const EventBus::Stats stats = bus.stats();
  EXPECT_EQ(stats.handler_failures, 6u);
  EXPECT_EQ(stats.delivered, 9u);
  EXPECT_EQ(logs.count("warning Event handler of 'bad' failed on topic 'x': boom"), 3u);
  EXPECT_EQ(logs.count("warning Event handler of 'weird' failed on topic 'x': unknown exception"),
            3u);
}

TEST_F(EventBusTest, StopDeliversEverythingAlreadyQueued) {
  Inbox inbox;
  EventBus bus(clock);
  bus.subscribe("p", "*", inbox.handler());
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(bus.publish("x", "test", "{}"));  // queued before start
  }
  bus.start();
  bus.stop();
  EXPECT_EQ(inbox.size(), 50u);
  EXPECT_FALSE(bus.publish("x", "test", "{}"));
  bus.stop();  // idempotent
  bus.drain();
  EXPECT_EQ(bus.stats().published, 50u);
  EXPECT_EQ(bus.stats().delivered, 50u);
  EXPECT_THROW(bus.start(), std::logic_error);
}

TEST_F(EventBusTest, StopWaitsForTheRunningHandlerAndTheRestOfTheQueue) {
  Gate release;
  Counter started;
  Inbox inbox;
  EventBus bus(clock);
  bus.subscribe("slow", "*", [&](const Event& event) {
    started.increment();
    if (event.sequence == 1) {
      EXPECT_TRUE(release.wait());
    }
  });
  bus.subscribe("p", "*", inbox.handler());
  bus.start();
  ASSERT_TRUE(bus.publish("x", "test", "{}"));
  ASSERT_TRUE(started.wait_for_at_least(1));
  for (int i = 0; i < 9; ++i) {
    ASSERT_TRUE(bus.publish("x", "test", "{}"));
  }
  auto stopper = std::async(std::launch::async, [&] {
    bus.stop();
    return inbox.size();
  });
  EXPECT_EQ(stopper.wait_for(blocked_check), std::future_status::timeout);
  EXPECT_FALSE(bus.publish("x", "test", "{}"));  // stopping: nothing new is accepted
  release.open();
  ASSERT_EQ(stopper.wait_for(generous_timeout), std::future_status::ready);
  EXPECT_EQ(stopper.get(), 10u);
}

TEST_F(EventBusTest, MisuseFromHandlersAndBeforeStartIsRefused) {
  std::atomic<int> refused{0};
  EventBus bus(clock);
  bus.subscribe("p", "x", [&](const Event&) {
    try {
      bus.drain();
    } catch (const std::logic_error&) {
      ++refused;
    }
    try {
      bus.stop();
    } catch (const std::logic_error&) {
      ++refused;
    }
  });
  bus.drain();  // nothing queued: returns
  bus.publish("x", "test", "{}");
  EXPECT_THROW(bus.drain(), std::logic_error);  // would never return
  bus.start();
  bus.drain();
  EXPECT_EQ(refused.load(), 2);
}

TEST_F(EventBusTest, StoppingANeverStartedBusDiscardsItsQueue) {
  Inbox inbox;
  EventBus bus(clock);
  bus.subscribe("p", "*", inbox.handler());
  bus.publish("x", "test", "{}");
  bus.stop();
  EXPECT_EQ(bus.stats().queued, 0u);
  EXPECT_FALSE(bus.publish("x", "test", "{}"));
  EXPECT_EQ(inbox.size(), 0u);
}

TEST_F(EventBusTest, PublishingFromManyThreadsGivesUniqueGapFreeSequences) {
  constexpr int threads = 4;
  constexpr int per_thread = 2000;
  Inbox inbox;
  EventBus bus(clock, threads * per_thread);
  bus.subscribe("p", "load.*", inbox.handler());
  bus.start();
  {
    std::vector<std::jthread> publishers;
    for (int t = 0; t < threads; ++t) {
      publishers.emplace_back([&bus, t] {
        for (int i = 0; i < per_thread; ++i) {
          EXPECT_TRUE(bus.publish("load.t" + std::to_string(t), "thread-" + std::to_string(t),
                                  std::to_string(i)));
        }
      });
    }
  }
  bus.drain();

  const auto events = inbox.events();
  ASSERT_EQ(events.size(), static_cast<std::size_t>(threads * per_thread));
  std::map<std::string, int> next_from_source;
  for (std::size_t i = 0; i < events.size(); ++i) {
    ASSERT_EQ(events[i].sequence, i + 1) << "delivered out of order or with a gap";
    // Each publisher's events arrive in the order it published them.
    EXPECT_EQ(events[i].payload_json, std::to_string(next_from_source[events[i].source]++));
  }
  EXPECT_EQ(next_from_source.size(), static_cast<std::size_t>(threads));
  EXPECT_EQ(bus.stats().published, static_cast<std::uint64_t>(threads * per_thread));
  EXPECT_EQ(bus.stats().dropped, 0u);
}

}  // namespace
}  // namespace sentinel::host::testing
