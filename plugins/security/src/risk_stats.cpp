#include "risk_stats.hpp"

#include <sentinel/sdk/time.hpp>

namespace sentinel::security {

std::string risk_for_score(int worst_score) {
    if (worst_score >= 90) return "Critical";
    if (worst_score >= 70) return "High";
    if (worst_score >= 40) return "Elevated";
    return "Stable";
}

nlohmann::json risk_graph(const std::vector<std::pair<std::int64_t, int>>& entries, std::int64_t now_ms) {
    constexpr std::int64_t buckets = kStatsWindowMinutes / kStatsBucketMinutes + 1; // -30m ... -0m
    constexpr std::int64_t bucket_ms = kStatsBucketMinutes * 60'000;
    std::vector<std::int64_t> counts(buckets, 0);
    std::vector<int> worst(buckets, -1);
    for (const auto& [at, score] : entries) {
        if (at > now_ms) continue; // a clock step: not in any past bucket
        // Bucket from the end: (now - bucket_ms, now] is the last one.
        const std::int64_t age = now_ms - at;                    // >= 0
        const std::int64_t from_end = age == 0 ? 0 : (age - 1) / bucket_ms;
        if (from_end >= buckets) continue;
        const auto index = static_cast<std::size_t>(buckets - 1 - from_end);
        ++counts[index];
        worst[index] = std::max(worst[index], score);
    }
    nlohmann::json labels = nlohmann::json::array(), risks = nlohmann::json::array();
    for (std::int64_t i = 0; i < buckets; ++i) {
        labels.push_back("-" + std::to_string(kStatsWindowMinutes - i * kStatsBucketMinutes) + "m");
        risks.push_back(risk_for_score(worst[static_cast<std::size_t>(i)]));
    }
    return {{"labels", labels},
            {"counts", counts},
            {"risks", risks},
            {"window_minutes", kStatsWindowMinutes},
            {"bucket_minutes", kStatsBucketMinutes},
            {"generated_at", sdk::iso_utc(now_ms)}};
}

} // namespace sentinel::security
