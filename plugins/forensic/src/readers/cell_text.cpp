#include "readers/cell_text.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <system_error>

namespace sentinel::forensic {
namespace {

constexpr double kSecondsPerDay = 86400.0;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

// The whole text as a finite double, or nullopt ("inf", "nan" and out-of-range values refused).
std::optional<double> parse_exact(std::string_view text) {
    double value = 0.0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc{} || stop != end || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::optional<double> parse_decimal(std::string_view text, bool decimal_comma) {
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
        if (text.empty() || text.front() == '+' || text.front() == '-') return std::nullopt;
    }
    if (text.empty()) return std::nullopt;
    if (auto value = parse_exact(text)) return value;
    if (!decimal_comma) return std::nullopt;
    const auto comma = text.find(',');
    std::array<char, 64> copy{};
    if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos ||
        text.find('.') != std::string_view::npos || text.size() > copy.size())
        return std::nullopt;
    text.copy(copy.data(), text.size());
    copy[comma] = '.';
    return parse_exact(std::string_view(copy.data(), text.size()));
}

bool equals_ignoring_case(std::string_view text, std::string_view lower_word) {
    if (text.size() != lower_word.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != lower_word[i]) return false;
    }
    return true;
}

std::optional<double> parse_boolean(std::string_view text) {
    if (text.size() < 2 || text.size() > 5) return std::nullopt;
    if (equals_ignoring_case(text, "true") || equals_ignoring_case(text, "yes")) return 1.0;
    if (equals_ignoring_case(text, "false") || equals_ignoring_case(text, "no")) return 0.0;
    return std::nullopt;
}

// `count` ASCII digits at `text[at]`, or nullopt.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

CellReading number(double value) { return {CellReading::Kind::Number, value}; }

} // namespace

std::optional<double> parse_time_of_day(std::string_view text) {
    if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) text.remove_suffix(1);
    const auto hours = digits(text, 0, 2);
    const auto minutes = digits(text, 3, 2);
    if (!hours || !minutes || text[2] != ':' || *hours > 23 || *minutes > 59) return std::nullopt;
    double seconds = 0.0;
    if (text.size() > 5) {
        const auto whole = digits(text, 6, 2);
        if (text[5] != ':' || !whole || *whole > 59) return std::nullopt;
        seconds = *whole;
        if (text.size() > 8) {
            const std::string_view fraction = text.substr(8);
            if (fraction.size() < 2 || fraction.front() != '.' || fraction.size() > 10) return std::nullopt;
            const auto fraction_value = digits(fraction, 1, fraction.size() - 1);
            if (!fraction_value) return std::nullopt;
            seconds += *fraction_value / std::pow(10.0, static_cast<double>(fraction.size() - 1));
        }
    }
    return (*hours * 3600.0 + *minutes * 60.0 + seconds) / kSecondsPerDay;
}

std::optional<double> parse_iso_date_time(std::string_view text) {
    const auto year = digits(text, 0, 4);
    const auto month = digits(text, 5, 2);
    const auto day = digits(text, 8, 2);
    if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(*year),
                                           std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok()) return std::nullopt;
    const double days = std::chrono::sys_days(date).time_since_epoch().count();
    if (text.size() == 10) return days;
    if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
    const auto time = parse_time_of_day(text.substr(11));
    if (!time) return std::nullopt;
    return days + *time;
}

CellReading read_cell_text(std::string_view text, bool decimal_comma) {
    text = trim(text);
    if (text.empty()) return {};
    if (auto value = parse_exact(text)) return number(*value); // the common case first
    if (auto value = parse_decimal(text, decimal_comma)) return number(*value);
    if (text.back() == '%') {
        if (auto value = parse_decimal(trim(text.substr(0, text.size() - 1)), decimal_comma))
            return number(*value / 100.0);
        return {CellReading::Kind::Text, 0.0};
    }
    if (auto value = parse_boolean(text)) return number(*value);
    if (auto value = parse_iso_date_time(text)) return number(*value);
    if (auto value = parse_time_of_day(text)) return number(*value);
    return {CellReading::Kind::Text, 0.0};
}

} // namespace sentinel::forensic
