// The dashboard's risk graph: the last 30 minutes in 16 two-minute buckets. The bucket labelled
// "-Nm" holds the entries created in (now - N - 2 min, now - N min], so "-0m" is the last two
// minutes; counts count every entry, and a bucket's risk comes from its highest score: none or
// < 40 "Stable", 40-69 "Elevated", 70-89 "High", >= 90 "Critical".
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sentinel::security {

constexpr std::int64_t kStatsWindowMinutes = 30;
constexpr std::int64_t kStatsBucketMinutes = 2;

std::string risk_for_score(int worst_score); // -1: no entries

// `entries`: (created_at_ms, score). Answers {"labels","counts","risks",...}.
nlohmann::json risk_graph(const std::vector<std::pair<std::int64_t, int>>& entries, std::int64_t now_ms);

// The start of the oldest bucket: entries created after it are needed.
constexpr std::int64_t risk_graph_since(std::int64_t now_ms) {
    return now_ms - (kStatsWindowMinutes + kStatsBucketMinutes) * 60'000;
}

} // namespace sentinel::security
