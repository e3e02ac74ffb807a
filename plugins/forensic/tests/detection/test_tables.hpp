// Seeded tables for the detection tests.
#pragma once

#include "detection/anomaly_detection.hpp"

#include <cstddef>
#include <random>
#include <set>
#include <string>

namespace sentinel::forensic::testing {

// rows x cols independent normals with mean 100 and SD 10; columns named c0, c1, ...
inline NumericTable gaussian_table(std::size_t rows, std::size_t cols, unsigned seed = 1) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0, 1);
    NumericTable t;
    t.rows = rows;
    for (std::size_t c = 0; c < cols; ++c) {
        t.columns.push_back("c" + std::to_string(c));
        t.data.emplace_back(rows);
        for (auto& v : t.data.back()) v = 100 + 10 * normal(rng);
    }
    return t;
}

// Shifts `count` evenly spread rows by +8 SDs in column `up` and -8 SDs in column `down`; returns
// their spreadsheet row numbers (data row r is row r + 2).
inline std::set<std::size_t> inject_shifted_rows(NumericTable& t, std::size_t count, std::size_t up, std::size_t down) {
    std::set<std::size_t> rows;
    const std::size_t step = t.rows / count;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t r = 17 + i * step;
        t.data[up][r] += 80;
        t.data[down][r] -= 80;
        rows.insert(r + 2);
    }
    return rows;
}

inline std::set<std::size_t> rows_of(const DetectionResult& result) {
    std::set<std::size_t> out;
    for (const auto& t : result.threats) out.insert(t.row);
    return out;
}

} // namespace sentinel::forensic::testing
