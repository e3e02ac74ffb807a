#include "detection/robust_scaling.hpp"

#include <algorithm>
#include <cmath>

namespace sentinel::forensic {
namespace {

// The q-quantile of `values` (reordered in place), by linear position.
double quantile_in_place(std::vector<double>& values, double q) {
    const auto k = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

} // namespace

ColumnScale robust_scale_of(const std::vector<double>& column) {
    std::vector<double> present;
    present.reserve(column.size());
    for (double v : column)
        if (std::isfinite(v)) present.push_back(v);
    if (present.empty()) return {};

    ColumnScale s;
    s.median = quantile_in_place(present, 0.5);
    std::vector<double> deviations(present.size());
    std::transform(present.begin(), present.end(), deviations.begin(),
                   [&](double v) { return std::abs(v - s.median); });
    const double mad = quantile_in_place(deviations, 0.5);
    if (mad > 0) {
        s.scale = 1.4826 * mad;
        return s;
    }
    const double iqr = quantile_in_place(present, 0.75) - quantile_in_place(present, 0.25);
    if (iqr > 0) {
        s.scale = iqr / 1.349;
        return s;
    }
    double sum = 0, sum_sq = 0;
    for (double v : present) {
        sum += v;
        sum_sq += v * v;
    }
    const double n = static_cast<double>(present.size());
    const double variance = sum_sq / n - (sum / n) * (sum / n);
    s.scale = variance > 1e-24 ? std::sqrt(variance) : 1.0;
    return s;
}

} // namespace sentinel::forensic
