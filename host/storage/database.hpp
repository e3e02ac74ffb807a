// The host's only door to the database: SQLite (default) or PostgreSQL behind one interface.
// Statements use positional '?' parameters; every call runs on a pooled connection.
#pragma once

#include "storage/db_value.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace sentinel::host {

struct DatabaseConfig {
    // "sqlite:<path>" | "sqlite://<path>" (relative or absolute; "sqlite::memory:" for a private
    // in-memory database, which forces a pool of one connection)
    // | "postgresql://user:pass@host:port/db?..." | "postgres://..." (any libpq URI parameter)
    std::string url;
    std::size_t pool_size = 8;
    std::string sqlite_synchronous = "full";  // full | normal  (full: every acknowledged commit survives power loss)
    std::chrono::milliseconds busy_timeout{5000};
    // How long a caller waits for a free pooled connection before DbError(Unavailable).
    std::chrono::milliseconds acquire_timeout{30000};
};

class Database {
    struct Impl;
    struct PassKey {
        explicit PassKey() = default;
    };

public:
    Database(PassKey, std::unique_ptr<Impl> impl);  // made by open() only

    // Throws DbError(Unavailable) when the database can't be opened or reached, DbError(Other) when
    // the configuration is invalid (unknown URL scheme, bad option value). Messages never contain
    // the password.
    static std::unique_ptr<Database> open(const DatabaseConfig& config);

    Dialect dialect() const noexcept;
    const char* dialect_name() const noexcept;  // "sqlite" | "postgresql"

    // One statement with positional '?' parameters on a pooled connection, autocommitted. Rows go
    // to `on_row` (may be empty). Returns the rows changed by INSERT/UPDATE/DELETE, 0 otherwise.
    // Throws DbError.
    std::int64_t execute(std::string_view sql, std::span<const DbValue> params = {},
                         const DbRowHandler& on_row = {});
    // Convenience: db.execute("... WHERE id = ?", {DbValue{id}}, handler).
    std::int64_t execute(std::string_view sql, std::initializer_list<DbValue> params, const DbRowHandler& on_row = {}) {
        return execute(sql, std::span<const DbValue>(params.begin(), params.size()), on_row);
    }

    // Holds one pooled connection until commit/rollback/destruction. Must not outlive its Database.
    // Once a statement in it has failed, the transaction can only be rolled back: further
    // execute() and commit() throw (PostgreSQL aborts the transaction; SQLite behaves the same).
    class Transaction {
        struct Impl;

    public:
        Transaction(PassKey, std::unique_ptr<Impl> impl);  // made by Database::begin() only
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        ~Transaction();  // rolls back if still open; never throws

        std::int64_t execute(std::string_view sql, std::span<const DbValue> params = {},
                             const DbRowHandler& on_row = {});
        std::int64_t execute(std::string_view sql, std::initializer_list<DbValue> params,
                             const DbRowHandler& on_row = {}) {
            return execute(sql, std::span<const DbValue>(params.begin(), params.size()), on_row);
        }
        void commit();    // throws DbError; the transaction is over either way
        void rollback();  // no-op when already over; throws DbError if the rollback itself failed
        bool is_open() const noexcept;

    private:
        friend class Database;
        std::unique_ptr<Impl> impl_;
    };

    // SQLite: BEGIN IMMEDIATE (takes the write lock up front, so no lock-upgrade deadlocks).
    std::unique_ptr<Transaction> begin();

    // "SELECT 1" round trip; throws DbError(Unavailable).
    std::chrono::microseconds ping();

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace sentinel::host
