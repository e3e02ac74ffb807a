#include "group_commit.hpp"

namespace sentinel::security {

std::vector<GroupCommit::Waiter*> GroupCommit::take_group() {
    std::vector<Waiter*> group;
    std::size_t entries = 0;
    std::size_t taken = 0;
    while (taken < queue_.size()) {
        const auto size = queue_[taken]->entries->entries->size();
        if (!group.empty() && entries + size > max_group_entries_) break;
        group.push_back(queue_[taken]);
        entries += size;
        ++taken;
    }
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(taken));
    return group;
}

std::vector<std::int64_t> GroupCommit::insert(const ScoredEntries& entries) {
    Waiter me{&entries, {}, nullptr};
    std::unique_lock lock(mutex_);
    queue_.push_back(&me);
    while (!me.done) {
        if (committing_) {
            finished_.wait(lock);
            continue;
        }
        // Lead the next group: whoever queued meanwhile, this caller included unless an earlier
        // leader already took it.
        committing_ = true;
        const auto group = take_group();
        lock.unlock();
        std::vector<const ScoredEntries*> batches;
        batches.reserve(group.size());
        for (const auto* waiter : group) batches.push_back(waiter->entries);
        std::vector<std::vector<std::int64_t>> ids;
        std::exception_ptr error;
        try {
            ids = store_.insert_all(batches);
        } catch (...) {
            error = std::current_exception();
        }
        lock.lock();
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (error) group[i]->error = error;
            else group[i]->ids = std::move(ids[i]);
            group[i]->done = true;
        }
        ++stats_.transactions;
        stats_.requests += group.size();
        committing_ = false;
        finished_.notify_all();
    }
    if (me.error) std::rethrow_exception(me.error);
    return std::move(me.ids);
}

std::size_t GroupCommit::waiting() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

GroupCommit::Stats GroupCommit::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

} // namespace sentinel::security
