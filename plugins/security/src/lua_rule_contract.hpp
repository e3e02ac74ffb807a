// What crosses into and out of a Lua scoring rule (see README-lua.md): the arguments of
// `score(entry, analysis)` and the validation of its answer. Pure; no host services.
#pragma once

#include "detectors/threat_model.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::security {

// A rule's text value (summary, append_summary, ...) longer than this is ignored.
inline constexpr std::size_t kMaxRuleTextBytes = 2000;
// Appends that would make the summary or the prevention measures longer than this are ignored.
inline constexpr std::size_t kMaxAnalysisTextBytes = 8000;

// The JSON array [entry, analysis] passed to `score`.
nlohmann::json rule_arguments(std::string_view tenant, const LogEntry& entry, const Analysis& analysis);

// Applies a rule's answer to `analysis` (score, then adjust, then the texts) and recomputes the
// severity. A null answer changes nothing. Returns one message per ignored part of the answer
// (unknown key, wrong type, non-finite number, text too long), empty when all of it applied.
std::vector<std::string> apply_rule_answer(const nlohmann::json& answer, Analysis& analysis);

} // namespace sentinel::security
