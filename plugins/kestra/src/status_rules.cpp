#include "status_rules.hpp"

#include <cctype>

namespace sentinel::kestra {
namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string http_suffix(std::int64_t code) {
    return code > 0 ? " (HTTP " + std::to_string(code) + ")" : std::string();
}

} // namespace

std::string_view status_name(Status status) noexcept {
    switch (status) {
    case Status::Healthy: return "healthy";
    case Status::Degraded: return "degraded";
    case Status::Critical: return "critical";
    case Status::Unknown: return "unknown";
    }
    return "unknown";
}

std::optional<Status> parse_status(std::string_view name) noexcept {
    if (name == "healthy") return Status::Healthy;
    if (name == "degraded") return Status::Degraded;
    if (name == "critical") return Status::Critical;
    if (name == "unknown") return Status::Unknown;
    return std::nullopt;
}

std::optional<Status> status_for_code(std::int64_t code) noexcept {
    if (code < 0 || code > kMaxCode) return std::nullopt;
    if (code >= 500) return Status::Critical;
    if (code >= 400) return Status::Degraded;
    if (code >= 200) return Status::Healthy; // 2xx, and 3xx: the service answered
    return Status::Unknown;                  // 0 (no answer), 1..99, 1xx (no final answer)
}

std::optional<ActivityText> change_event(std::string_view service, std::optional<Status> previous, Status next,
                                         std::int64_t code) {
    if (previous && *previous == next) return std::nullopt;
    const std::string name = upper(service);
    switch (next) {
    case Status::Critical:
        return ActivityText{name + " service is DOWN" + http_suffix(code), "alert", "critical"};
    case Status::Degraded:
        return ActivityText{name + " service is DEGRADED" + http_suffix(code), "alert", "warning"};
    case Status::Unknown:
        return ActivityText{name + " service is UNREACHABLE", "warning", "warning"};
    case Status::Healthy:
        if (previous)
            return ActivityText{name + " service RECOVERED (HTTP " + std::to_string(code) + ")", "info", "info"};
        return ActivityText{name + " service is UP (HTTP " + std::to_string(code) + ")", "info", "info"};
    }
    return std::nullopt;
}

std::optional<std::string> ai_verdict(std::string_view ai_report) {
    std::size_t i = 0;
    while (i < ai_report.size() && i <= 32 &&
           (std::isupper(static_cast<unsigned char>(ai_report[i])) || (i > 0 && ai_report[i] == '_')))
        ++i;
    if (i == 0 || i > 32 || i >= ai_report.size() || ai_report[i] != ':') return std::nullopt;
    return std::string(ai_report.substr(0, i));
}

std::string summarize(const std::vector<ServiceReading>& services, std::string_view ai_report) {
    const std::size_t total = services.size();
    std::size_t healthy = 0;
    std::string problems;
    for (const auto& s : services) {
        if (s.status == Status::Healthy) {
            ++healthy;
            continue;
        }
        if (!problems.empty()) problems += ", ";
        problems += s.name;
        problems += ' ';
        problems += status_name(s.status);
        problems += s.status == Status::Unknown ? std::string(" (no response)")
                                                : " (HTTP " + std::to_string(s.code) + ")";
    }
    // round(100 * healthy / total), half up, in integers.
    const std::size_t percent = total == 0 ? 100 : (200 * healthy + total) / (2 * total);
    std::string out = "System health at " + std::to_string(percent) + "%: ";
    if (problems.empty()) {
        out += total == 1 ? std::string("the 1 service healthy")
                          : "all " + std::to_string(total) + " services healthy";
    } else {
        out += problems;
    }
    if (auto verdict = ai_verdict(ai_report)) out += ". AI verdict: " + *verdict;
    return out;
}

} // namespace sentinel::kestra
