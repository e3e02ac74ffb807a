// A fixed number of connection slots, opened lazily and reopened after a connection broke.
#pragma once

#include "storage/connection.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace sentinel::host {

class ConnectionPool {
public:
    using Connector = std::function<std::unique_ptr<Connection>()>;

    // Exclusive use of one connection; gives it back on destruction.
    class Lease {
    public:
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        ~Lease();

        Connection& connection() const noexcept { return *connection_; }

    private:
        friend class ConnectionPool;
        Lease(ConnectionPool& pool, std::size_t slot, Connection& connection) noexcept
            : pool_(&pool), slot_(slot), connection_(&connection) {}

        ConnectionPool* pool_;
        std::size_t slot_;
        Connection* connection_;
    };

    ConnectionPool(std::size_t size, Connector connector);
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // Waits up to `timeout` for a free slot, connecting it when needed. Throws
    // DbError(Unavailable) on timeout, or the connector's error.
    Lease acquire(std::chrono::milliseconds timeout);

    std::size_t size() const noexcept { return slots_.size(); }

private:
    void give_back(std::size_t slot) noexcept;

    Connector connector_;
    std::vector<std::unique_ptr<Connection>> slots_;  // a slot is only touched by its leaseholder
    std::mutex mutex_;
    std::condition_variable slot_freed_;
    std::vector<std::size_t> free_slots_;  // a stack: the warmest connection is reused first
};

}  // namespace sentinel::host
