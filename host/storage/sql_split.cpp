// split_sql_statements(): declared in migrations.hpp, where scripts come from.
#include "storage/migrations.hpp"
#include "storage/sql_lexer.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace sentinel::host {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Tracks the words of the statement being scanned: enough to tell a CREATE TRIGGER statement,
// whose body holds ';', and whether the last token before a ';' was END.
class StatementShape {
public:
    void word(std::string_view w) {
        if (count_ < leading_.size()) leading_[count_] = w;
        ++count_;
        last_token_is_end_ = iequals(w, "END");
    }
    void other_token() { last_token_is_end_ = false; }

    bool semicolon_ends_statement() const { return !is_trigger() || last_token_is_end_; }

private:
    bool is_trigger() const {
        if (count_ < 2 || !iequals(leading_[0], "CREATE")) return false;
        if (iequals(leading_[1], "TRIGGER")) return true;
        return count_ >= 3 && (iequals(leading_[1], "TEMP") || iequals(leading_[1], "TEMPORARY")) &&
               iequals(leading_[2], "TRIGGER");
    }

    std::array<std::string_view, 3> leading_{};
    std::size_t count_ = 0;
    bool last_token_is_end_ = false;
};

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

}  // namespace

std::vector<std::string> split_sql_statements(std::string_view sql) {
    // Dollar quotes and E'' strings cannot appear in SQLite scripts, so recognising them is
    // harmless there. Nested comments stay off: SQLite ends a comment at the first "*/".
    const sql::LexOptions options{.dollar_quotes = true, .escape_strings = true, .nested_comments = false};
    std::vector<std::string> statements;
    std::size_t start = 0;
    bool has_content = false;  // anything but whitespace and comments since `start`
    StatementShape shape;

    const auto finish_statement = [&](std::size_t end) {
        if (has_content) statements.emplace_back(trim(sql.substr(start, end - start)));
        start = end + 1;
        has_content = false;
        shape = StatementShape{};
    };

    std::size_t pos = 0;
    while (pos < sql.size()) {
        if (const auto span = sql::opaque_span_at(sql, pos, options)) {
            if (!sql::is_comment(span->kind)) {
                has_content = true;
                shape.other_token();
            }
            pos += span->length;
            continue;
        }
        const char c = sql[pos];
        if (c == ';' && shape.semicolon_ends_statement()) {
            finish_statement(pos);
            ++pos;
        } else if (sql::is_identifier_char(c) && c != '$') {
            const std::size_t word_start = pos;
            while (pos < sql.size() && sql::is_identifier_char(sql[pos])) ++pos;
            shape.word(sql.substr(word_start, pos - word_start));
            has_content = true;
        } else {
            if (!is_space(c)) {
                has_content = true;
                shape.other_token();
            }
            ++pos;
        }
    }
    finish_statement(sql.size());
    return statements;
}

}  // namespace sentinel::host
