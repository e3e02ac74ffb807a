#include "storage/connection.hpp"

#include "storage/placeholders.hpp"

#include <cctype>

namespace sentinel::host {

std::int64_t Connection::execute(std::string_view sql, std::span<const DbValue> params, const DbRowHandler& on_row) {
    const ConvertedStatement statement = convert_placeholders(sql, dialect());
    check_parameter_count(statement, params.size());
    return run(statement.sql, params, on_row);
}

std::string sql_excerpt(std::string_view sql) {
    constexpr std::size_t max_length = 200;
    std::string out;
    bool pending_space = false;
    for (const char c : sql) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
        if (out.size() >= max_length) {
            out += "...";
            break;
        }
    }
    return out;
}

}  // namespace sentinel::host
