// The content detectors one by one (detect_content() runs them all). Each reads an inspected
// entry and returns at most one finding: the strongest evidence it saw.
#pragma once

#include "inspected_entry.hpp"
#include "threat_model.hpp"

#include <optional>
#include <vector>

namespace sentinel::security {

std::optional<Finding> detect_sql_injection(const InspectedEntry& entry);        // "sql_injection"
std::optional<Finding> detect_command_injection(const InspectedEntry& entry);    // "command_injection"
std::optional<Finding> detect_xss(const InspectedEntry& entry);                  // "xss"
std::optional<Finding> detect_path_traversal(const InspectedEntry& entry);       // "path_traversal"
std::optional<Finding> detect_ssrf(const InspectedEntry& entry);                 // "ssrf"
std::optional<Finding> detect_scanner(const InspectedEntry& entry);              // "scanner"
std::optional<Finding> detect_privilege_escalation(const InspectedEntry& entry); // "privilege_escalation"
std::optional<Finding> detect_reported_severity(const InspectedEntry& entry);    // "reported_severity"

// A message (or an attack/rule/signature metadata field) naming an attack it saw, e.g. a WAF's
// "SQL Injection pattern detected in header": one finding per category named, under that
// category's detector id and a little below the score of seeing the payload itself.
std::vector<Finding> detect_reported_attacks(const InspectedEntry& entry);

} // namespace sentinel::security
