// The threshold: the q-quantile of a file's own scores. Rows scoring strictly above it are
// threats, so equal scores (a file with nothing unusual) give none.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace sentinel::forensic {

// The order statistic at floor(q * (n - 1)) of `scores` (0 when empty). q is clamped to [0, 1]
// (NaN counts as 1); NaN scores rank lowest.
float quantile_cutoff(std::span<const float> scores, double q);

struct ScoreSelection {
    float cutoff = 0;
    std::size_t above = 0;         // rows scoring strictly above the cutoff
    std::vector<std::size_t> rows; // the highest `keep` of them (0-based), highest first, ties by row
};

ScoreSelection select_above_quantile(std::span<const float> scores, double q, std::size_t keep);

} // namespace sentinel::forensic
