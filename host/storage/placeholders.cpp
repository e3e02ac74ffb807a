#include "storage/placeholders.hpp"

#include "storage/sql_lexer.hpp"

#include <cctype>

namespace sentinel::host {

ConvertedStatement convert_placeholders(std::string_view sql, Dialect dialect) {
    const bool postgresql = dialect == Dialect::Postgresql;
    const sql::LexOptions options{.dollar_quotes = postgresql, .escape_strings = postgresql,
                                  .nested_comments = postgresql};
    ConvertedStatement out;
    out.sql.reserve(sql.size() + 16);
    std::size_t pos = 0;
    while (pos < sql.size()) {
        if (const auto span = sql::opaque_span_at(sql, pos, options)) {
            if (postgresql && sql::is_comment(span->kind)) {
                out.sql += ' ';
            } else {
                out.sql.append(sql.substr(pos, span->length));
            }
            pos += span->length;
            continue;
        }
        const char c = sql[pos];
        if (c == '?') {
            if (pos + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[pos + 1]))) {
                throw DbError(DbErrorKind::Other,
                              "numbered placeholders such as '?" + std::string(1, sql[pos + 1]) +
                                  "' are not supported; use plain '?' in parameter order");
            }
            out.sql += ":p";
            out.sql += std::to_string(++out.parameter_count);
        } else {
            out.sql += c;
        }
        ++pos;
    }
    return out;
}

void check_parameter_count(const ConvertedStatement& statement, std::size_t given) {
    if (statement.parameter_count == given) return;
    throw DbError(DbErrorKind::Other, "statement has " + std::to_string(statement.parameter_count) +
                                          " '?' placeholder(s) but " + std::to_string(given) +
                                          " parameter(s) were given");
}

}  // namespace sentinel::host
