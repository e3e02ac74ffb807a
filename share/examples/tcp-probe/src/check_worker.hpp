// A few threads and a bounded queue, owned by the plugin: blocking work (here getaddrinfo) runs
// on them so that the host's threads never wait. No Sentinel code.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tcp_probe {

class CheckWorker {
public:
    // Called exactly once: with false on a worker thread when the job's turn comes, or with true
    // (on the destructor's thread) when the worker stops before the job started.
    using Job = std::function<void(bool cancelled)>;

    CheckWorker(std::size_t threads, std::size_t max_queued);
    // Stops taking jobs, cancels the queued ones, and joins the threads (after the jobs they are
    // running return).
    ~CheckWorker();

    CheckWorker(const CheckWorker&) = delete;
    CheckWorker& operator=(const CheckWorker&) = delete;

    // Queues `job` and returns at once. False (and `job` not kept) when the queue is full or the
    // worker is stopping; the caller then completes the work itself.
    bool post(Job job);

private:
    void run();

    const std::size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_; // last: started after, and joined before, the rest exists
};

} // namespace tcp_probe
