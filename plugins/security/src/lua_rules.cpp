#include "lua_rules.hpp"

#include "lua_rule_contract.hpp"

#include <sentinel/sdk/errors.hpp>

#include <algorithm>
#include <functional>

namespace sentinel::security {
namespace {

using nlohmann::json;

constexpr std::int64_t kRelistEveryMs = 10'000;   // scripts dropped into the folder apply within 10 s
constexpr std::int64_t kWarnEveryMs = 60'000;     // one log line per script per minute
constexpr std::size_t kPruneWarningsAbove = 1024; // bounds the per-script bookkeeping
constexpr const char* kRuleFunction = "score";

std::string tenant_chunk(std::string_view tenant) { return "tenant-rule:" + std::string(tenant); }
std::string check_chunk(std::string_view tenant) { return "tenant-rule-check:" + std::string(tenant); }

bool elapsed(std::int64_t since_ms, std::int64_t now_ms, std::int64_t period_ms) {
    return now_ms < since_ms || now_ms - since_ms >= period_ms; // a clock stepping back counts as due
}

std::string joined(const std::vector<std::string>& problems) {
    std::string out;
    for (const auto& problem : problems) out += (out.empty() ? "" : "; ") + problem;
    return out;
}

// Spec 001's example entry, as a detector would have scored it.
std::pair<LogEntry, Analysis> sample_entry() {
    LogEntry entry{"Nginx Gateway", 90210, "WARNING", "SQL Injection pattern detected in header",
                   json{{"ip", "45.22.19.11"}, {"path", "/api/v1/users"}}};
    Analysis analysis;
    analysis.score = 85;
    analysis.severity = severity_for_score(analysis.score);
    analysis.summary = "SQL injection pattern in the message";
    analysis.prevention_measures = "Use parameterised queries; block 45.22.19.11";
    analysis.findings.push_back({"sql_injection", 85, analysis.summary, analysis.prevention_measures});
    return {std::move(entry), std::move(analysis)};
}

} // namespace

LuaRules::LuaRules(sdk::HostServices& host, std::string admin_folder)
    : host_(host), admin_folder_(std::move(admin_folder)) {}

void LuaRules::apply(std::string_view tenant, const std::string& tenant_rule_source, const LogEntry& entry,
                     Analysis& analysis) {
    const std::int64_t now = host_.clock.now_ms();
    const auto run = [&](const std::string& name, const std::function<json(const json&)>& call) {
        try {
            const auto problems = apply_rule_answer(call(rule_arguments(tenant, entry, analysis)), analysis);
            if (!problems.empty()) warn_rate_limited(name, "answer partly ignored: " + joined(problems), now);
        } catch (const sdk::HostError& e) {
            warn_rate_limited(name, std::string("skipped: ") + e.what(), now);
        } catch (const json::exception& e) {
            warn_rate_limited(name, std::string("skipped, unreadable answer: ") + e.what(), now);
        }
    };

    for (const std::string& script : admin_scripts(now))
        run(script, [&](const json& args) { return host_.scripts.call_file(script, kRuleFunction, args); });
    if (!tenant_rule_source.empty()) {
        const std::string chunk = tenant_chunk(tenant);
        run(chunk, [&](const json& args) {
            return host_.scripts.call_source(chunk, tenant_rule_source, kRuleFunction, args);
        });
    }
    analysis.score = std::clamp(analysis.score, 0, 100);
    analysis.severity = severity_for_score(analysis.score);
}

std::optional<std::string> LuaRules::check(std::string_view tenant, const std::string& source) {
    if (source.size() > kMaxTenantRuleBytes)
        return "the rule is larger than " + std::to_string(kMaxTenantRuleBytes / 1024) + " KiB";
    auto [entry, analysis] = sample_entry();
    try {
        const json answer = host_.scripts.call_source(check_chunk(tenant), source, kRuleFunction,
                                                      rule_arguments(tenant, entry, analysis));
        const auto problems = apply_rule_answer(answer, analysis);
        if (!problems.empty()) return "score() answered with invalid changes: " + joined(problems);
        return std::nullopt;
    } catch (const sdk::HostError& e) {
        return std::string(e.what());
    } catch (const json::exception& e) {
        return std::string("score() answered something unreadable: ") + e.what();
    }
}

std::vector<std::string> LuaRules::admin_scripts(std::int64_t now_ms) {
    std::vector<std::string> scripts;
    std::string failure;
    {
        std::lock_guard lock(mutex_);
        if (listed_at_ms_ && !elapsed(*listed_at_ms_, now_ms, kRelistEveryMs)) return listed_scripts_;
        listed_at_ms_ = now_ms;
        try {
            listed_scripts_ = host_.scripts.list(admin_folder_);
        } catch (const sdk::HostError& e) {
            listed_scripts_.clear();
            failure = e.what();
        }
        scripts = listed_scripts_;
    }
    if (!failure.empty())
        warn_rate_limited(admin_folder_ + "/*.lua", "admin scoring rules unavailable: " + failure, now_ms);
    return scripts;
}

void LuaRules::warn_rate_limited(const std::string& script, std::string_view message, std::int64_t now_ms) {
    {
        std::lock_guard lock(mutex_);
        if (last_warning_ms_.size() > kPruneWarningsAbove) {
            std::erase_if(last_warning_ms_, [&](const auto& item) { return elapsed(item.second, now_ms, kWarnEveryMs); });
        }
        auto [it, first] = last_warning_ms_.try_emplace(script, now_ms);
        if (!first) {
            if (!elapsed(it->second, now_ms, kWarnEveryMs)) return;
            it->second = now_ms;
        }
    }
    host_.log.warn("security: scoring rule " + script + " " + std::string(message));
}

} // namespace sentinel::security
