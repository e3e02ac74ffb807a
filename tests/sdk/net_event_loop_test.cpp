// sentinel::sdk::net::EventLoop: posted tasks, timers in deadline order, descriptor watches.
#include <sentinel/sdk/net/event_loop.hpp>
#include <sentinel/sdk/net/unique_fd.hpp>
#include <sentinel/sdk/testing/collector.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
#include <thread>

namespace {

using namespace std::chrono_literals;
using sentinel::sdk::net::EventLoop;
using sentinel::sdk::net::UniqueFd;
using sentinel::sdk::testing::Collector;

TEST(NetEventLoop, RunsPostedTasksOnItsThreadInOrder) {
    EventLoop loop;
    Collector<std::thread::id> threads;
    Collector<int> order;
    for (int i = 0; i < 100; ++i)
        loop.post([&, i] {
            order.add(i);
            if (i == 0) threads.add(std::this_thread::get_id());
        });
    ASSERT_TRUE(order.wait_for(100));
    ASSERT_TRUE(threads.wait_for(1));
    EXPECT_NE(threads.results()[0], std::this_thread::get_id());
    const auto seen = order.results();
    for (int i = 0; i < 100; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
}

TEST(NetEventLoop, RunsTimersByDeadlineAndSurvivesThrowingCallbacks) {
    EventLoop loop;
    Collector<std::string> fired;
    loop.post([&] {
        const auto now = EventLoop::Clock::now();
        loop.at(now + 60ms, [&] { fired.add("late"); });
        loop.at(now + 20ms, [&] { fired.add("early"); });
        loop.at(now + 20ms, [&] { fired.add("early, second"); });
        loop.at(now - 1s, [] { throw std::runtime_error("a bug in a check"); });
    });
    ASSERT_TRUE(fired.wait_for(3));
    EXPECT_EQ(fired.results(), (std::vector<std::string>{"early", "early, second", "late"}));
}

TEST(NetEventLoop, DeliversEventsUntilUnwatched) {
    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_NONBLOCK | O_CLOEXEC), 0);
    UniqueFd read_end(ends[0]);
    UniqueFd write_end(ends[1]);

    EventLoop loop;
    Collector<std::uint32_t> events;
    std::uint64_t token = 0; // loop thread only
    loop.post([&] {
        token = loop.watch(read_end.get(), EPOLLIN, [&](std::uint32_t ready) {
            events.add(ready);
            loop.unwatch(token); // a handler may unwatch itself
        });
        // Ready at once; the handler runs after this task, on a later turn.
        ASSERT_EQ(::write(write_end.get(), "x", 1), 1);
        loop.at(EventLoop::Clock::now() + 50ms, [&] { events.add(0); });
    });
    ASSERT_TRUE(events.wait_for(2));
    const auto seen = events.results();
    ASSERT_EQ(seen.size(), 2u); // level-triggered, yet delivered once: unwatched
    EXPECT_TRUE(seen[0] & EPOLLIN);
    EXPECT_EQ(seen[1], 0u);
}

TEST(NetEventLoop, DestroysPendingWorkUnrun) {
    auto ran = std::make_shared<bool>(false);
    {
        EventLoop loop;
        loop.post([&loop, ran] { loop.at(EventLoop::Clock::now() + 1h, [ran] { *ran = true; }); });
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_FALSE(*ran);
    EXPECT_EQ(ran.use_count(), 1); // the timer's task was destroyed with the loop
}

} // namespace
