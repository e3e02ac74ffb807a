// One open database connection of either dialect. Used by one thread at a time (the pool hands it
// out); SOCI and native handles stay inside the implementations.
#pragma once

#include "storage/db_value.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sentinel::host {

class Connection {
public:
    virtual ~Connection() = default;

    virtual Dialect dialect() const noexcept = 0;

    // Converts '?' placeholders, checks the parameter count and runs the statement.
    std::int64_t execute(std::string_view sql, std::span<const DbValue> params, const DbRowHandler& on_row);

    virtual void begin() = 0;  // SQLite: BEGIN IMMEDIATE
    virtual void commit() = 0;
    virtual void rollback() = 0;

    // Called when the connection goes back to the pool: rolls back a transaction left open and
    // tells whether the connection can serve the next caller (false: discard and reconnect).
    virtual bool prepare_for_reuse() noexcept = 0;

protected:
    // `sql` already uses :p1, :p2, ... binds, one per parameter in order.
    virtual std::int64_t run(const std::string& sql, std::span<const DbValue> params, const DbRowHandler& on_row) = 0;
};

}  // namespace sentinel::host

namespace sentinel::host {

// The statement for error messages: whitespace collapsed, at most 200 characters.
std::string sql_excerpt(std::string_view sql);

}  // namespace sentinel::host
