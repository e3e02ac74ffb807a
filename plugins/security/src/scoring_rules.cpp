#include "scoring_rules.hpp"

#include <sentinel/sdk/errors.hpp>

#include <algorithm>
#include <cmath>

namespace sentinel::security {
namespace {

using json = nlohmann::json;
constexpr std::size_t kMaxText = 2000;
constexpr std::int64_t kRelistMs = 10'000; // new admin scripts are picked up within 10 s

json args_of(const std::string& tenant, const LogEntry& e, const Analysis& a) {
    json findings = json::array();
    for (const auto& f : a.findings) findings.push_back({{"detector", f.detector}, {"score", f.score}, {"summary", f.summary}});
    return json::array({json{{"source", e.source}, {"event_id", e.event_id}, {"severity_level", e.severity_level},
                             {"message", e.message}, {"metadata", e.metadata}, {"tenant", tenant}},
                        json{{"score", a.score}, {"severity", severity_name(a.severity)}, {"summary", a.summary},
                             {"prevention_measures", a.prevention_measures}, {"findings", findings}}});
}

std::optional<std::string> text(const json& result, const char* key) {
    auto it = result.find(key);
    if (it == result.end() || !it->is_string()) return std::nullopt;
    auto s = it->get<std::string>();
    if (s.size() > kMaxText) s.resize(kMaxText);
    return s;
}

void append(std::string& to, const std::string& more) {
    if (more.empty()) return;
    to = to.empty() ? more : to + "; " + more;
}

} // namespace

void apply_rule_result(const json& result, Analysis& analysis) {
    if (!result.is_object()) return;
    double score = analysis.score;
    if (auto it = result.find("score"); it != result.end() && it->is_number() && std::isfinite(it->get<double>()))
        score = it->get<double>();
    if (auto it = result.find("adjust"); it != result.end() && it->is_number() && std::isfinite(it->get<double>()))
        score += it->get<double>();
    analysis.score = static_cast<int>(std::lround(std::clamp(score, 0.0, 100.0)));
    analysis.severity = severity_for_score(analysis.score);
    if (auto s = text(result, "summary")) analysis.summary = *s;
    if (auto s = text(result, "append_summary")) append(analysis.summary, *s);
    if (auto s = text(result, "prevention_measures")) analysis.prevention_measures = *s;
    if (auto s = text(result, "append_prevention")) append(analysis.prevention_measures, *s);
}

ScoringRules::ScoringRules(sdk::HostServices& host, std::string folder) : host_(host), folder_(std::move(folder)) {}

std::vector<std::string> ScoringRules::admin_scripts(std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    if (listed_at_ms_ < 0 || now_ms - listed_at_ms_ >= kRelistMs) {
        try {
            scripts_ = host_.scripts.list(folder_);
        } catch (const sdk::HostError& e) {
            if (listed_at_ms_ < 0) host_.log.warn("security: admin scoring rules unavailable: " + std::string(e.what()));
            scripts_.clear();
        }
        listed_at_ms_ = now_ms;
    }
    return scripts_;
}

void ScoringRules::warn_once_a_minute(const std::string& script, const std::string& message, std::int64_t now_ms) {
    {
        std::lock_guard lock(mutex_);
        auto& last = warned_at_ms_[script];
        if (last != 0 && now_ms - last < 60'000) return;
        last = now_ms;
    }
    host_.log.warn("security: scoring rule " + script + " skipped: " + message);
}

void ScoringRules::apply(const std::string& tenant, const std::string& tenant_rule, const LogEntry& entry,
                         Analysis& analysis) {
    const auto now = host_.clock.now_ms();
    for (const auto& script : admin_scripts(now)) {
        try {
            apply_rule_result(host_.scripts.call_file(script, "score", args_of(tenant, entry, analysis)), analysis);
        } catch (const sdk::HostError& e) {
            warn_once_a_minute(script, e.what(), now);
        }
    }
    if (tenant_rule.empty()) return;
    try {
        apply_rule_result(host_.scripts.call_source("tenant:" + tenant, tenant_rule, "score", args_of(tenant, entry, analysis)),
                          analysis);
    } catch (const sdk::HostError& e) {
        warn_once_a_minute("tenant:" + tenant, e.what(), now);
    }
}

std::optional<std::string> ScoringRules::check(const std::string& tenant, const std::string& source) {
    LogEntry sample{"rule check", 1, "INFO", "sample entry", json{{"ip", "192.0.2.1"}}};
    Analysis analysis;
    analysis.score = 5;
    try {
        host_.scripts.call_source("tenant-check:" + tenant, source, "score", args_of(tenant, sample, analysis));
        return std::nullopt;
    } catch (const sdk::HostError& e) {
        return std::string(e.what());
    }
}

} // namespace sentinel::security
