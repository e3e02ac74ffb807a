#include "storage/db_value.hpp"

#include <utility>

namespace sentinel::host {

const char* to_string(DbErrorKind kind) noexcept {
    switch (kind) {
        case DbErrorKind::Constraint: return "constraint";
        case DbErrorKind::Unavailable: return "unavailable";
        case DbErrorKind::Other: return "other";
    }
    return "other";
}

DbError::DbError(DbErrorKind kind, std::string message)
    : std::runtime_error(std::move(message)), kind_(kind) {}

const char* to_string(Dialect dialect) noexcept {
    return dialect == Dialect::Sqlite ? "sqlite" : "postgresql";
}

}  // namespace sentinel::host
