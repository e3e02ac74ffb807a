#include "detectors/text_scan.hpp"

namespace sentinel::security::text {

std::string lower_copy(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) c = to_lower(c);
    return lowered;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    return true;
}

std::size_t skip_spaces(std::string_view text, std::size_t pos) noexcept {
    while (pos < text.size() && is_space(text[pos])) ++pos;
    return pos;
}

bool word_at(std::string_view text, std::size_t pos, std::string_view word) noexcept {
    if (pos > text.size() || text.substr(pos, word.size()) != word) return false;
    const std::size_t end = pos + word.size();
    return end == text.size() || !is_word_char(text[end]);
}

namespace {

template <typename IsPartOfToken>
std::size_t find_bounded(std::string_view text, std::string_view needle, std::size_t from,
                         IsPartOfToken part_of_token) noexcept {
    if (needle.empty()) return std::string_view::npos;
    for (std::size_t pos = text.find(needle, from); pos != std::string_view::npos; pos = text.find(needle, pos + 1)) {
        const std::size_t end = pos + needle.size();
        const bool free_before = pos == 0 || !part_of_token(text[pos - 1]);
        const bool free_after = end == text.size() || !part_of_token(text[end]);
        if (free_before && free_after) return pos;
    }
    return std::string_view::npos;
}

} // namespace

std::size_t find_word(std::string_view text, std::string_view word, std::size_t from) noexcept {
    return find_bounded(text, word, from, [](char c) { return is_word_char(c); });
}

std::size_t find_name(std::string_view text, std::string_view name, std::size_t from) noexcept {
    return find_bounded(text, name, from, [](char c) { return is_alpha(c); });
}

std::string_view first_contained(std::string_view text, std::initializer_list<std::string_view> needles) noexcept {
    for (const std::string_view needle : needles)
        if (contains(text, needle)) return needle;
    return {};
}

} // namespace sentinel::security::text
