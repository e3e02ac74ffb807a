#include "detection/scaled_matrix.hpp"

#include <opencv2/core/utility.hpp>

#include <algorithm>

namespace sentinel::forensic {
namespace {

// Rows filled per task: a block of the row-major matrix stays in cache while every column's
// segment is read sequentially.
constexpr Eigen::Index kBlockRows = 4096;

} // namespace

ScaledTable scale_table(const NumericTable& table, float clip) {
    ScaledTable out;
    const auto rows = static_cast<Eigen::Index>(table.rows);
    const auto cols = static_cast<Eigen::Index>(table.columns.size());
    out.scales.resize(table.columns.size());
    // One stripe per thread, so that each thread reuses one workspace for all its columns.
    cv::parallel_for_(
        cv::Range(0, static_cast<int>(cols)),
        [&](const cv::Range& range) {
            std::vector<double> workspace;
            workspace.reserve(table.rows);
            for (int c = range.start; c < range.end; ++c)
                out.scales[static_cast<std::size_t>(c)] = robust_scale_of(table.data[static_cast<std::size_t>(c)], workspace);
        },
        std::max(1, cv::getNumThreads()));

    out.z.resize(rows, cols);
    const double limit = clip; // clamped as double: a huge z must not overflow a float
    const auto blocks = static_cast<int>((rows + kBlockRows - 1) / kBlockRows);
    cv::parallel_for_(cv::Range(0, blocks), [&](const cv::Range& range) {
        for (int block = range.start; block < range.end; ++block) {
            const Eigen::Index begin = Eigen::Index{block} * kBlockRows, end = std::min(rows, begin + kBlockRows);
            for (Eigen::Index c = 0; c < cols; ++c) {
                const auto& column = table.data[static_cast<std::size_t>(c)];
                const ColumnScale& scale = out.scales[static_cast<std::size_t>(c)];
                for (Eigen::Index r = begin; r < end; ++r)
                    out.z(r, c) = static_cast<float>(
                        std::clamp(robust_z(column[static_cast<std::size_t>(r)], scale), -limit, limit));
            }
        }
    });
    return out;
}

} // namespace sentinel::forensic
