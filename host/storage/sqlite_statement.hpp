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
#include <span>
#include <string>
#include <string_view>

namespace sqlite_api {
struct sqlite3;
}

namespace sentinel::host {

// `sql` must hold one statement whose binds (?, :p1, ...) match `params` in order.
// Returns the rows changed by the statement itself (0 for statements that change nothing).
std::int64_t run_sqlite_statement(sqlite_api::sqlite3* db, const std::string& sql, std::span<const DbValue> params,
                                  const DbRowHandler& on_row);

// Maps the connection's last error to DbError: SQLITE_CONSTRAINT -> Constraint; BUSY, LOCKED,
// CANTOPEN, IOERR, NOTADB -> Unavailable; others -> Other.
[[noreturn]] void throw_sqlite_error(sqlite_api::sqlite3* db, int result_code, std::string_view sql);

}  // namespace sentinel::host
