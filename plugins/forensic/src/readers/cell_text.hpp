// How the text of a spreadsheet cell reads as a number: plain decimals (with a leading '+' and
// surrounding blanks allowed), a decimal comma in European exports, percentages ("12%" is 0.12),
// booleans (true/false/yes/no), ISO dates and times (days since 1970-01-01 as a fraction).
#pragma once

#include <optional>
#include <string_view>

namespace sentinel::forensic {

struct CellReading {
    enum class Kind { Empty, Number, Text };
    Kind kind = Kind::Empty;
    double value = 0.0; // meaningful for Number only; always finite
};

// `decimal_comma` also accepts "1,5" as 1.5 (a single ',' and no '.'): set for ';'-separated files.
CellReading read_cell_text(std::string_view text, bool decimal_comma = false);

// "YYYY-MM-DD", optionally followed by 'T' or ' ' and a time of day (see below), as days since
// 1970-01-01; nullopt when the text is not such a date or names an impossible day.
std::optional<double> parse_iso_date_time(std::string_view text);

// "HH:MM", "HH:MM:SS" or "HH:MM:SS.fff", optionally ending in 'Z', as a fraction of a day.
std::optional<double> parse_time_of_day(std::string_view text);

} // namespace sentinel::forensic
