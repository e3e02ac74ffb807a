// Group commit for concurrent ingestion: requests that arrive while another request's transaction
// is being committed are stored together in the next transaction, so that with a durable database
// (SQLite synchronous=full, PostgreSQL) they share one fsync instead of queueing for one each.
// No thread of its own: the first waiting caller leads the next group and the others wait for it.
// Each caller returns only once its own entries are committed, or with the group's error.
#pragma once

#include "security_store.hpp"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <vector>

namespace sentinel::security {

class GroupCommit {
public:
    // `max_group_entries`: a group stops growing past this many entries (one caller's batch may
    // exceed it alone).
    explicit GroupCommit(SecurityStore& store, std::size_t max_group_entries = 10'000)
        : store_(store), max_group_entries_(max_group_entries) {}

    // Stores the entries (one transaction shared with whoever else is waiting); their ids in
    // order. Throws what the store threw for the group.
    std::vector<std::int64_t> insert(const ScoredEntries& entries);

    struct Stats {
        std::uint64_t transactions = 0;
        std::uint64_t requests = 0;
    };
    Stats stats() const;
    // Callers queued for the next transaction.
    std::size_t waiting() const;

private:
    struct Waiter {
        const ScoredEntries* entries;
        std::vector<std::int64_t> ids;
        std::exception_ptr error;
        bool done = false;
    };
    // Takes waiters from the front of the queue up to the size cap (at least one).
    std::vector<Waiter*> take_group();

    SecurityStore& store_;
    const std::size_t max_group_entries_;
    mutable std::mutex mutex_;
    std::condition_variable finished_;
    std::vector<Waiter*> queue_; // guarded by mutex_, as are the members below
    bool committing_ = false;
    Stats stats_;
};

} // namespace sentinel::security
