// Versioned schema migrations per owner (the host itself, each plugin), recorded in the database.
#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::host {

struct Migration {
    std::uint32_t version;
    std::string description;
    std::string sql;  // one or more statements separated by ';', may use the dialect tokens below
};

struct MigrationReport {
    std::vector<std::uint32_t> applied;  // versions newly applied this time
};

class MigrationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Applies the owner's pending migrations in version order, the whole batch in ONE transaction
// (serialised across hosts: PostgreSQL advisory lock, SQLite BEGIN IMMEDIATE), recording each in
// sentinel_migrations(owner, version, description, checksum, applied_at). The checksum is the
// SHA-256 (hex) of the migration's SQL text as written, before dialect tokens are replaced.
// Throws MigrationError when versions are not 1..n, when an applied migration changed, when the
// database knows a newer version than the code, or when a statement or the commit fails; nothing
// of the batch is applied then. DbError passes through when the bookkeeping itself fails (e.g.
// Unavailable: the database can't be reached).
MigrationReport apply_migrations(Database& db, const std::string& owner,
                                 const std::vector<Migration>& migrations);

// {{serial_pk}} -> "INTEGER PRIMARY KEY AUTOINCREMENT" (SQLite) / "BIGSERIAL PRIMARY KEY" (PostgreSQL)
// {{blob}}      -> "BLOB" / "BYTEA"
std::string apply_dialect_tokens(std::string_view sql, Dialect dialect);

// Splits a script into statements at ';' outside '...' literals, "..." identifiers, -- and /* */
// comments and $$ / $tag$ blocks; drops empty ones. A CREATE TRIGGER statement ends only at a ';'
// that follows END (as in SQLite's own sqlite3_complete()).
std::vector<std::string> split_sql_statements(std::string_view sql);

}  // namespace sentinel::host
