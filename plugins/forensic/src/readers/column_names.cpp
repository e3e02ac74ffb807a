#include "readers/column_names.hpp"

#include <string>
#include <unordered_set>

namespace sentinel::forensic {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

std::string_view trim(std::string_view text) {
    constexpr std::string_view blanks = " \t\r\n";
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

// Length of the well-formed UTF-8 sequence starting at text[at], or 0 (RFC 3629: no overlongs,
// no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (at + length > text.size() || byte(at + 1) < low || byte(at + 1) > high) return 0;
    for (std::size_t i = at + 2; i < at + length; ++i)
        if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    return length;
}

} // namespace

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = utf8_sequence_length(text, at);
        if (length == 0) {
            out += kReplacementCharacter;
            ++at;
        } else {
            out.append(text.substr(at, length));
            at += length;
        }
    }
    return out;
}

std::vector<std::string> unique_column_names(const std::vector<std::string>& raw_names) {
    std::vector<std::string> names;
    names.reserve(raw_names.size());
    std::unordered_set<std::string> taken;
    for (std::size_t i = 0; i < raw_names.size(); ++i) {
        std::string base = valid_utf8(trim(raw_names[i]));
        if (base.empty()) base = "column_" + std::to_string(i + 1);
        std::string name = base;
        for (std::size_t suffix = 2; taken.contains(name); ++suffix) name = base + "_" + std::to_string(suffix);
        taken.insert(name);
        names.push_back(std::move(name));
    }
    return names;
}

} // namespace sentinel::forensic
