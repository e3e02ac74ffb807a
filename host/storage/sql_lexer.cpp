#include "storage/sql_lexer.hpp"

#include <cctype>

namespace sentinel::host::sql {
namespace {

bool is_tag_start(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return std::isalpha(u) || c == '_' || u >= 0x80;
}

bool is_tag_char(char c) noexcept {
    return is_tag_start(c) || std::isdigit(static_cast<unsigned char>(c));
}

// 'it''s' (and with backslash escapes for E'it\'s'); `open` is the position of the quote.
std::size_t quoted_end(std::string_view sql, std::size_t open, char quote, bool backslash_escapes) {
    std::size_t i = open + 1;
    while (i < sql.size()) {
        const char c = sql[i];
        if (backslash_escapes && c == '\\') {
            i += 2;
            continue;
        }
        if (c == quote) {
            if (i + 1 < sql.size() && sql[i + 1] == quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return sql.size();
}

std::size_t block_comment_end(std::string_view sql, std::size_t open, bool nested) {
    int depth = 0;
    std::size_t i = open;
    while (i + 1 < sql.size()) {
        if (sql[i] == '/' && sql[i + 1] == '*' && (nested || depth == 0)) {
            ++depth;
            i += 2;
        } else if (sql[i] == '*' && sql[i + 1] == '/') {
            i += 2;
            if (--depth == 0) return i;
        } else {
            ++i;
        }
    }
    return sql.size();
}

// "$tag$" opening at `pos`, or nullopt when the '$' starts something else ($1, identifier$).
std::optional<std::string_view> dollar_tag_at(std::string_view sql, std::size_t pos) {
    if (pos > 0 && is_identifier_char(sql[pos - 1])) return std::nullopt;
    std::size_t i = pos + 1;
    if (i < sql.size() && sql[i] != '$') {
        if (!is_tag_start(sql[i])) return std::nullopt;
        while (i < sql.size() && is_tag_char(sql[i])) ++i;
    }
    if (i >= sql.size() || sql[i] != '$') return std::nullopt;
    return sql.substr(pos, i - pos + 1);
}

}  // namespace

bool is_identifier_char(char c) noexcept {
    return is_tag_char(c) || c == '$';
}

std::optional<OpaqueSpan> opaque_span_at(std::string_view sql, std::size_t pos, const LexOptions& options) {
    if (pos >= sql.size()) return std::nullopt;
    const char c = sql[pos];
    const char next = pos + 1 < sql.size() ? sql[pos + 1] : '\0';

    if (c == '\'') return OpaqueSpan{SpanKind::StringLiteral, quoted_end(sql, pos, '\'', false) - pos};
    if (c == '"') return OpaqueSpan{SpanKind::QuotedIdentifier, quoted_end(sql, pos, '"', false) - pos};
    if (c == '-' && next == '-') {
        const std::size_t newline = sql.find('\n', pos);
        return OpaqueSpan{SpanKind::LineComment, (newline == std::string_view::npos ? sql.size() : newline) - pos};
    }
    if (c == '/' && next == '*') {
        return OpaqueSpan{SpanKind::BlockComment, block_comment_end(sql, pos, options.nested_comments) - pos};
    }
    if (options.escape_strings && (c == 'E' || c == 'e') && next == '\'' &&
        (pos == 0 || !is_identifier_char(sql[pos - 1]))) {
        return OpaqueSpan{SpanKind::StringLiteral, quoted_end(sql, pos + 1, '\'', true) - pos};
    }
    if (options.dollar_quotes && c == '$') {
        if (const auto tag = dollar_tag_at(sql, pos)) {
            const std::size_t close = sql.find(*tag, pos + tag->size());
            const std::size_t end = close == std::string_view::npos ? sql.size() : close + tag->size();
            return OpaqueSpan{SpanKind::DollarQuoted, end - pos};
        }
    }
    return std::nullopt;
}

}  // namespace sentinel::host::sql
