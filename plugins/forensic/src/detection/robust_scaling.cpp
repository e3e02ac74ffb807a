#include "detection/robust_scaling.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace sentinel::forensic {
namespace {

constexpr double kMadToSd = 1.4826;   // MAD of a normal distribution times this = its SD
constexpr double kIqrToSd = 1.0 / 1.349;

// The q-quantile of `values` (reordered in place): the order statistic at floor(q * (n - 1)).
double quantile_in_place(std::vector<double>& values, double q) {
    const auto k = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

double standard_deviation(const std::vector<double>& values) {
    double mean = 0;
    for (double v : values) mean += v;
    mean /= static_cast<double>(values.size());
    double squares = 0; // two passes: no cancellation for large values with small spread
    for (double v : values) squares += (v - mean) * (v - mean);
    return std::sqrt(squares / static_cast<double>(values.size()));
}

void copy_finite(std::span<const double> column, std::vector<double>& out) {
    out.clear();
    for (double v : column)
        if (std::isfinite(v)) out.push_back(v);
}

} // namespace

ColumnScale robust_scale_of(std::span<const double> column) {
    std::vector<double> workspace;
    return robust_scale_of(column, workspace);
}

ColumnScale robust_scale_of(std::span<const double> column, std::vector<double>& workspace) {
    copy_finite(column, workspace);
    if (workspace.empty()) return {};

    ColumnScale s;
    s.median = quantile_in_place(workspace, 0.5);
    for (double& v : workspace) v = std::abs(v - s.median); // the values are not needed again...
    const double mad = quantile_in_place(workspace, 0.5);
    if (mad > 0 && std::isfinite(mad)) {
        s.scale = kMadToSd * mad;
        return s;
    }
    copy_finite(column, workspace); // ...unless the MAD is 0 (rare): copy them again
    const double iqr = quantile_in_place(workspace, 0.75) - quantile_in_place(workspace, 0.25);
    if (iqr > 0 && std::isfinite(iqr)) {
        s.scale = iqr * kIqrToSd;
        return s;
    }
    const double sd = standard_deviation(workspace);
    s.scale = sd > 0 && std::isfinite(sd) ? sd : 1.0;
    return s;
}

} // namespace sentinel::forensic
