// Why a row was flagged, in the spreadsheet user's terms: its columns ranked by |robust z| (for
// both methods, so that the reason always speaks in robust SDs from the column's median) and a
// one-line reason built from the leading column, e.g.
//   "amount = 98000 is 14.2 robust SDs above the median (410) + 2 more columns".
#pragma once

#include "detection/anomaly_detection.hpp"
#include "detection/robust_scaling.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sentinel::forensic {

// A cell counts as standing out from this many robust SDs.
inline constexpr double kStandsOutSds = 3.0;

struct Explanation {
    std::vector<Contribution> top_columns; // at most `top`, largest |deviation| first (ties: file order)
    std::string reason;
};

// `scales` has one entry per column of `table`; `row` is 0-based.
Explanation explain_row(const NumericTable& table, const std::vector<ColumnScale>& scales, std::size_t row,
                        std::size_t top);

} // namespace sentinel::forensic
