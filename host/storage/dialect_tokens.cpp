// apply_dialect_tokens(): declared in migrations.hpp.
#include "storage/migrations.hpp"

#include <array>
#include <utility>

namespace sentinel::host {

std::string apply_dialect_tokens(std::string_view sql, Dialect dialect) {
    const bool sqlite = dialect == Dialect::Sqlite;
    const std::array<std::pair<std::string_view, std::string_view>, 2> replacements{{
        {"{{serial_pk}}", sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"},
        {"{{blob}}", sqlite ? "BLOB" : "BYTEA"},
    }};
    std::string out;
    out.reserve(sql.size() + 32);
    std::size_t pos = 0;
    while (pos < sql.size()) {
        bool replaced = false;
        if (sql[pos] == '{') {
            for (const auto& [token, text] : replacements) {
                if (sql.substr(pos, token.size()) == token) {
                    out += text;
                    pos += token.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out += sql[pos++];
    }
    return out;
}

}  // namespace sentinel::host
