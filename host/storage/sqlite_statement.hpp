// Runs statements on a SQLite connection through the SQLite C API.
//
// Why not SOCI here: SOCI 4.0.3's sqlite3 backend types a result column by its declared type, so
// an INTEGER column (every rowid alias) is read as a 32-bit int and truncated, and expression
// columns (count(*), max(x)) arrive as strings. SQLite types each value, not each column, so the
// runner reads every cell by its own storage class (sqlite3_column_type): INTEGER -> int64,
// REAL -> double, TEXT -> string, BLOB -> Blob, NULL -> monostate. The connection itself is still
// opened and owned by a soci::session.
#pragma once

#include "storage/db_value.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sqlite_api {
struct sqlite3;
struct sqlite3_stmt;
}

namespace sentinel::host {

// Prepared statements of one connection, by SQL text, so a statement run again skips SQLite's
// parse and plan (most of the cost of a small statement). Must be destroyed before its connection.
class SqliteStatementCache {
public:
    explicit SqliteStatementCache(std::size_t capacity = 128) : capacity_(capacity) {}
    ~SqliteStatementCache();
    SqliteStatementCache(const SqliteStatementCache&) = delete;
    SqliteStatementCache& operator=(const SqliteStatementCache&) = delete;

    struct Entry {
        sqlite_api::sqlite3_stmt* statement = nullptr;
        bool in_use = false; // a row handler may run the same SQL again: that one is prepared anew
    };
    // The idle cached statement for `sql`, or nullptr.
    Entry* find(const std::string& sql);
    // Keeps `statement` (prepared from `sql`); nullptr when full (the caller then finalizes it).
    Entry* adopt(const std::string& sql, sqlite_api::sqlite3_stmt* statement);

private:
    std::size_t capacity_;
    std::unordered_map<std::string, Entry> entries_;
};

// `sql` must hold one statement whose binds (?, :p1, ...) match `params` in order.
// Returns the rows changed by the statement itself (0 for statements that change nothing).
std::int64_t run_sqlite_statement(sqlite_api::sqlite3* db, const std::string& sql, std::span<const DbValue> params,
                                  const DbRowHandler& on_row, SqliteStatementCache* cache = nullptr);

// Maps the connection's last error to DbError: SQLITE_CONSTRAINT -> Constraint; BUSY, LOCKED,
// CANTOPEN, IOERR, NOTADB -> Unavailable; others -> Other.
[[noreturn]] void throw_sqlite_error(sqlite_api::sqlite3* db, int result_code, std::string_view sql);

}  // namespace sentinel::host
