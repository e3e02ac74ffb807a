// Turns DatabaseConfig::url into what each backend needs, and hides passwords from messages.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace sentinel::host {

struct SqliteTarget {
    std::string path;  // ":memory:" for a private in-memory database
    bool in_memory() const { return path == ":memory:"; }
};

struct PostgresqlTarget {
    std::string conninfo;  // libpq key='value' form (SOCI mangles URIs), password included
    std::string display;   // postgresql://user@host:port/db, never the password
    std::string password;  // for scrubbing server/libpq messages; may be empty
};

using DatabaseTarget = std::variant<SqliteTarget, PostgresqlTarget>;

// Throws DbError(Other) for an unknown scheme or a malformed URL (message without the password).
// PostgreSQL gets connect_timeout=10, application_name=sentinel and client_encoding=UTF8 unless
// the URL sets them.
DatabaseTarget parse_database_url(std::string_view url);

// The URL with any password (user:PASSWORD@ or password=...) replaced by "***".
std::string redact_url(std::string_view url);

// `message` with every occurrence of `secret` replaced by "***" (no-op for an empty secret).
std::string scrub_secret(std::string message, std::string_view secret);

}  // namespace sentinel::host
