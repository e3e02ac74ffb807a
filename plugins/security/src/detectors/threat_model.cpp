#include "detectors/threat_model.hpp"

#include <array>
#include <cctype>

namespace sentinel::security {

Severity severity_for_score(int score) noexcept {
    if (score >= 90) return Severity::Critical;
    if (score >= 70) return Severity::High;
    if (score >= 40) return Severity::Medium;
    return Severity::Low;
}

std::string_view severity_name(Severity severity) noexcept {
    switch (severity) {
    case Severity::Low:
        return "LOW";
    case Severity::Medium:
        return "MEDIUM";
    case Severity::High:
        return "HIGH";
    case Severity::Critical:
        return "CRITICAL";
    }
    return "LOW";
}

std::optional<Severity> parse_severity(std::string_view name) noexcept {
    constexpr std::array all{Severity::Low, Severity::Medium, Severity::High, Severity::Critical};
    for (const Severity severity : all) {
        const std::string_view candidate = severity_name(severity);
        if (candidate.size() != name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i)
            same = std::toupper(static_cast<unsigned char>(name[i])) == candidate[i];
        if (same) return severity;
    }
    return std::nullopt;
}

} // namespace sentinel::security
