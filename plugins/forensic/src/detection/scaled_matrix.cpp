#include "detection/scaled_matrix.hpp"

#include <algorithm>

namespace sentinel::forensic {

ScaledTable scale_table(const NumericTable& table, float clip) {
    ScaledTable out;
    const auto rows = static_cast<Eigen::Index>(table.rows);
    const auto cols = static_cast<Eigen::Index>(table.columns.size());
    out.scales.reserve(table.columns.size());
    for (const auto& column : table.data) out.scales.push_back(robust_scale_of(column));
    out.z.resize(rows, cols);
    for (Eigen::Index c = 0; c < cols; ++c) {
        const auto& column = table.data[static_cast<std::size_t>(c)];
        const auto& scale = out.scales[static_cast<std::size_t>(c)];
        for (Eigen::Index r = 0; r < rows; ++r)
            out.z(r, c) = std::clamp(static_cast<float>(robust_z(column[static_cast<std::size_t>(r)], scale)), -clip, clip);
    }
    return out;
}

} // namespace sentinel::forensic
