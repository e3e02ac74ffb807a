// Lua scoring rules after the built-in detectors: the administrator's scripts
// (scripts/<rules_folder>/*.lua, in name order) and then the tenant's own rule. A rule defines
// `score(entry, analysis)` and returns nil (no change) or a table with any of: score (0..100),
// adjust (added), summary / append_summary, prevention_measures / append_prevention. A failing
// script is logged (at most once a minute per script) and skipped: rules never fail ingestion.
#pragma once

#include "detectors/threat_model.hpp"

#include <sentinel/sdk/host_services.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::security {

class ScoringRules {
public:
    ScoringRules(sdk::HostServices& host, std::string folder);

    void apply(const std::string& tenant, const std::string& tenant_rule, const LogEntry& entry, Analysis& analysis);
    // nullopt when `source` compiles and runs on a sample entry; else the error for the client.
    std::optional<std::string> check(const std::string& tenant, const std::string& source);

private:
    std::vector<std::string> admin_scripts(std::int64_t now_ms);
    void warn_once_a_minute(const std::string& script, const std::string& message, std::int64_t now_ms);

    sdk::HostServices& host_;
    std::string folder_;
    std::mutex mutex_;
    std::vector<std::string> scripts_;
    std::int64_t listed_at_ms_ = -1;
    std::map<std::string, std::int64_t> warned_at_ms_;
};

// Applies one rule's answer (pure; exposed for tests).
void apply_rule_result(const nlohmann::json& result, Analysis& analysis);

} // namespace sentinel::security
