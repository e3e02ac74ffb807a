#include "storage/connection_pool.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace sentinel::host {

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), slot_(other.slot_), connection_(other.connection_) {}

ConnectionPool::Lease::~Lease() {
    if (pool_ != nullptr) pool_->give_back(slot_);
}

ConnectionPool::ConnectionPool(std::size_t size, Connector connector)
    : connector_(std::move(connector)), slots_(size) {
    free_slots_.reserve(size);
    for (std::size_t slot = size; slot > 0; --slot) free_slots_.push_back(slot - 1);
}

ConnectionPool::Lease ConnectionPool::acquire(std::chrono::milliseconds timeout) {
    std::size_t slot = 0;
    {
        std::unique_lock lock(mutex_);
        if (!slot_freed_.wait_for(lock, timeout, [&] { return !free_slots_.empty(); })) {
            throw DbError(DbErrorKind::Unavailable, "no database connection became free within " +
                                                        std::to_string(timeout.count()) + " ms (pool of " +
                                                        std::to_string(slots_.size()) + ")");
        }
        slot = free_slots_.back();
        free_slots_.pop_back();
    }
    if (!slots_[slot]) {
        try {
            slots_[slot] = connector_();
        } catch (...) {
            give_back(slot);
            throw;
        }
    }
    return Lease(*this, slot, *slots_[slot]);
}

void ConnectionPool::give_back(std::size_t slot) noexcept {
    if (slots_[slot] && !slots_[slot]->prepare_for_reuse()) {
        spdlog::warn("database: discarding a broken connection; the next use reconnects");
        slots_[slot].reset();
    }
    {
        const std::lock_guard lock(mutex_);
        free_slots_.push_back(slot);
    }
    slot_freed_.notify_one();
}

}  // namespace sentinel::host
