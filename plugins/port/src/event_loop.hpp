// One epoll thread: file-descriptor watches, one-shot timers (a min-heap of deadlines that
// drives epoll_wait's timeout) and a thread-safe task queue woken through an eventfd.
#pragma once

#include "unique_fd.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <unordered_map>
#include <vector>

namespace port_plugin {

class EventLoop {
public:
    using Clock = std::chrono::steady_clock;
    using Task = std::function<void()>;
    using IoHandler = std::function<void(std::uint32_t events)>;

    EventLoop(); // starts the loop thread; throws std::system_error
    // Stops and joins the thread. Tasks, timers and watches not yet run are destroyed unrun.
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Any thread: runs `task` on the loop thread.
    void post(Task task);

    // Loop thread only. watch() returns a token for unwatch(); events of a token that was
    // unwatched are never delivered, even when its descriptor number is reused meanwhile.
    std::uint64_t watch(int fd, std::uint32_t events, IoHandler handler);
    void unwatch(std::uint64_t token);
    void at(Clock::time_point when, Task task);

private:
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

    void run();
    int wait_timeout_ms() const;
    void run_due_timers();
    void run_posted_tasks();

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

    std::thread thread_; // last: starts after everything above exists
};

} // namespace port_plugin
