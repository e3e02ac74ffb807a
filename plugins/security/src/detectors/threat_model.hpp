// The vocabulary of threat scoring: a validated log entry, what one detector found, and the
// analysis an entry ends with. Pure data; no host services.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::security {

// Spec 001's LogEntry, after validation (see log_entry.hpp).
struct LogEntry {
    std::string source;          // "AWS WAF", "Auth0", ...
    std::int64_t event_id = 0;   // the origin system's id
    std::string severity_level;  // "INFO", "WARNING" or "CRITICAL"
    std::string message;         // the raw log text
    nlohmann::json metadata = nlohmann::json::object(); // ip, user, path, user_agent, port, ...
};

enum class Severity { Low, Medium, High, Critical };

// LOW < 40 <= MEDIUM < 70 <= HIGH < 90 <= CRITICAL (score 0..100).
Severity severity_for_score(int score) noexcept;
std::string_view severity_name(Severity severity) noexcept;     // "LOW", "MEDIUM", ...
std::optional<Severity> parse_severity(std::string_view name) noexcept;

// What one detector concluded about one entry.
struct Finding {
    std::string detector;   // stable id: "sql_injection", "xss", "brute_force", ...
    int score = 0;          // 0..100: how bad this alone makes the entry
    std::string summary;    // one sentence naming what was seen ("SQL injection pattern in path")
    std::string prevention; // one concrete measure ("Use parameterised queries; block 45.22.19.11")
};

// The analysis returned to the client and stored with the entry.
struct Analysis {
    int score = 0;                   // 0..100
    Severity severity = Severity::Low;
    std::string summary;
    std::string prevention_measures;
    std::vector<Finding> findings;   // every detector that fired, strongest first
};

} // namespace sentinel::security
