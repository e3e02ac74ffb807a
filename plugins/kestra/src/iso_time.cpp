#include "iso_time.hpp"

#include <cstdio>

namespace sentinel::kestra {
namespace {

// Days since 1970-01-01 to a civil date (Howard Hinnant's civil_from_days).
struct CivilDate {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

CivilDate civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

} // namespace

std::string iso_utc(std::int64_t unix_ms) {
    const std::int64_t seconds = floor_div(unix_ms, 1000);
    const std::int64_t days = floor_div(seconds, 86400);
    const std::int64_t in_day = seconds - days * 86400;
    const CivilDate date = civil_from_days(days);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(date.year),
                  date.month, date.day, static_cast<long long>(in_day / 3600),
                  static_cast<long long>((in_day % 3600) / 60), static_cast<long long>(in_day % 60));
    return buf;
}

} // namespace sentinel::kestra
