// Live progress of the scans this process is running, by scan id: status, phase, rows read and a
// percentage that never goes back and stays below 100 until the scan is finished (then the
// stored result answers). Thread-safe.
#pragma once

#include "readers/numeric_table.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace sentinel::forensic {

struct ScanProgress {
    std::string status = "queued"; // queued, running
    std::string phase = "queued";  // queued, reading, normalising, training, scoring
    std::size_t rows_read = 0;
    double percent = 0;
};

class ProgressBoard {
public:
    void add(std::int64_t id, ScanProgress initial = {});
    // Moves the scan on: the percent is kept when lower than before and capped at 99.
    void update(std::int64_t id, std::string_view phase, std::size_t rows_read, double percent);
    void remove(std::int64_t id);
    std::optional<ScanProgress> find(std::int64_t id) const;

private:
    mutable std::mutex mutex_;
    std::map<std::int64_t, ScanProgress> scans_;
};

// Where a scan stands, as a share of the whole work: reading takes 0-40%, normalising 40-50%,
// training 50-70% and scoring 70-99%.
class ProgressScale {
public:
    // For a CSV file, the bytes per row of its first 64 KiB give the rows to expect.
    ProgressScale(FileKind kind, std::string_view file);
    double reading(std::size_t rows_read) const;
    static double detecting(std::string_view phase, double fraction);

private:
    double expected_rows_ = 0; // 0 when unknown (spreadsheets)
};

} // namespace sentinel::forensic
