// ASCII scanning helpers for the detectors. The texts they scan are already lower-cased, so every
// needle passed here is lower-case too.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace sentinel::security::text {

constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
constexpr bool is_alpha(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}
constexpr bool is_word_char(char c) noexcept {
    return is_alpha(c) || is_digit(c) || c == '_';
}
constexpr char to_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower_copy(std::string_view text);
bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept;

// First index at or after `pos` that is not whitespace (text.size() when none).
std::size_t skip_spaces(std::string_view text, std::size_t pos) noexcept;

// Whether `text` holds `word` at `pos` with no word character right after it.
bool word_at(std::string_view text, std::size_t pos, std::string_view word) noexcept;

// `word` at or after `from` with no word character (letter, digit, '_') on either side; npos if none.
std::size_t find_word(std::string_view text, std::string_view word, std::size_t from = 0) noexcept;
inline bool contains_word(std::string_view text, std::string_view word) noexcept {
    return find_word(text, word) != std::string_view::npos;
}

// `name` with no letter on either side (digits and punctuation may touch it: "sqlmap/1.7").
std::size_t find_name(std::string_view text, std::string_view name, std::size_t from = 0) noexcept;

inline bool contains(std::string_view text, std::string_view needle) noexcept {
    return text.find(needle) != std::string_view::npos;
}

// The first of `needles` that `text` contains, or an empty view.
std::string_view first_contained(std::string_view text, std::initializer_list<std::string_view> needles) noexcept;

} // namespace sentinel::security::text
