// SQL injection payloads: UNION SELECT, stacked statements, tautologies, a comment closing a quoted
// value, time delays and schema probes. Inline comments (UNION/**/SELECT) read as spaces.
#include "detectors/content_detectors.hpp"
#include "detectors/finding_text.hpp"
#include "detectors/text_scan.hpp"

#include <initializer_list>
#include <charconv>
#include <string>
#include <string_view>

namespace sentinel::security {
namespace {

using text::find_word;
using text::skip_spaces;
using text::word_at;
constexpr auto npos = std::string_view::npos;

constexpr int kPayloadScore = 85;

std::string without_inline_comments(std::string_view text) {
    std::string cleaned;
    cleaned.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "/*") == 0) {
            const std::size_t end = text.find("*/", i + 2);
            if (end == npos) break;
            cleaned += ' ';
            i = end + 1;
        } else {
            cleaned += text[i];
        }
    }
    return cleaned;
}

std::size_t skip_spaces_and_parens(std::string_view t, std::size_t pos) {
    while (pos < t.size() && (text::is_space(t[pos]) || t[pos] == '(')) ++pos;
    return pos;
}

bool union_select(std::string_view t) {
    for (std::size_t at = find_word(t, "union"); at != npos; at = find_word(t, "union", at + 1)) {
        std::size_t pos = skip_spaces_and_parens(t, at + 5);
        for (const std::string_view modifier : {"all", "distinct"})
            if (word_at(t, pos, modifier)) pos = skip_spaces_and_parens(t, pos + modifier.size());
        if (word_at(t, pos, "select")) return true;
    }
    return false;
}

// The word after `verb_at` + `verb` (past at least one space) is one of `objects`.
bool followed_by_word(std::string_view t, std::size_t verb_at, std::string_view verb,
                      std::initializer_list<std::string_view> objects) {
    const std::size_t after_verb = verb_at + verb.size();
    const std::size_t object_at = skip_spaces(t, after_verb);
    if (object_at == after_verb) return false;
    for (const std::string_view object : objects)
        if (word_at(t, object_at, object)) return true;
    return false;
}

bool starts_with_any(std::string_view t, std::size_t pos, std::initializer_list<std::string_view> prefixes) {
    for (const std::string_view prefix : prefixes)
        if (t.compare(pos, prefix.size(), prefix) == 0) return true;
    return false;
}

// "; DROP TABLE users", "; exec xp_cmdshell", "; update users set ...", "; shutdown --".
bool stacked_statement(std::string_view t) {
    for (std::size_t semicolon = t.find(';'); semicolon != npos; semicolon = t.find(';', semicolon + 1)) {
        const std::size_t at = skip_spaces(t, semicolon + 1);
        if (word_at(t, at, "drop") && followed_by_word(t, at, "drop", {"table", "database", "schema", "user", "view"}))
            return true;
        if (word_at(t, at, "truncate") && followed_by_word(t, at, "truncate", {"table"})) return true;
        if (word_at(t, at, "delete") && followed_by_word(t, at, "delete", {"from"})) return true;
        if (word_at(t, at, "insert") && followed_by_word(t, at, "insert", {"into"})) return true;
        if (word_at(t, at, "alter") && followed_by_word(t, at, "alter", {"table", "user", "database"})) return true;
        if (word_at(t, at, "create") && followed_by_word(t, at, "create", {"table", "user"})) return true;
        if (word_at(t, at, "update")) {
            const std::size_t set_at = find_word(t, "set", at);
            if (set_at != npos && set_at - at < 80) return true;
        }
        for (const std::string_view exec : {"exec", "execute"})
            if (word_at(t, at, exec) &&
                starts_with_any(t, skip_spaces(t, at + exec.size()), {"xp_", "sp_", "master.", "("}))
                return true;
        if (word_at(t, at, "shutdown")) {
            const std::size_t next = skip_spaces(t, at + 8);
            if (next == t.size() || starts_with_any(t, next, {"--", "#", ";", "with"})) return true;
        }
        if (word_at(t, at, "declare") && starts_with_any(t, skip_spaces(t, at + 7), {"@"})) return true;
    }
    return false;
}

