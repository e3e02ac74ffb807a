#include "task_pool.hpp"

namespace http_probe {

TaskPool::TaskPool(std::size_t threads) {
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

TaskPool::~TaskPool() { stop(); }

void TaskPool::post(Task task) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back(std::move(task));
            wake_.notify_one();
            return;
        }
    }
    task(true);
}

void TaskPool::stop() {
    std::deque<Task> cancelled;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
        cancelled.swap(queue_);
    }
    wake_.notify_all();
    for (auto& task : cancelled) task(true);
    for (auto& t : threads_)
        if (t.joinable()) t.join();
}

void TaskPool::work() {
    for (;;) {
        Task task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            task = std::move(queue_.front());
            queue_.pop_front();
        }
        task(false);
    }
}

} // namespace http_probe
