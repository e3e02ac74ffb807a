// One scan from bytes to result document: read the file, detect anomalies, shape the answer.
// Progress goes to a callback; a set `cancel` flag stops the scan at its next progress point.
#pragma once

#include "forensic_settings.hpp"
#include "readers/numeric_table.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sentinel::forensic {

struct ScanRequest {
    std::string file_name;
    FileKind kind = FileKind::Csv;
    std::string method = "auto"; // auto, autoencoder, statistical
    double threshold = 0.98;
    std::string scanned_by;      // the API key's name
};

const char* file_kind_name(FileKind kind) noexcept; // "csv", "xls", "xlsx"

class ScanCancelled : public std::runtime_error {
public:
    ScanCancelled() : std::runtime_error("cancelled: the server is stopping") {}
};

// phase, rows read so far, percent of the whole scan (0..99)
using ScanProgressSink = std::function<void(std::string_view phase, std::size_t rows_read, double percent)>;

// The result document of GET /audit/scan/{id} and of a synchronous POST (see README.md).
// Throws ReadError for a file the readers refuse and ScanCancelled when `cancel` was set.
nlohmann::json run_scan(std::int64_t scan_id, const ScanRequest& request, std::string_view file,
                        const ForensicSettings& settings,
                        const ScanProgressSink& progress, const std::atomic<bool>& cancel);

} // namespace sentinel::forensic
