// The status rules of the feed, all pure: how an HTTP code becomes a status, the activity message
// a status change produces, and the summary line of an insight.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::kestra {

enum class Status { Healthy, Degraded, Critical, Unknown };

std::string_view status_name(Status status) noexcept;
std::optional<Status> parse_status(std::string_view name) noexcept;

// The highest code a report may carry.
inline constexpr std::int64_t kMaxCode = 599;

// The status of an HTTP code, or nullopt when the code is outside 0..599:
//   0            unknown   (never checked / unreachable: no HTTP answer at all)
//   100..199     unknown   (informational: no final answer yet)
//   200..299     healthy
//   300..399     healthy   (the service answered; a redirect is not an outage)
//   400..499     degraded
//   500..599     critical
//   1..99        unknown   (not an HTTP status; treated like no answer)
std::optional<Status> status_for_code(std::int64_t code) noexcept;

// An activity event's text and classification.
struct ActivityText {
    std::string message;
    std::string type;     // alert | info | warning
    std::string severity; // critical | warning | info
};

// The event a service's status change produces; nullopt when the status did not change.
// `previous` is nullopt for the first observation of a service. A code of 0 (no HTTP answer) is
// left out of the DOWN / DEGRADED messages rather than shown as "HTTP 0".
std::optional<ActivityText> change_event(std::string_view service, std::optional<Status> previous, Status next,
                                         std::int64_t code);

// One service of a report, for the summary.
struct ServiceReading {
    std::string name;
    Status status;
    std::int64_t code;
};

// "System health at 67%: payment critical (HTTP 500)" / "System health at 100%: all 3 services
// healthy", plus ". AI verdict: DEGRADED" when the AI report starts with such a verdict word.
std::string summarize(const std::vector<ServiceReading>& services, std::string_view ai_report);

// The upper-case verdict word an AI report starts with ("DEGRADED: ..." -> "DEGRADED").
std::optional<std::string> ai_verdict(std::string_view ai_report);

} // namespace sentinel::kestra
