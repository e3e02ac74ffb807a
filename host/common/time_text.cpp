#include "common/time_text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>

namespace sentinel::host {
namespace {

bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out) {
    if (pos + len > text.size() || text[pos] < '0' || text[pos] > '9') return false; // no sign
    auto first = text.data() + pos;
    auto [end, ec] = std::from_chars(first, first + len, out);
    return ec == std::errc() && end == first + len;
}

} // namespace

std::string format_iso8601(TimePoint t) {
    using namespace std::chrono;
    auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    long millis = static_cast<long>(ms % 1000);
    if (millis < 0) {
        millis += 1000;
        secs -= 1;
    }
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

std::optional<TimePoint> parse_iso8601(std::string_view text, bool require_utc) {
    int year, month, day, hour, minute, second;
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
        text[13] != ':' || text[16] != ':')
        return std::nullopt;
    if (!read_int(text, 0, 4, year) || !read_int(text, 5, 2, month) || !read_int(text, 8, 2, day) ||
        !read_int(text, 11, 2, hour) || !read_int(text, 14, 2, minute) ||
        !read_int(text, 17, 2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;

    std::size_t pos = 19;
    long long nanos = 0;
    if (pos < text.size() && text[pos] == '.') {
        std::size_t digits = 0;
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (digits < 9) nanos = nanos * 10 + (text[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (std::size_t d = digits; d < 9; ++d) nanos *= 10;
    }
    int offset_minutes = 0;
    if (pos == text.size()) return std::nullopt;
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (!require_utc && (text[pos] == '+' || text[pos] == '-')) {
        int oh, om;
        if (pos + 6 != text.size() || text[pos + 3] != ':' || !read_int(text, pos + 1, 2, oh) ||
            !read_int(text, pos + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset_minutes = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;

    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = std::min(second, 59); // a leap second (:60) is validated as :59, then added
    std::time_t secs = timegm(&tm);
    std::tm check{};
    gmtime_r(&secs, &check);
    if (check.tm_mday != day) return std::nullopt; // e.g. February 30th
    secs += second - tm.tm_sec;
    using namespace std::chrono;
    return TimePoint(duration_cast<system_clock::duration>(seconds(secs) - minutes(offset_minutes) +
                                                           nanoseconds(nanos)));
}

} // namespace sentinel::host
