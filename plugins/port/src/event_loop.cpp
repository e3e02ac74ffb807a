#include "event_loop.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

namespace port_plugin {
namespace {

constexpr std::uint64_t kWakeToken = 0;

[[noreturn]] void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// Callers complete their work through RAII, so an exception escaping a callback has nothing
// left to report; it must not take the loop thread (and the process) down.
template <typename F>
void run_guarded(F& callback) noexcept {
    try {
        callback();
    } catch (...) {
    }
}

} // namespace

EventLoop::EventLoop()
    : epoll_(::epoll_create1(EPOLL_CLOEXEC)), wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (!epoll_) throw_errno("epoll_create1");
    if (!wake_) throw_errno("eventfd");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeToken;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &ev) != 0) throw_errno("epoll_ctl");
    thread_ = std::thread([this] { run(); });
}

EventLoop::~EventLoop() {
    stopping_.store(true);
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(wake_.get(), &one, sizeof one);
    thread_.join();
}

void EventLoop::post(Task task) {
    bool was_empty = false;
    {
        std::lock_guard lock(mutex_);
        was_empty = posted_.empty();
        posted_.push_back(std::move(task));
    }
    if (was_empty) { // otherwise a wake-up is already pending
        const std::uint64_t one = 1;
        [[maybe_unused]] auto written = ::write(wake_.get(), &one, sizeof one);
    }
}

std::uint64_t EventLoop::watch(int fd, std::uint32_t events, IoHandler handler) {
    const std::uint64_t token = next_token_++;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = token;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0) throw_errno("epoll_ctl");
    watches_.emplace(token, Watch{fd, std::make_shared<IoHandler>(std::move(handler))});
    return token;
}

void EventLoop::unwatch(std::uint64_t token) {
    const auto it = watches_.find(token);
    if (it == watches_.end()) return;
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, it->second.fd, nullptr);
    watches_.erase(it);
}

void EventLoop::at(Clock::time_point when, Task task) {
    timers_.push(Timer{when, next_order_++, std::move(task)});
}

int EventLoop::wait_timeout_ms() const {
    if (timers_.empty()) return -1;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(timers_.top().when - Clock::now());
    return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 60000));
}

void EventLoop::run_due_timers() {
    const auto now = Clock::now();
    while (!timers_.empty() && timers_.top().when <= now) {
        // priority_queue::top is const; the task is moved out before pop destroys it.
        Task task = std::move(const_cast<Timer&>(timers_.top()).task);
        timers_.pop();
        run_guarded(task);
    }
}

void EventLoop::run_posted_tasks() {
    std::uint64_t count = 0;
    [[maybe_unused]] auto read = ::read(wake_.get(), &count, sizeof count);
    std::vector<Task> tasks;
    {
        std::lock_guard lock(mutex_);
        tasks.swap(posted_);
    }
    for (auto& task : tasks) run_guarded(task);
}

void EventLoop::run() {
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
            run_guarded(call);
        }
        run_due_timers();
        if (woken && !stopping_.load()) run_posted_tasks();
    }
}

} // namespace port_plugin
