// Building entries for detector tests.
#pragma once

#include "detectors/content_detectors.hpp"
#include "detectors/inspected_entry.hpp"
#include "detectors/threat_model.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace sentinel::security::testing {

inline LogEntry log_entry(std::string message, nlohmann::json metadata = nlohmann::json::object(),
                          std::string severity = "INFO", std::string source = "Test Source") {
    LogEntry entry;
    entry.source = std::move(source);
    entry.event_id = 1;
    entry.severity_level = std::move(severity);
    entry.message = std::move(message);
    entry.metadata = std::move(metadata);
    return entry;
}

using ContentDetector = std::optional<Finding> (*)(const InspectedEntry&);

inline std::optional<Finding> run(ContentDetector detector, const std::string& message,
                                  const nlohmann::json& metadata = nlohmann::json::object()) {
    return detector(inspect(log_entry(message, metadata)));
}

// Every text of `texts` in the message must (or must not) make `detector` fire.
inline void expect_fires_on_messages(ContentDetector detector, std::initializer_list<std::string> texts) {
    for (const std::string& text : texts) EXPECT_TRUE(run(detector, text).has_value()) << "missed: " << text;
}
inline void expect_quiet_on_messages(ContentDetector detector, std::initializer_list<std::string> texts) {
    for (const std::string& text : texts) {
        const auto finding = run(detector, text);
        EXPECT_FALSE(finding.has_value()) << "fired on: " << text << " -> " << (finding ? finding->summary : "");
    }
}

} // namespace sentinel::security::testing
