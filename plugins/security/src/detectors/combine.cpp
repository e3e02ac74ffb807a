// Findings into an Analysis: one finding per detector (the strongest), strongest first; the score
// is the strongest plus 5 per further finding; summary and prevention from the strongest three.
#include "detectors/detectors.hpp"

#include "detectors/text_scan.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace sentinel::security {
namespace {

constexpr int kNoThreatScore = 5;
constexpr int kPerExtraFinding = 5;
constexpr std::size_t kFindingsDescribed = 3;

std::vector<Finding> strongest_per_detector(std::vector<Finding> findings) {
    for (Finding& finding : findings) finding.score = std::clamp(finding.score, 0, 100);
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding& a, const Finding& b) { return a.score > b.score; });
    std::vector<Finding> kept;
    for (Finding& finding : findings) {
        const bool seen =
            std::any_of(kept.begin(), kept.end(), [&](const Finding& k) { return k.detector == finding.detector; });
        if (!seen) kept.push_back(std::move(finding));
    }
    return kept;
}

// The findings' prevention advice split at "; " and joined again without repeats.
std::string joined_prevention(const std::vector<Finding>& findings, std::size_t count) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < count; ++i) {
        std::string_view advice = findings[i].prevention;
        while (!advice.empty()) {
            const std::size_t cut = advice.find("; ");
            const std::string_view part = advice.substr(0, cut);
            const bool repeated = std::any_of(
                parts.begin(), parts.end(), [&](const std::string& p) { return text::equals_ignoring_case(p, part); });
            if (!part.empty() && !repeated) parts.emplace_back(part);
            advice = cut == std::string_view::npos ? std::string_view{} : advice.substr(cut + 2);
        }
    }
    std::string joined;
    for (const std::string& part : parts) joined += (joined.empty() ? "" : "; ") + part;
    return joined;
}

} // namespace

Analysis combine(std::vector<Finding> findings) {
    Analysis analysis;
    analysis.findings = strongest_per_detector(std::move(findings));
    if (analysis.findings.empty()) {
        analysis.score = kNoThreatScore;
        analysis.severity = severity_for_score(analysis.score);
        analysis.summary = "No known threat pattern";
        analysis.prevention_measures = "No action needed";
        return analysis;
    }
    const int extra = static_cast<int>(std::min<std::size_t>(analysis.findings.size() - 1, 20));
    analysis.score = std::min(100, analysis.findings.front().score + kPerExtraFinding * extra);
    analysis.severity = severity_for_score(analysis.score);
    const std::size_t described = std::min(kFindingsDescribed, analysis.findings.size());
    for (std::size_t i = 0; i < described; ++i) analysis.summary += (i == 0 ? "" : "; ") + analysis.findings[i].summary;
    analysis.prevention_measures = joined_prevention(analysis.findings, described);
    return analysis;
}

} // namespace sentinel::security
