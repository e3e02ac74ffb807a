// Converts positional '?' parameters to SOCI-style named binds (:p1, :p2, ...).
#pragma once

#include "storage/db_value.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace sentinel::host {

struct ConvertedStatement {
    std::string sql;
    std::size_t parameter_count = 0;
};

// Leaves '?' alone inside '...' literals, "..." identifiers and comments, and on PostgreSQL inside
// E'...' literals and $$ blocks ('::' casts pass through untouched). On PostgreSQL comments are
// replaced by a space: SOCI's PostgreSQL backend would otherwise take ":word" inside a comment
// for a bind. Throws DbError(Other) for numbered placeholders such as ?1.
ConvertedStatement convert_placeholders(std::string_view sql, Dialect dialect);

// Throws DbError(Other) when `given` differs from the statement's placeholder count.
void check_parameter_count(const ConvertedStatement& statement, std::size_t given);

}  // namespace sentinel::host
