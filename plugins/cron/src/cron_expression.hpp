// A parsed cron expression: five fields (minute hour day-of-month month day-of-week), or one of
// the macros @hourly, @daily, @midnight, @weekly, @monthly, @yearly and @annually.
//
// Field syntax: `*`, `n`, `a-b`, lists `a,b,c`, steps `*/s`, `a-b/s` and `a/s` (a to the
// field's maximum). Months accept JAN-DEC and days of the week SUN-SAT (any case); day of the
// week 0 and 7 are both Sunday. As in Vixie cron, when both the day-of-month and the day-of-week
// field are restricted (neither starts with `*`), a day matches when either of them does;
// otherwise it must match both.
#pragma once

#include "cron_field.hpp"

#include <string>
#include <string_view>

namespace sentinel::cron {

class CronExpression {
public:
    // Throws CronSyntaxError naming the field at fault.
    static CronExpression parse(std::string_view text);

    // The expression trimmed and single-spaced; macros in lower case.
    const std::string& text() const noexcept { return text_; }

    bool matches_minute(unsigned minute) const { return minutes_.test(minute); }
    bool matches_hour(unsigned hour) const { return hours_.test(hour); }
    bool matches_month(unsigned month) const { return months_.test(month); }
    // day_of_month 1-31; weekday 0-6, Sunday = 0. Applies the Vixie day-of-month/day-of-week rule.
    bool matches_day(unsigned day_of_month, unsigned weekday) const;

private:
    CronExpression() = default;

    CronValues minutes_;
    CronValues hours_;
    CronValues days_of_month_;
    CronValues months_;
    CronValues days_of_week_;
    bool both_days_restricted_ = false;
    std::string text_;
};

} // namespace sentinel::cron
