// A few worker threads for calls that block (getaddrinfo), so the curl loop never does.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace http_probe {

class TaskPool {
public:
    // A task learns whether it runs for real or is being cancelled by stop().
    using Task = std::function<void(bool cancelled)>;

    explicit TaskPool(std::size_t threads);
    ~TaskPool(); // stop()
    TaskPool(const TaskPool&) = delete;
    TaskPool& operator=(const TaskPool&) = delete;

    // Thread-safe. After stop() the task runs at once, cancelled, on the caller's thread.
    void post(Task task);
    // Lets running tasks finish, runs queued ones as cancelled, joins. Idempotent.
    void stop();

private:
    void work();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task> queue_; // guarded by mutex_
    bool stopping_ = false;  // guarded by mutex_
    std::vector<std::thread> threads_;
};

} // namespace http_probe
