#include "cron_field.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

namespace sentinel::cron {
namespace {

[[noreturn]] void fail(const CronFieldSpec& spec, const std::string& problem) {
    throw CronSyntaxError(std::string(spec.label) + " field: " + problem);
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string range_text(const CronFieldSpec& spec) {
    return std::to_string(spec.min) + "-" + std::to_string(spec.max);
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(),
                                        [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::toupper(x) == std::toupper(y);
           });
}

// One value: a number within the field's range, or one of its names.
int parse_value(std::string_view token, const CronFieldSpec& spec) {
    if (all_digits(token)) {
        int value = 0;
        const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
        if (ec != std::errc() || end != token.data() + token.size() || value < spec.min || value > spec.max)
            fail(spec, std::string(token) + " is out of range " + range_text(spec));
        return value;
    }
    for (std::size_t i = 0; i < spec.names.size(); ++i)
        if (equals_ignoring_case(token, spec.names[i])) return spec.first_named_value + static_cast<int>(i);
    if (token.empty()) fail(spec, "a value is missing");
    if (spec.names.empty()) fail(spec, quoted(token) + " is not a number");
    fail(spec, quoted(token) + " is not a number or " + std::string(spec.names_hint));
}

int parse_step(std::string_view token, const CronFieldSpec& spec) {
    int step = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), step);
    const bool numeric = all_digits(token) && ec == std::errc() && end == token.data() + token.size();
    if (!numeric || step < 1 || step > spec.max)
        fail(spec, "step " + quoted(token) + " must be a number from 1 to " + std::to_string(spec.max));
    return step;
}

CronValues parse_element(std::string_view element, const CronFieldSpec& spec) {
    if (element.empty()) fail(spec, "empty item in the list");

    std::string_view base = element;
    int step = 1;
    bool has_step = false;
    if (const auto slash = element.find('/'); slash != std::string_view::npos) {
        base = element.substr(0, slash);
        step = parse_step(element.substr(slash + 1), spec);
        has_step = true;
    }

    int first = spec.min;
    int last = spec.max;
    if (base != "*") {
        const auto dash = base.find('-');
        if (dash == std::string_view::npos) {
            first = parse_value(base, spec);
            // "a/s" runs from a to the field's maximum (as in cronie and croniter).
            last = has_step ? spec.max : first;
        } else {
            const bool one_dash_between_values =
                dash != 0 && dash + 1 != base.size() && base.find('-', dash + 1) == std::string_view::npos;
            if (!one_dash_between_values) fail(spec, quoted(base) + " is not a valid range");
            first = parse_value(base.substr(0, dash), spec);
            last = parse_value(base.substr(dash + 1), spec);
            if (first > last)
                fail(spec, "range " + quoted(base) + " runs backwards; write the smaller value first");
        }
    }

    CronValues values;
    for (int v = first; v <= last; v += step) values.set(static_cast<std::size_t>(v));
    return values;
}

} // namespace

CronValues parse_cron_field(std::string_view text, const CronFieldSpec& spec) {
    CronValues values;
    while (true) {
        const auto comma = text.find(',');
        values |= parse_element(text.substr(0, comma), spec);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return values;
}

} // namespace sentinel::cron