bool is_quote(char c) noexcept {
    return c == '\'' || c == '"' || c == '`';
}

// One operand of a comparison at `pos`: a quoted string or a run of word characters.
std::string_view operand_at(std::string_view t, std::size_t& pos) {
    constexpr std::size_t kLongestOperand = 64;
    if (pos >= t.size()) return {};
    if (is_quote(t[pos])) {
        const std::size_t close = t.find(t[pos], pos + 1);
        if (close == npos) { // "' or 'a'='a": the query's own quote closes the last operand
            const std::size_t start = ++pos;
            while (pos < t.size() && text::is_word_char(t[pos]) && pos - start < kLongestOperand) ++pos;
            return pos == t.size() ? t.substr(start, pos - start) : std::string_view{};
        }
        if (close - pos > kLongestOperand) return {};
        const std::string_view value = t.substr(pos + 1, close - pos - 1);
        pos = close + 1;
        return value.empty() ? std::string_view(" ") : value; // '' = '' is a tautology too
    }
    const std::size_t start = pos;
    while (pos < t.size() && text::is_word_char(t[pos]) && pos - start < kLongestOperand) ++pos;
    return t.substr(start, pos - start);
}

std::optional<long long> number(std::string_view operand) {
    long long value = 0;
    const auto [end, error] = std::from_chars(operand.data(), operand.data() + operand.size(), value);
    if (error != std::errc{} || end != operand.data() + operand.size()) return std::nullopt;
    return value;
}

bool comparison_holds(std::string_view left, std::string_view op, std::string_view right) {
    const auto a = number(left);
    const auto b = number(right);
    if (op == "=" || op == "==" || op == "like") return a && b ? *a == *b : left == right;
    if (!a || !b) return false;
    if (op == "<>" || op == "!=") return *a != *b;
    if (op == ">") return *a > *b;
    if (op == "<") return *a < *b;
    if (op == ">=") return *a >= *b;
    if (op == "<=") return *a <= *b;
    return false;
}

std::string_view operator_at(std::string_view t, std::size_t pos) {
    for (const std::string_view op : {"==", "<>", "!=", ">=", "<=", "=", ">", "<"})
        if (t.compare(pos, op.size(), op) == 0) return op;
    if (word_at(t, pos, "like")) return "like";
    return {};
}

bool starts_comment(std::string_view t, std::size_t pos) {
    return pos == t.size() || t.compare(pos, 2, "--") == 0 || t[pos] == '#' || t.compare(pos, 2, "/*") == 0 ||
           t[pos] == ';';
}

// "or 1=1", "' or 'a'='a", "and 2>1", and "' or 1--" / "' or true#" after a closing quote.
bool tautology(std::string_view t) {
    for (const std::string_view joiner : {"or", "and", "||", "&&"}) {
        const bool symbolic = joiner[0] == '|' || joiner[0] == '&';
        for (std::size_t at = symbolic ? t.find(joiner) : find_word(t, joiner); at != npos;
             at = symbolic ? t.find(joiner, at + 1) : find_word(t, joiner, at + 1)) {
            std::size_t pos = skip_spaces_and_parens(t, at + joiner.size());
            const std::string_view left = operand_at(t, pos);
            if (left.empty()) continue;
            const std::size_t op_at = skip_spaces(t, pos);
            const std::string_view op = operator_at(t, op_at);
            if (!op.empty()) {
                std::size_t right_at = skip_spaces(t, op_at + op.size());
                const std::string_view right = operand_at(t, right_at);
                if (!right.empty() && comparison_holds(left, op, right)) return true;
                continue;
            }
            std::size_t before = at;
            while (before > 0 && text::is_space(t[before - 1])) --before;
            const bool after_quote = before > 0 && (is_quote(t[before - 1]) || t[before - 1] == ')');
            const bool truthy = left == "true" || (number(left) && *number(left) != 0);
            if (after_quote && truthy && starts_comment(t, op_at)) return true;
        }
    }
    return false;
}

