#include "detection/score_threshold.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sentinel::forensic {

float quantile_cutoff(std::span<const float> scores, double q) {
    if (scores.empty()) return 0;
    q = std::isnan(q) ? 1.0 : std::clamp(q, 0.0, 1.0);
    std::vector<float> ordered(scores.begin(), scores.end());
    for (float& s : ordered) // nth_element needs a strict weak order, which NaN breaks
        if (std::isnan(s)) s = -std::numeric_limits<float>::infinity();
    const auto k = static_cast<std::size_t>(q * static_cast<double>(ordered.size() - 1));
    std::nth_element(ordered.begin(), ordered.begin() + static_cast<std::ptrdiff_t>(k), ordered.end());
    return ordered[k];
}

ScoreSelection select_above_quantile(std::span<const float> scores, double q, std::size_t keep) {
    ScoreSelection out;
    out.cutoff = quantile_cutoff(scores, q);
    std::vector<std::size_t> above;
    for (std::size_t r = 0; r < scores.size(); ++r)
        if (scores[r] > out.cutoff) above.push_back(r); // false for NaN
    out.above = above.size();
    const std::size_t take = std::min(keep, above.size());
    std::partial_sort(above.begin(), above.begin() + static_cast<std::ptrdiff_t>(take), above.end(),
                      [&](std::size_t a, std::size_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
    above.resize(take);
    out.rows = std::move(above);
    return out;
}

} // namespace sentinel::forensic
