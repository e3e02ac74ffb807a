#include "cron_monitor.hpp"

#include "cron_expression.hpp"
#include "cron_schedule.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

namespace sentinel::cron {
namespace {

// Longer than any sensible expression, short enough to keep error messages readable.
constexpr std::size_t kMaxExpressionLength = 256;

// The monitor's heartbeat_timezone (default UTC); nullptr, with the problem recorded in
// `errors`, when it is not a known zone.
const date::time_zone* monitor_time_zone(const nlohmann::json& monitor, sdk::ValidationErrors& errors) {
    std::string name = kDefaultTimeZone;
    if (const auto field = monitor.find(kTimeZoneField); field != monitor.end() && !field->is_null()) {
        if (!field->is_string()) {
            errors.add(kTimeZoneField, "must be an IANA time zone name such as America/New_York");
            return nullptr;
        }
        name = field->get<std::string>();
    }
    const date::time_zone* zone = find_time_zone(name);
    if (!zone)
        errors.add(kTimeZoneField, "unknown time zone '" + name + "'; use an IANA name such as America/New_York or UTC");
    return zone;
}

} // namespace

sdk::MonitorValidation validate_cron_monitor(const nlohmann::json& monitor) {
    sdk::MonitorValidation validation;
    auto& errors = validation.errors;

    const auto expression_field = monitor.find(kExpressionField);
    if (expression_field == monitor.end() || expression_field->is_null()) {
        errors.add(kExpressionField, "is required: a 5-field cron expression such as '*/5 * * * *'");
    }
    const auto text = sdk::monitor_fields::text(monitor, kExpressionField, kMaxExpressionLength, errors);

    monitor_time_zone(monitor, errors);

    if (!text) return validation;
    try {
        const CronExpression expression = CronExpression::parse(*text);
        if (!ever_fires(expression)) {
            errors.add(kExpressionField, "'" + expression.text() +
                                             "' never fires: no date matches its day-of-month, "
                                             "month and day-of-week fields");
        } else {
            validation.fields[kExpressionField] = expression.text();
        }
    } catch (const CronSyntaxError& e) {
        errors.add(kExpressionField, e.what());
    }
    return validation;
}

std::optional<std::int64_t> next_cron_expected(const nlohmann::json& monitor, std::int64_t after_ms) {
    sdk::ValidationErrors errors;
    const auto text = sdk::monitor_fields::text(monitor, kExpressionField, kMaxExpressionLength, errors);
    if (!text) throw std::invalid_argument("the monitor has no valid heartbeat_cron_expression");
    const CronExpression expression = CronExpression::parse(*text);

    const date::time_zone* zone = monitor_time_zone(monitor, errors);
    if (!zone) throw std::invalid_argument("the monitor's heartbeat_timezone is not a known time zone");

    const auto next = next_occurrence(expression, *zone, Instant(std::chrono::milliseconds(after_ms)));
    if (!next) return std::nullopt;
    return next->time_since_epoch().count();
}

} // namespace sentinel::cron