// "admin'--", "1')#", "x' /*": a quoted value closed and the rest of the query commented out.
bool comment_after_quote(std::string_view t) {
    for (std::size_t quote = t.find_first_of("'\""); quote != npos; quote = t.find_first_of("'\"", quote + 1)) {
        if (quote == 0 || !(text::is_word_char(t[quote - 1]) || t[quote - 1] == ')')) continue;
        std::size_t pos = quote + 1;
        while (pos < t.size() && (t[pos] == ')' || text::is_space(t[pos]))) ++pos;
        if (pos >= t.size()) continue;
        const auto free_after = [&](std::size_t end) {
            return end >= t.size() || text::is_space(t[end]) || t[end] == '-';
        };
        if (t.compare(pos, 2, "--") == 0 && free_after(pos + 2)) return true;
        if (t[pos] == '#' && free_after(pos + 1)) return true;
        if (t.compare(pos, 2, "/*") == 0) return true;
    }
    return false;
}

bool call_with_number(std::string_view t, std::string_view function) {
    for (std::size_t at = find_word(t, function); at != npos; at = find_word(t, function, at + 1)) {
        std::size_t pos = skip_spaces(t, at + function.size());
        if (pos >= t.size() || t[pos] != '(') continue;
        pos = skip_spaces(t, pos + 1);
        if (pos < t.size() && text::is_digit(t[pos])) return true;
    }
    return false;
}

bool time_delay(std::string_view t) {
    if (call_with_number(t, "sleep") || call_with_number(t, "pg_sleep") || call_with_number(t, "benchmark"))
        return true;
    const std::size_t waitfor = find_word(t, "waitfor");
    return waitfor != npos && word_at(t, skip_spaces(t, waitfor + 7), "delay");
}

std::string_view schema_probe(std::string_view t) {
    return text::first_contained(t, {"information_schema", "@@version", "xp_cmdshell", "load_file(", "into outfile",
                                     "into dumpfile", "sqlite_master", "pg_shadow", "sysobjects", "extractvalue(",
                                     "updatexml("});
}

// Every pattern needs one of these characters or words; most benign text has none of them.
bool may_hold_sql(std::string_view t) {
    return t.find_first_of("'\"`;(@=<>#_") != npos || t.find("union") != npos || t.find("into ") != npos;
}

std::string_view sql_pattern(std::string_view t) {
    if (!may_hold_sql(t)) return {};
    if (union_select(t)) return "UNION SELECT";
    if (stacked_statement(t)) return "stacked statement after ';'";
    if (tautology(t)) return "always-true condition (OR 1=1)";
    if (comment_after_quote(t)) return "comment after a closing quote";
    if (time_delay(t)) return "time-delay function (SLEEP)";
    if (const std::string_view probe = schema_probe(t); !probe.empty()) return probe;
    return {};
}

} // namespace

std::optional<Finding> detect_sql_injection(const InspectedEntry& entry) {
    for (const InspectedField& field : entry.fields) {
        const bool has_comment = field.text.find("/*") != npos;
        const std::string cleaned = has_comment ? without_inline_comments(field.text) : std::string();
        const std::string_view view = has_comment ? std::string_view(cleaned) : std::string_view(field.text);
        std::string_view pattern = sql_pattern(view);
        if (pattern.empty() && has_comment) pattern = sql_pattern(field.text);
        if (pattern.empty()) continue;
        return make_finding(
            "sql_injection", kPayloadScore,
            "SQL injection payload in " + location_of(field) + ": " + std::string(pattern),
            with_block_advice("Use parameterised queries and validate input server-side", entry.client_ip));
    }
    return std::nullopt;
}

} // namespace sentinel::security
