// Lua scoring rules, run after the built-in detectors: first the administrator's scripts (every
// *.lua directly in <scripts dir>/<admin_folder>, in name order), then the tenant's own rule.
// Each defines `score(entry, analysis)` and may change the score and the texts (the contract is
// in lua_rule_contract.hpp and README-lua.md); each sees the result of the previous one. A
// failing script, or an answer with invalid parts, is logged with the script's name at most once
// a minute per script and skipped: rules never fail ingestion. Thread-safe.
#pragma once

#include "detectors/threat_model.hpp"

#include <sentinel/sdk/host_services.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::security {

inline constexpr std::size_t kMaxTenantRuleBytes = 64 * 1024;

class LuaRules {
public:
    explicit LuaRules(sdk::HostServices& host, std::string admin_folder = "security");

    // Runs the admin scripts, then `tenant_rule_source` (skipped when empty) on the entry and
    // recomputes the analysis' severity from its score.
    void apply(std::string_view tenant, const std::string& tenant_rule_source, const LogEntry& entry,
               Analysis& analysis);

    // Compiles `source` and runs its score() once on a sample entry: nullopt when that works and
    // the answer is valid, otherwise the problem, worded for the client (a 422).
    std::optional<std::string> check(std::string_view tenant, const std::string& source);

private:
    std::vector<std::string> admin_scripts(std::int64_t now_ms);
    void warn_rate_limited(const std::string& script, std::string_view message, std::int64_t now_ms);

    sdk::HostServices host_;
    std::string admin_folder_;

    std::mutex mutex_; // guards the members below
    std::vector<std::string> listed_scripts_;
    std::optional<std::int64_t> listed_at_ms_;
    std::map<std::string, std::int64_t, std::less<>> last_warning_ms_; // per script name
};

} // namespace sentinel::security
