// Values, row callbacks and errors of the host's database layer. Free of SOCI types on purpose:
// every component that talks to the database includes this.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace sentinel::host {

struct Blob {
    std::string bytes;
    bool operator==(const Blob&) const = default;
};

// NULL, integer, real, text, blob.
using DbValue = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

// Receives one result row; return false to stop reading further rows.
using DbRowHandler =
    std::function<bool(const std::vector<std::string>& columns, const std::vector<DbValue>& values)>;

enum class DbErrorKind {
    Constraint,   // unique / foreign key / check / not-null violation
    Unavailable,  // the database cannot be reached or opened (connection lost, locked for too long)
    Other,        // anything else: syntax errors, misuse, invalid configuration
};

const char* to_string(DbErrorKind kind) noexcept;

class DbError : public std::runtime_error {
public:
    DbError(DbErrorKind kind, std::string message);
    DbErrorKind kind() const noexcept { return kind_; }

private:
    DbErrorKind kind_;
};

enum class Dialect { Sqlite, Postgresql };

// "sqlite" | "postgresql"
const char* to_string(Dialect dialect) noexcept;

}  // namespace sentinel::host
