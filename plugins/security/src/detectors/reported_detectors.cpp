// What the source itself says: the severity it reported, and attacks it names ("SQL Injection
// pattern detected", "XSS attempt blocked", "brute force detected", "port scan detected").
#include "detectors/content_detectors.hpp"
#include "detectors/finding_text.hpp"
#include "detectors/text_scan.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace sentinel::security {
namespace {

constexpr int kCriticalReportScore = 60;
constexpr int kWarningReportScore = 30;

struct AttackCategory {
    std::string_view detector;
    int score; // a little below seeing the payload itself
    std::string_view label;
    std::array<std::string_view, 4> names; // phrases matched as substrings, single words as words
    std::string_view prevention;
};

constexpr auto kCategories = std::to_array<AttackCategory>({
    {"sql_injection",
     75,
     "an SQL injection attempt",
     {"sql injection", "sql-injection", "sqli", ""},
     "Use parameterised queries and validate input server-side"},
    {"xss",
     65,
     "a cross-site scripting attempt",
     {"cross-site scripting", "cross site scripting", "xss", ""},
     "Encode output for its HTML context and enforce a strict Content-Security-Policy"},
    {"path_traversal",
     65,
     "a path traversal attempt",
     {"path traversal", "directory traversal", "lfi", ""},
     "Resolve file paths against an allow-listed base directory and reject '..' segments"},
    {"command_injection",
     80,
     "a command injection attempt",
     {"command injection", "remote code execution", "rce", ""},
     "Never pass request input to a shell; call programs with argument lists and allow-listed values"},
    {"ssrf",
     75,
     "a server-side request forgery attempt",
     {"server-side request forgery", "server side request forgery", "ssrf", ""},
     "Allow-list outbound destinations and deny internal and link-local ranges from the application tier"},
    {"brute_force",
     70,
     "a brute-force attack",
     {"brute force", "brute-force", "bruteforce", "password spraying"},
     "Lock out or rate-limit logins per IP and require MFA"},
    {"credential_stuffing",
     75,
     "credential stuffing",
     {"credential stuffing", "credential-stuffing", "", ""},
     "Require MFA, rate-limit logins per IP and reject passwords found in breach lists"},
    {"port_scan",
     60,
     "a port scan",
     {"port scan", "portscan", "port-scan", "port sweep"},
     "Drop unsolicited inbound traffic at the firewall and close unused ports"},
});

// Words that make a mention of an attack a report of one ("detected", "blocked", ...).
bool reports_an_event(std::string_view t) {
    return !text::first_contained(t, {"detect",   "attempt",   "block",    "pattern", "suspect",    "suspicious",
                                      "possible", "potential", "alert",    "attack",  "denied",     "deny",
                                      "match",    "signature", "rule",     "found",   "identified", "prevent",
                                      "trigger",  "flagged",   "malicious"})
                .empty();
}

// Metadata fields that classify the event: their value names the attack without further words.
bool classification_key(std::string_view key) {
    return !text::first_contained(key, {"attack", "threat", "rule", "signature", "category", "classification", "alert"})
                .empty();
}

bool names_category(std::string_view t, const AttackCategory& category) {
    for (const std::string_view name : category.names) {
        if (name.empty()) continue;
        const bool phrase = name.find_first_of(" -") != std::string_view::npos;
        if (phrase ? text::contains(t, name) : text::find_name(t, name) != std::string_view::npos) return true;
    }
    return false;
}

} // namespace

std::optional<Finding> detect_reported_severity(const InspectedEntry& entry) {
    int score = 0;
    if (entry.severity_level == "CRITICAL")
        score = kCriticalReportScore;
    else if (entry.severity_level == "WARNING")
        score = kWarningReportScore;
    else
        return std::nullopt;
    const std::string source = entry.source.empty() ? std::string("The source") : entry.source;
    return make_finding("reported_severity", score, source + " reported " + entry.severity_level + " severity",
                        "Review the " + entry.severity_level + " event at its source");
}

std::vector<Finding> detect_reported_attacks(const InspectedEntry& entry) {
    std::vector<Finding> findings;
    const std::string source = entry.source.empty() ? std::string("The source") : entry.source;
    std::vector<const InspectedField*> reporting_fields;
    for (const InspectedField& field : entry.fields)
        if (field.is_message() ? reports_an_event(field.text) : classification_key(field.key))
            reporting_fields.push_back(&field);
    if (reporting_fields.empty()) return findings;
    for (const AttackCategory& category : kCategories) {
        const bool named =
            std::any_of(reporting_fields.begin(), reporting_fields.end(),
                        [&](const InspectedField* field) { return names_category(field->text, category); });
        if (named)
            findings.push_back(make_finding(category.detector, category.score,
                                            source + " reports " + std::string(category.label),
                                            with_block_advice(category.prevention, entry.client_ip)));
    }
    return findings;
}

} // namespace sentinel::security
