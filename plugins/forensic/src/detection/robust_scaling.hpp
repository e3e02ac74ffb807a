// Robust per-column scaling: z = (x - median) / scale, with scale = 1.4826 * MAD (the standard
// deviation for normal data, unmoved by outliers), falling back to IQR / 1.349, then the standard
// deviation, then 1, for columns where those are zero. NaN and infinite cells are left out of the
// estimate; a missing value (NaN) gets z = 0, i.e. it counts as the column's median.
#pragma once

#include <span>
#include <vector>

namespace sentinel::forensic {

struct ColumnScale {
    double median = 0; // of an even count: the lower of the two middle values
    double scale = 1;  // always > 0
};

ColumnScale robust_scale_of(std::span<const double> column);
// The same, reusing `workspace` (its contents are overwritten): scaling many columns in a row then
// costs one buffer instead of two fresh ones per column.
ColumnScale robust_scale_of(std::span<const double> column, std::vector<double>& workspace);

// z-score of `value` for `scale` (0 for NaN).
inline double robust_z(double value, const ColumnScale& scale) noexcept {
    return value != value ? 0.0 : (value - scale.median) / scale.scale;
}

} // namespace sentinel::forensic
