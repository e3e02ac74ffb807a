#include "status_ranges.hpp"

#include <charconv>

namespace http_probe {
namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::optional<int> code(std::string_view s) {
    s = trim(s);
    int value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < 100 || value > 599)
        return std::nullopt;
    return value;
}

} // namespace

std::optional<StatusRanges> StatusRanges::parse(std::string_view text) {
    StatusRanges out;
    if (trim(text).empty()) return std::nullopt;
    for (;;) {
        const auto comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        const auto dash = item.find('-');
        const auto low = code(item.substr(0, dash));
        const auto high = dash == std::string_view::npos ? low : code(item.substr(dash + 1));
        if (!low || !high || *low > *high) return std::nullopt;
        out.ranges_.push_back({*low, *high});
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

bool StatusRanges::contains(int status) const noexcept {
    for (const auto& r : ranges_)
        if (status >= r.low && status <= r.high) return true;
    return false;
}

std::string StatusRanges::to_string() const {
    std::string out;
    for (const auto& r : ranges_) {
        if (!out.empty()) out += ',';
        out += std::to_string(r.low);
        if (r.high != r.low) out += '-' + std::to_string(r.high);
    }
    return out;
}

} // namespace http_probe
