// Values, row callbacks and errors of the host's database layer. Free of SOCI types on purpose:
// every component that talks to the database includes this.
#pragma once

#include <sentinel/sdk/database.hpp>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace sentinel::host {

// The same types the plugin SDK uses, so values cross the C ABI through one conversion
// (sentinel/sdk/detail/abi_values.hpp).
using Blob = sdk::Blob;

// NULL, integer, real, text, blob. What comes back from each backend:
// - SQLite: each cell by its own storage class (SQLite types values, not columns), so count(*),
//   max(x) and other expressions without a declared type are int64/double as computed.
//   Blob parameters are stored as real BLOBs. There is no date type: dates are whatever was stored.
// - PostgreSQL: by column type: smallint/integer/bigint/boolean/oid -> int64, real/double/numeric
//   -> double (numeric loses precision beyond 15-17 digits: sum(bigint) is numeric, cast it to
//   BIGINT for an integer), bytea -> Blob, date/time/timestamp(tz) -> "YYYY-MM-DDTHH:MM:SS" text
//   (UTC for timestamptz, fractions dropped), text/json/uuid/arrays -> text. Types SOCI cannot
//   read (interval, void) fail with DbError(Other): cast them to text. Parameters are sent
//   untyped and the server infers their type, so a bare "SELECT ?" comes back as text.
using DbValue = sdk::Value::Storage;

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
