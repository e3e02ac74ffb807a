// One field of a cron expression ("*/15", "1-5", "MON,WED,FRI", ...) parsed into the set of
// values it matches.
#pragma once

#include <bitset>
#include <span>
#include <stdexcept>
#include <string_view>

namespace sentinel::cron {

// Bit v is set when the field matches value v.
using CronValues = std::bitset<64>;

// Thrown for a malformed expression; what() says which field and why, e.g.
// "minute field: 61 is out of range 0-59".
class CronSyntaxError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct CronFieldSpec {
    std::string_view label; // "minute", "day-of-week", ... as shown in errors
    int min;
    int max;
    // Optional three-letter names, names[i] standing for value first_named_value + i.
    std::span<const std::string_view> names = {};
    int first_named_value = 0;
    std::string_view names_hint = {}; // e.g. "a month name (JAN-DEC)"
};

// Parses a comma-separated list of `*`, `n`, `a-b`, `*/s`, `a-b/s` and `a/s` (a through the
// field's maximum, step s). Throws CronSyntaxError.
CronValues parse_cron_field(std::string_view text, const CronFieldSpec& spec);

} // namespace sentinel::cron
