// Recognises the parts of SQL text whose content is not SQL: string literals, quoted identifiers,
// comments and PostgreSQL dollar-quoted blocks. Shared by the placeholder converter and the
// statement splitter so that both skip exactly the same things.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sentinel::host::sql {

struct LexOptions {
    bool dollar_quotes = false;    // $$ ... $$ and $tag$ ... $tag$ (PostgreSQL)
    bool escape_strings = false;   // E'...' with backslash escapes (PostgreSQL)
    bool nested_comments = false;  // /* /* */ */ (PostgreSQL)
};

enum class SpanKind { StringLiteral, QuotedIdentifier, LineComment, BlockComment, DollarQuoted };

struct OpaqueSpan {
    SpanKind kind;
    std::size_t length;  // runs to the end of the text when unterminated
};

// The opaque span starting exactly at `pos`, if one starts there. A line comment excludes its
// terminating newline.
std::optional<OpaqueSpan> opaque_span_at(std::string_view sql, std::size_t pos, const LexOptions& options);

// Letters, digits, '_', '$' and bytes of multi-byte UTF-8 sequences.
bool is_identifier_char(char c) noexcept;

inline bool is_comment(SpanKind kind) noexcept {
    return kind == SpanKind::LineComment || kind == SpanKind::BlockComment;
}

}  // namespace sentinel::host::sql
