#include "scan_progress.hpp"

#include <algorithm>

namespace sentinel::forensic {
namespace {

constexpr double kReadingShare = 40;
constexpr std::size_t kSampleBytes = 64 * 1024;
// Spreadsheet rows have no byte count to measure against: the reading share approaches its end
// as rows come in, reaching half of it at this many rows.
constexpr double kSpreadsheetHalfwayRows = 20000;

} // namespace

void ProgressBoard::add(std::int64_t id, ScanProgress initial) {
    std::lock_guard lock(mutex_);
    scans_[id] = std::move(initial);
}

void ProgressBoard::update(std::int64_t id, std::string_view phase, std::size_t rows_read, double percent) {
    std::lock_guard lock(mutex_);
    const auto it = scans_.find(id);
    if (it == scans_.end()) return;
    auto& scan = it->second;
    scan.status = "running";
    scan.phase = phase;
    scan.rows_read = std::max(scan.rows_read, rows_read);
    scan.percent = std::max(scan.percent, std::clamp(percent, 0.0, 99.0));
}

void ProgressBoard::remove(std::int64_t id) {
    std::lock_guard lock(mutex_);
    scans_.erase(id);
}

std::optional<ScanProgress> ProgressBoard::find(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    const auto it = scans_.find(id);
    if (it == scans_.end()) return std::nullopt;
    return it->second;
}

ProgressScale::ProgressScale(FileKind kind, std::string_view file) {
    if (kind != FileKind::Csv || file.empty()) return;
    const auto sample = file.substr(0, kSampleBytes);
    const auto lines = std::max<std::size_t>(1, static_cast<std::size_t>(std::count(sample.begin(), sample.end(), '\n')));
    const double bytes_per_row = static_cast<double>(sample.size()) / static_cast<double>(lines);
    expected_rows_ = std::max(1.0, static_cast<double>(file.size()) / bytes_per_row);
}

double ProgressScale::reading(std::size_t rows_read) const {
    const auto rows = static_cast<double>(rows_read);
    const double done = expected_rows_ > 0 ? rows / expected_rows_ : rows / (rows + kSpreadsheetHalfwayRows);
    return std::min(kReadingShare - 1, kReadingShare * done);
}

double ProgressScale::detecting(std::string_view phase, double fraction) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    if (phase == "normalising") return 40 + 10 * fraction;
    if (phase == "training") return 50 + 20 * fraction;
    if (phase == "scoring") return 70 + 29 * fraction;
    return kReadingShare;
}

} // namespace sentinel::forensic
