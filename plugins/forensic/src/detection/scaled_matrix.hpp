// The table as robust z-scores in one row-major float matrix (what both detectors consume),
// clipped to +-clip so that one absurd cell cannot dominate a model.
#pragma once

#include "detection/robust_scaling.hpp"
#include "readers/numeric_table.hpp"

#include <Eigen/Core>

#include <vector>

namespace sentinel::forensic {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct ScaledTable {
    std::vector<ColumnScale> scales; // per column
    RowMatrix z;                     // rows x columns, clipped; missing cells are 0
};

// Columns are scaled in parallel (OpenCV's thread pool).
ScaledTable scale_table(const NumericTable& table, float clip);

} // namespace sentinel::forensic
