#include "cron_expression.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

namespace sentinel::cron {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

constexpr CronFieldSpec kMinute{"minute", 0, 59};
constexpr CronFieldSpec kHour{"hour", 0, 23};
constexpr CronFieldSpec kDayOfMonth{"day-of-month", 1, 31};
constexpr CronFieldSpec kMonth{"month", 1, 12, kMonthNames, 1, "a month name (JAN-DEC)"};
constexpr CronFieldSpec kDayOfWeek{"day-of-week", 0, 7, kDayNames, 0, "a day name (SUN-SAT)"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kMacros = {{
    {"@hourly", "0 * * * *"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@weekly", "0 0 * * 0"},
    {"@monthly", "0 0 1 * *"},
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
}};

constexpr std::string_view kFieldList = "minute hour day-of-month month day-of-week";

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::vector<std::string_view> split_on_whitespace(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

std::string lower_case(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view expand_macro(const std::string& macro) {
    for (const auto& [name, fields] : kMacros)
        if (name == macro) return fields;
    if (macro == "@reboot") throw CronSyntaxError("@reboot has no schedule a monitor could expect");
    throw CronSyntaxError("unknown macro '" + macro +
                          "'; use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually");
}

} // namespace

CronExpression CronExpression::parse(std::string_view text) {
    std::vector<std::string_view> words = split_on_whitespace(text);
    if (words.empty())
        throw CronSyntaxError("is empty; expected 5 fields (" + std::string(kFieldList) +
                              ") or a macro such as @daily");

    CronExpression expression;
    if (words.size() == 1 && words.front().starts_with('@')) {
        expression.text_ = lower_case(words.front());
        words = split_on_whitespace(expand_macro(expression.text_));
    } else if (words.size() != 5) {
        throw CronSyntaxError("expected 5 fields (" + std::string(kFieldList) + "), got " +
                              std::to_string(words.size()));
    } else {
        for (const auto word : words) {
            if (!expression.text_.empty()) expression.text_ += ' ';
            expression.text_ += word;
        }
    }

    expression.minutes_ = parse_cron_field(words[0], kMinute);
    expression.hours_ = parse_cron_field(words[1], kHour);
    expression.days_of_month_ = parse_cron_field(words[2], kDayOfMonth);
    expression.months_ = parse_cron_field(words[3], kMonth);
    expression.days_of_week_ = parse_cron_field(words[4], kDayOfWeek);
    if (expression.days_of_week_.test(7)) {
        expression.days_of_week_.reset(7);
        expression.days_of_week_.set(0);
    }
    // Vixie cron decides by the first character, so "*/2" counts as unrestricted here.
    expression.both_days_restricted_ = !words[2].starts_with('*') && !words[4].starts_with('*');
    return expression;
}

bool CronExpression::matches_day(unsigned day_of_month, unsigned weekday) const {
    const bool dom = days_of_month_.test(day_of_month);
    const bool dow = days_of_week_.test(weekday);
    return both_days_restricted_ ? (dom || dow) : (dom && dow);
}

} // namespace sentinel::cron
