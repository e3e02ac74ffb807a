// The spec's example entry and an analysis of it, shared by the unit tests of the stages after
// the detectors (Lua rules, LLM enrichment).
#pragma once

#include "detectors/threat_model.hpp"

#include <string>
#include <utility>

namespace sentinel::security::testing {

inline LogEntry sample_entry(std::string message = "GET /?id=1' OR 1=1",
                             nlohmann::json metadata = nlohmann::json{{"ip", "45.22.19.11"}}) {
    return {"Nginx Gateway", 90210, "WARNING", std::move(message), std::move(metadata)};
}

// What the detectors make of a SQL injection scored `score`.
inline Analysis sql_injection_analysis(int score) {
    Analysis a;
    a.score = score;
    a.severity = severity_for_score(score);
    a.summary = "SQL injection pattern";
    a.prevention_measures = "Use parameterised queries";
    a.findings.push_back({"sql_injection", score, "SQL injection pattern", "Use parameterised queries"});
    return a;
}

} // namespace sentinel::security::testing
