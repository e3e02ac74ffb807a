// Built-in threat detectors. Content detectors are pure functions of one entry; the window
// detectors remember recent entries per tenant (in memory, bounded) to see brute force,
// credential stuffing and port scans across entries. combine() turns findings into an Analysis.
#pragma once

#include "threat_model.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace sentinel::security {

// Every content detector over the message and the metadata's string values (path, query,
// user_agent, url, ...): SQL injection, XSS, path traversal, command injection, SSRF, scanner
// user agents, privilege-escalation words, and the reported severity_level. Decodes percent- and
// HTML-entity-encoding once before matching. Empty when nothing fired.
std::vector<Finding> detect_content(const LogEntry& entry);

struct WindowOptions {
    std::chrono::milliseconds window{std::chrono::minutes(5)};
    int brute_force_failures = 10;     // failed logins from one IP within the window
    int stuffing_distinct_users = 5;   // distinct users failing from one IP within the window
    int user_failures = 8;             // failures against one user (from any IP) within the window
    int port_scan_distinct_ports = 15; // distinct destination ports from one IP within the window
    std::size_t max_keys = 100000;     // tracked (tenant, key) pairs; oldest evicted beyond it
};

// Brute force, credential stuffing and port scans. Thread-safe. An entry counts as an
// authentication failure when its message or metadata says so (e.g. "failed login", "invalid
// password", "authentication failure", metadata.outcome/status "failure"/"failed"/401); the IP comes
// from metadata ip/src_ip/source_ip/client_ip, the user from user/username/user_id/account, the port
// from dst_port/dest_port/port.
class WindowDetectors {
public:
    explicit WindowDetectors(WindowOptions options = {});
    ~WindowDetectors();
    WindowDetectors(const WindowDetectors&) = delete;
    WindowDetectors& operator=(const WindowDetectors&) = delete;

    // Records the entry for `tenant` at `now_ms` and returns what the windows show now.
    std::vector<Finding> observe(std::string_view tenant, const LogEntry& entry, std::int64_t now_ms);
    // Forget a tenant (renamed or deleted).
    void forget(std::string_view tenant);
    // Moves a tenant's windows to its new name.
    void rename(std::string_view from, std::string_view to);

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Score = the strongest finding plus 5 per further distinct finding (capped at 100); severity
// from the score; summary and prevention joined from the findings, strongest first. No finding:
// score 5 ("No known threat pattern"), LOW.
Analysis combine(std::vector<Finding> findings);

} // namespace sentinel::security
