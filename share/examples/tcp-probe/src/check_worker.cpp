#include "check_worker.hpp"

#include <utility>

namespace tcp_probe {

CheckWorker::CheckWorker(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
    threads_.reserve(threads);
    try {
        for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
    } catch (...) {
        // A thread failed to start: stop the ones that did before the exception leaves.
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (auto& t : threads_) t.join();
        throw;
    }
}

CheckWorker::~CheckWorker() {
    std::deque<Job> dropped;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        dropped.swap(queue_);
    }
    wake_.notify_all();
    for (auto& job : dropped) {
        try {
            job(true);
        } catch (...) {
        }
    }
    for (auto& t : threads_) t.join();
}

bool CheckWorker::post(Job job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= max_queued_) return false;
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

void CheckWorker::run() {
    while (true) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return; // the destructor cancels what is still queued
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        try {
            job(false);
        } catch (...) {
            // A job reports its own failures; nothing may end the thread.
        }
    }
}

} // namespace tcp_probe
