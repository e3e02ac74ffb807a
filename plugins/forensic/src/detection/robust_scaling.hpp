// Robust per-column scaling: z = (x - median) / scale, with scale = 1.4826 * MAD (the standard
// deviation for normal data, unmoved by outliers), falling back to IQR / 1.349, then the standard
// deviation, then 1 for columns where those are zero. Missing values (NaN) get z = 0.
#pragma once

#include <cstddef>
#include <vector>

namespace sentinel::forensic {

struct ColumnScale {
    double median = 0;
    double scale = 1;
};

ColumnScale robust_scale_of(const std::vector<double>& column);

// z-score of `value` for `scale` (0 for NaN).
inline double robust_z(double value, const ColumnScale& scale) noexcept {
    return value != value ? 0.0 : (value - scale.median) / scale.scale;
}

} // namespace sentinel::forensic
