#include "ssl_check.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <ctime>
#include <sstream>

namespace http_probe {
namespace {

constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a civil date (proleptic Gregorian; Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string iso_date(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::optional<std::string_view> field(const std::vector<std::string>& lines, std::string_view name) {
    for (const auto& line : lines) {
        std::string_view l = line;
        if (l.size() > name.size() && l.starts_with(name) && l[name.size()] == ':')
            return l.substr(name.size() + 1);
    }
    return std::nullopt;
}

} // namespace

std::optional<std::int64_t> parse_certificate_time(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::string month, clock, zone;
    int day = 0;
    int year = 0;
    if (!(in >> month >> day >> clock >> year)) return std::nullopt;
    in >> zone;
    if (!zone.empty() && zone != "GMT" && zone != "UTC") return std::nullopt;
    unsigned m = 0;
    for (unsigned i = 0; i < kMonths.size(); ++i)
        if (month == kMonths[i]) m = i + 1;
    int hh = 0, mm = 0, ss = 0;
    char c1 = 0, c2 = 0;
    std::istringstream time_in(clock);
    if (!(time_in >> hh >> c1 >> mm >> c2 >> ss) || c1 != ':' || c2 != ':') return std::nullopt;
    if (m == 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || year < 1950) return std::nullopt;
    return days_from_civil(year, m, static_cast<unsigned>(day)) * 86400 + hh * 3600 + mm * 60 + ss;
}

SubCheck ssl_check(const HttpResponse& r, const MonitorConfig& config, std::int64_t now_ms) {
    SubCheck check{"ssl"};
    if (!config.verify_tls) check.extra["verified"] = false;
    else check.extra["verified"] = true;
    if (auto subject = field(r.leaf_certificate, "Subject")) check.extra["subject"] = std::string(*subject);
    if (auto issuer = field(r.leaf_certificate, "Issuer")) check.extra["issuer"] = std::string(*issuer);
    const auto expire_text = field(r.leaf_certificate, "Expire date");
    const auto expires = expire_text ? parse_certificate_time(*expire_text) : std::nullopt;
    if (!expires) {
        check.ok = false;
        check.message = r.leaf_certificate.empty() ? "no certificate information from the TLS handshake"
                                                   : "cannot read the certificate's expiry date";
        return check;
    }
    const double seconds_left = static_cast<double>(*expires) - static_cast<double>(now_ms) / 1000.0;
    const auto days = static_cast<std::int64_t>(std::floor(seconds_left / 86400.0));
    check.extra["expires_at"] = iso_date(*expires);
    check.extra["days_remaining"] = days;
    check.extra["warning_days"] = config.ssl_expiry_warning_days;
    if (seconds_left <= 0) {
        check.ok = false;
        check.message = "certificate expired on " + iso_date(*expires).substr(0, 10);
    } else if (days < config.ssl_expiry_warning_days) {
        check.ok = false;
        check.message = "certificate expires in " + std::to_string(days) + " day" + (days == 1 ? "" : "s") +
                        " (" + iso_date(*expires).substr(0, 10) + ")";
    } else {
        check.message = "certificate valid for " + std::to_string(days) + " more days";
    }
    if (check.ok && !config.verify_tls) check.message += " (chain not verified: verify_tls is off)";
    return check;
}

} // namespace http_probe
