#include "domain_check.hpp"

#include "url_parts.hpp"

#include <cmath>
#include <ctime>

namespace http_probe {

bool domain_checkable(const std::string& host) { return !is_ip_literal(host) && !is_local_name(host); }

SubCheck domain_check(const RdapAnswer& answer, bool cached, const std::string& domain,
                      const MonitorConfig& config, std::int64_t now_ms) {
    SubCheck check{"domain"};
    check.extra["domain"] = domain;
    check.extra["cached"] = cached;
    if (!answer.ok) {
        check.ok = false;
        check.extra["status"] = "unknown";
        check.message = answer.error;
        return check;
    }
    const double seconds_left = static_cast<double>(answer.expires_at) - static_cast<double>(now_ms) / 1000.0;
    const auto days = static_cast<std::int64_t>(std::floor(seconds_left / 86400.0));
    const std::time_t t = static_cast<std::time_t>(answer.expires_at);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
    check.extra["expires_at"] = date;
    check.extra["days_remaining"] = days;
    check.extra["warning_days"] = config.domain_expiry_warning_days;
    if (seconds_left <= 0) {
        check.ok = false;
        check.message = "domain " + domain + " expired on " + date;
    } else if (days < config.domain_expiry_warning_days) {
        check.ok = false;
        check.message = "domain " + domain + " expires in " + std::to_string(days) + " day" +
                        (days == 1 ? "" : "s") + " (" + date + ")";
    } else {
        check.message = "domain " + domain + " registered for " + std::to_string(days) + " more days";
    }
    return check;
}

SubCheck domain_skipped(const MonitorConfig& config) {
    SubCheck check{"domain"};
    check.extra["skipped"] = true;
    check.message = "no registration to check for " + config.url.host;
    return check;
}

} // namespace http_probe
