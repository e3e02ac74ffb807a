#include "detectors/content_detectors.hpp"
#include "detectors/detectors.hpp"
#include "detectors/inspected_entry.hpp"

#include <array>
#include <iterator>

namespace sentinel::security {

std::vector<Finding> detect_content(const LogEntry& entry) {
    using Detector = std::optional<Finding> (*)(const InspectedEntry&);
    constexpr std::array<Detector, 8> kDetectors{detect_sql_injection,
                                                 detect_command_injection,
                                                 detect_xss,
                                                 detect_path_traversal,
                                                 detect_ssrf,
                                                 detect_scanner,
                                                 detect_privilege_escalation,
                                                 detect_reported_severity};

    const InspectedEntry inspected = inspect(entry);
    std::vector<Finding> findings;
    for (const Detector detector : kDetectors)
        if (auto finding = detector(inspected)) findings.push_back(std::move(*finding));
    std::vector<Finding> reported = detect_reported_attacks(inspected);
    findings.insert(findings.end(), std::make_move_iterator(reported.begin()), std::make_move_iterator(reported.end()));
    return findings;
}

} // namespace sentinel::security
