// One SQLite writer at a time within this process. SQLite allows a single writer anyway; letting
// writers wait here (woken as soon as the writer before them finishes) instead of in SQLite's busy
// handler, which sleeps up to 100 ms between attempts, keeps write latency flat under contention.
// Other processes (the CLI) still meet SQLite's own busy timeout.
#pragma once

#include "storage/db_value.hpp"

#include <chrono>
#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace sentinel::host {

class WriterGate {
public:
    explicit WriterGate(std::chrono::milliseconds timeout) : timeout_(timeout) {}

    // Waits in arrival order (first come, first served: no writer starves behind later ones).
    // Throws DbError(Unavailable) when the turn does not come within the timeout (a stuck or very
    // long transaction, or a caller writing outside the transaction it holds).
    void acquire() {
        std::unique_lock lock(mutex_);
        const std::uint64_t ticket = next_ticket_++;
        waiting_.push_back(ticket);
        const bool turn = changed_.wait_for(lock, timeout_, [&] { return !held_ && waiting_.front() == ticket; });
        if (!turn) {
            waiting_.erase(std::find(waiting_.begin(), waiting_.end(), ticket));
            changed_.notify_all();
            throw DbError(DbErrorKind::Unavailable,
                          "database is busy: another write held the SQLite write lock for more than " +
                              std::to_string(timeout_.count()) + " ms");
        }
        waiting_.pop_front();
        held_ = true;
    }
    // May be called from another thread than acquire(): a transaction can end elsewhere.
    void release() noexcept {
        {
            std::lock_guard lock(mutex_);
            held_ = false;
        }
        changed_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::uint64_t> waiting_;
    std::uint64_t next_ticket_ = 0;
    bool held_ = false;
    std::chrono::milliseconds timeout_;
};

}  // namespace sentinel::host
