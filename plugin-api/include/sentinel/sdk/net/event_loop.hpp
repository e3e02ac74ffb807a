// Building block for probe plugins (Linux only: epoll and eventfd): one event-loop thread that
// serves many checks at once. It has file-descriptor watches, one-shot timers (a min-heap of
// deadlines that drives epoll_wait's timeout) and a thread-safe task queue woken through an
// eventfd. A plugin owns one EventLoop (typically a member of its prober); nothing is global.
//
//   sentinel::sdk::net::EventLoop loop;                 // starts the thread
//   loop.post([&] {                                    // from any thread
//       auto token = loop.watch(fd, EPOLLOUT, [&](std::uint32_t events) { ... });
//       loop.at(EventLoop::Clock::now() + timeout, [&, token] { loop.unwatch(token); ... });
//   });
//
// Callbacks run on the loop thread, one at a time; an exception escaping one is swallowed (the
// loop keeps running), so complete work through RAII (see completion.hpp).
#pragma once

#include <sentinel/sdk/net/detail/thread.hpp>
#include <sentinel/sdk/net/unique_fd.hpp>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <system_error>
#include <unordered_map>
#include <vector>

namespace sentinel::sdk::net {

namespace detail {
[[noreturn]] inline void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// Runs a callback; nothing it throws leaves (the owner completes its work by RAII).
template <typename F>
void run_guarded(F& callback) noexcept {
    try {
        callback();
    } catch (...) {
    }
}
} // namespace detail

class EventLoop {
public:
    using Clock = std::chrono::steady_clock;
    using Task = std::function<void()>;
    using IoHandler = std::function<void(std::uint32_t events)>; // epoll event bits

    EventLoop(); // starts the loop thread; throws std::system_error
    // Stops and joins the thread. Tasks, timers and watches not yet run are destroyed unrun, on
    // the destroying thread.
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Any thread: runs `task` on the loop thread.
    void post(Task task);

    // Loop thread only (from a posted task, a timer or a handler).
    // watch() adds `fd` to the epoll set (throws std::system_error) and returns a token for
    // unwatch(); events of a token that was unwatched are never delivered, even when its
    // descriptor number is reused meanwhile. Unwatch before closing the descriptor.
    std::uint64_t watch(int fd, std::uint32_t events, IoHandler handler);
    void unwatch(std::uint64_t token); // unknown tokens are ignored
    // Runs `task` once at `when` (or on the next turn when it is past). Timers cannot be
    // cancelled: a timer's task checks whether its work is still pending.
    void at(Clock::time_point when, Task task);

private:
    static constexpr std::uint64_t kWakeToken = 0;

    struct Watch {
        int fd;
        std::shared_ptr<IoHandler> handler; // shared: a handler may unwatch itself while running
    };
    struct Timer {
        Clock::time_point when;
        std::uint64_t order;
        Task task;
        bool operator>(const Timer& other) const {
            return when != other.when ? when > other.when : order > other.order;
        }
    };

    static void* thread_main(void* self) noexcept {
        static_cast<EventLoop*>(self)->run();
        return nullptr;
    }
    void run();
    int wait_timeout_ms() const;
    void run_due_timers();
    void run_posted_tasks();
    void wake() noexcept {
        const std::uint64_t one = 1;
        [[maybe_unused]] auto written = ::write(wake_.get(), &one, sizeof one);
    }

    UniqueFd epoll_;
    UniqueFd wake_;
    std::mutex mutex_;
    std::vector<Task> posted_; // guarded by mutex_
    std::atomic<bool> stopping_{false};

    // Loop thread only.
    std::unordered_map<std::uint64_t, Watch> watches_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::uint64_t next_token_ = 1;
    std::uint64_t next_order_ = 0;

    detail::Thread thread_; // last: starts after everything above exists; see detail/thread.hpp
};

inline EventLoop::EventLoop()
    : epoll_(::epoll_create1(EPOLL_CLOEXEC)), wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (!epoll_) detail::throw_errno("epoll_create1");
    if (!wake_) detail::throw_errno("eventfd");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeToken;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &ev) != 0)
        detail::throw_errno("epoll_ctl");
    thread_ = detail::Thread(&EventLoop::thread_main, this);
}

inline EventLoop::~EventLoop() {
    stopping_.store(true);
    wake();
    thread_.join();
}

inline void EventLoop::post(Task task) {
    bool was_empty = false;
    {
        std::lock_guard lock(mutex_);
        was_empty = posted_.empty();
        posted_.push_back(std::move(task));
    }
    if (was_empty) wake(); // otherwise a wake-up is already pending
}

inline std::uint64_t EventLoop::watch(int fd, std::uint32_t events, IoHandler handler) {
    const std::uint64_t token = next_token_++;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = token;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0) detail::throw_errno("epoll_ctl");
    watches_.emplace(token, Watch{fd, std::make_shared<IoHandler>(std::move(handler))});
    return token;
}

inline void EventLoop::unwatch(std::uint64_t token) {
    const auto it = watches_.find(token);
    if (it == watches_.end()) return;
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, it->second.fd, nullptr);
    watches_.erase(it);
}

inline void EventLoop::at(Clock::time_point when, Task task) {
    timers_.push(Timer{when, next_order_++, std::move(task)});
}

inline int EventLoop::wait_timeout_ms() const {
    if (timers_.empty()) return -1;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(timers_.top().when - Clock::now());
    return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 60000));
}

inline void EventLoop::run_due_timers() {
    const auto now = Clock::now();
    while (!timers_.empty() && timers_.top().when <= now) {
        // priority_queue::top is const; the task is moved out before pop destroys it.
        Task task = std::move(const_cast<Timer&>(timers_.top()).task);
        timers_.pop();
        detail::run_guarded(task);
    }
}

inline void EventLoop::run_posted_tasks() {
    std::uint64_t count = 0;
    [[maybe_unused]] auto read = ::read(wake_.get(), &count, sizeof count);
    std::vector<Task> tasks;
    {
        std::lock_guard lock(mutex_);
        tasks.swap(posted_);
    }
    for (auto& task : tasks) detail::run_guarded(task);
}

inline void EventLoop::run() {
    std::array<epoll_event, 256> events{};
    while (!stopping_.load()) {
        const int n = ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()),
                                   wait_timeout_ms());
        if (n < 0 && errno != EINTR) break;
        bool woken = false;
        for (int i = 0; i < n; ++i) {
            const std::uint64_t token = events[static_cast<std::size_t>(i)].data.u64;
            if (token == kWakeToken) {
                woken = true;
                continue;
            }
            const auto it = watches_.find(token);
            if (it == watches_.end()) continue; // unwatched earlier in this batch
            const auto handler = it->second.handler;
            const std::uint32_t ready = events[static_cast<std::size_t>(i)].events;
            auto call = [&] { (*handler)(ready); };
            detail::run_guarded(call);
        }
        run_due_timers();
        if (woken && !stopping_.load()) run_posted_tasks();
    }
}

} // namespace sentinel::sdk::net
