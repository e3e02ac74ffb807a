#include "detectors/text_normalise.hpp"

#include "detectors/text_scan.hpp"

#include <array>
#include <optional>
#include <utility>

namespace sentinel::security {
namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The value of `digits` hex digits at `pos`, or nullopt when any is missing or not hex.
std::optional<unsigned> hex_at(std::string_view text, std::size_t pos, std::size_t digits) noexcept {
    if (pos + digits > text.size()) return std::nullopt;
    unsigned value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        const int digit = hex_value(text[pos + i]);
        if (digit < 0) return std::nullopt;
        value = value * 16 + static_cast<unsigned>(digit);
    }
    return value;
}

struct NamedEntity {
    std::string_view name;
    char character;
};
constexpr std::array kNamedEntities{
    NamedEntity{"lt", '<'},    NamedEntity{"gt", '>'},     NamedEntity{"amp", '&'},   NamedEntity{"quot", '"'},
    NamedEntity{"apos", '\''}, NamedEntity{"nbsp", ' '},   NamedEntity{"sol", '/'},   NamedEntity{"colon", ':'},
    NamedEntity{"lpar", '('},  NamedEntity{"rpar", ')'},   NamedEntity{"tab", '\t'},  NamedEntity{"newline", '\n'},
    NamedEntity{"semi", ';'},  NamedEntity{"equals", '='}, NamedEntity{"grave", '`'},
};

// A numeric character reference at `pos` (just after "&#"): the character and the length consumed.
std::optional<std::pair<char, std::size_t>> numeric_reference(std::string_view text, std::size_t pos) noexcept {
    const bool hex = pos < text.size() && (text[pos] == 'x' || text[pos] == 'X');
    std::size_t cursor = hex ? pos + 1 : pos;
    const std::size_t first_digit = cursor;
    unsigned long value = 0;
    constexpr std::size_t kMaxDigits = 8; // leading zeros are a known evasion: &#0000060;
    while (cursor < text.size() && cursor - first_digit < kMaxDigits) {
        const int digit = hex ? hex_value(text[cursor]) : (text::is_digit(text[cursor]) ? text[cursor] - '0' : -1);
        if (digit < 0) break;
        value = value * (hex ? 16 : 10) + static_cast<unsigned long>(digit);
        ++cursor;
    }
    if (cursor == first_digit || value == 0 || value > 0x7F) return std::nullopt;
    if (cursor < text.size() && text[cursor] == ';') ++cursor;
    return std::pair{static_cast<char>(value), cursor - pos};
}

} // namespace

std::string percent_decode(std::string_view text, bool form_encoded) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '?' || c == '=') form_encoded = true;
        if (c == '+' && form_encoded) {
            decoded += ' ';
            continue;
        }
        if (c == '%') {
            if (const auto byte = hex_at(text, i + 1, 2)) {
                decoded += static_cast<char>(*byte);
                i += 2;
                continue;
            }
            if (i + 1 < text.size() && (text[i + 1] == 'u' || text[i + 1] == 'U')) {
                if (const auto unit = hex_at(text, i + 2, 4); unit && *unit < 0x80) {
                    decoded += static_cast<char>(*unit);
                    i += 5;
                    continue;
                }
            }
        }
        decoded += c;
    }
    return decoded;
}

std::string decode_html_entities(std::string_view text) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            decoded += text[i];
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '#') {
            if (const auto reference = numeric_reference(text, i + 2)) {
                decoded += reference->first;
                i += 1 + reference->second;
                continue;
            }
        } else {
            bool matched = false;
            for (const NamedEntity& entity : kNamedEntities) {
                const std::size_t end = i + 1 + entity.name.size();
                if (end < text.size() && text[end] == ';' &&
                    text::equals_ignoring_case(text.substr(i + 1, entity.name.size()), entity.name)) {
                    decoded += entity.character;
                    i = end;
                    matched = true;
                    break;
                }
            }
            if (matched) continue;
        }
        decoded += '&';
    }
    return decoded;
}

std::string normalise_for_matching(std::string_view text, bool form_encoded) {
    const bool encoded = text.find_first_of("%+&") != std::string_view::npos;
    std::string normalised = encoded ? decode_html_entities(percent_decode(text, form_encoded)) : std::string(text);
    for (char& c : normalised) c = text::to_lower(c);
    return normalised;
}

} // namespace sentinel::security
