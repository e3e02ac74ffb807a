#include "lua_rule_contract.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace sentinel::security {
namespace {

using nlohmann::json;

constexpr std::array kKnownKeys{"score", "adjust", "summary", "append_summary", "prevention_measures",
                                "append_prevention"};

std::string_view type_of(const json& value) {
    if (value.is_number()) return "number";
    return value.type_name();
}

std::optional<double> finite_number(const json& answer, const char* key, std::vector<std::string>& problems) {
    const auto it = answer.find(key);
    if (it == answer.end()) return std::nullopt;
    if (!it->is_number()) {
        problems.push_back(std::string(key) + " must be a number, got " + std::string(type_of(*it)));
        return std::nullopt;
    }
    const double value = it->get<double>();
    if (!std::isfinite(value)) {
        problems.push_back(std::string(key) + " must be a finite number");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> bounded_text(const json& answer, const char* key, std::vector<std::string>& problems) {
    const auto it = answer.find(key);
    if (it == answer.end()) return std::nullopt;
    if (!it->is_string()) {
        problems.push_back(std::string(key) + " must be a string, got " + std::string(type_of(*it)));
        return std::nullopt;
    }
    const auto& text = it->get_ref<const std::string&>();
    if (text.size() > kMaxRuleTextBytes) {
        problems.push_back(std::string(key) + " is longer than " + std::to_string(kMaxRuleTextBytes) + " bytes");
        return std::nullopt;
    }
    return text;
}

void replace_text(const json& answer, const char* key, std::string& target, std::vector<std::string>& problems) {
    if (auto text = bounded_text(answer, key, problems)) target = std::move(*text);
}

void append_text(const json& answer, const char* key, std::string& target, std::vector<std::string>& problems) {
    const auto text = bounded_text(answer, key, problems);
    if (!text || text->empty()) return;
    const std::size_t separator = target.empty() ? 0 : 2;
    if (target.size() + separator + text->size() > kMaxAnalysisTextBytes) {
        problems.push_back(std::string(key) + " would make the text longer than " +
                           std::to_string(kMaxAnalysisTextBytes) + " bytes");
        return;
    }
    if (separator != 0) target += "; ";
    target += *text;
}

} // namespace

json rule_arguments(std::string_view tenant, const LogEntry& entry, const Analysis& analysis) {
    json findings = json::array();
    for (const Finding& finding : analysis.findings)
        findings.push_back({{"detector", finding.detector}, {"score", finding.score}, {"summary", finding.summary}});
    json entry_table = {{"source", entry.source},
                        {"event_id", entry.event_id},
                        {"severity_level", entry.severity_level},
                        {"message", entry.message},
                        {"metadata", entry.metadata.is_object() ? entry.metadata : json::object()},
                        {"tenant", tenant}};
    json analysis_table = {{"score", analysis.score},
                           {"severity", severity_name(analysis.severity)},
                           {"summary", analysis.summary},
                           {"prevention_measures", analysis.prevention_measures},
                           {"findings", std::move(findings)}};
    return json::array({std::move(entry_table), std::move(analysis_table)});
}

std::vector<std::string> apply_rule_answer(const json& answer, Analysis& analysis) {
    std::vector<std::string> problems;
    if (answer.is_null()) return problems;
    if (!answer.is_object()) {
        problems.push_back("score() must return nil or a table of changes, got " + std::string(type_of(answer)));
        return problems;
    }
    for (const auto& [key, value] : answer.items()) {
        if (std::find(kKnownKeys.begin(), kKnownKeys.end(), key) == kKnownKeys.end())
            problems.push_back("unknown field '" + key.substr(0, 64) + "'");
    }

    double score = analysis.score;
    if (auto absolute = finite_number(answer, "score", problems)) score = *absolute;
    if (auto adjust = finite_number(answer, "adjust", problems)) score += *adjust;
    analysis.score = static_cast<int>(std::lround(std::clamp(score, 0.0, 100.0)));
    analysis.severity = severity_for_score(analysis.score);

    replace_text(answer, "summary", analysis.summary, problems);
    append_text(answer, "append_summary", analysis.summary, problems);
    replace_text(answer, "prevention_measures", analysis.prevention_measures, problems);
    append_text(answer, "append_prevention", analysis.prevention_measures, problems);
    return problems;
}

} // namespace sentinel::security
