#include "scan_runner.hpp"

#include "detection/anomaly_detection.hpp"
#include "scan_progress.hpp"

#include <chrono>
#include <cmath>

namespace sentinel::forensic {
namespace {

using json = nlohmann::json;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

double two_decimals(double v) { return std::round(v * 100) / 100; }

json threat_document(const Threat& threat) {
    json columns = json::array();
    for (const auto& c : threat.top_columns)
        columns.push_back({{"column", c.column}, {"value", number_or_null(c.value)},
                           {"deviation", number_or_null(two_decimals(c.deviation))}});
    return {{"row", threat.row}, {"score", number_or_null(threat.score)}, {"columns", columns}, {"reason", threat.reason}};
}

DetectionOptions detection_options(const ScanRequest& request, const ForensicSettings& settings) {
    DetectionOptions options;
    options.threshold_quantile = request.threshold;
    options.autoencoder_enabled =
        request.method == "autoencoder" || (request.method == "auto" && settings.autoencoder);
    options.autoencoder_min_rows = static_cast<std::size_t>(settings.autoencoder_min_rows);
    options.training_sample_rows = static_cast<std::size_t>(settings.training_sample_rows);
    options.max_threats = static_cast<std::size_t>(settings.max_threats_returned);
    return options;
}

} // namespace

const char* file_kind_name(FileKind kind) noexcept {
    switch (kind) {
    case FileKind::Csv: return "csv";
    case FileKind::Xls: return "xls";
    case FileKind::Xlsx: return "xlsx";
    }
    return "unknown";
}

json run_scan(std::int64_t scan_id, const ScanRequest& request, std::string_view file, const ForensicSettings& settings,
              const ScanProgressSink& progress, const std::atomic<bool>& cancel) {
    const auto started = std::chrono::steady_clock::now();
    const ProgressScale scale(request.kind, file);
    const auto report = [&](std::string_view phase, std::size_t rows, double percent) {
        if (progress) progress(phase, rows, percent);
    };

    NumericTable table;
    try {
        report("reading", 0, 0);
        table = read_table(request.kind, file, {}, [&](std::size_t rows) {
            report("reading", rows, scale.reading(rows));
            return !cancel.load();
        });
    } catch (const ReadError&) {
        if (cancel.load()) throw ScanCancelled();
        throw;
    }

    const auto detection = detect_anomalies(table, detection_options(request, settings), [&](const char* phase, double fraction) {
        if (cancel.load()) throw ScanCancelled();
        report(phase, table.rows, ProgressScale::detecting(phase, fraction));
    });

    json threats = json::array();
    for (const auto& threat : detection.threats) threats.push_back(threat_document(threat));
    const auto elapsed = std::chrono::steady_clock::now() - started;
    json result = {{"scan_id", std::to_string(scan_id)},
                   {"file_name", request.file_name},
                   {"threats", std::move(threats)},
                   {"total_scanned", detection.total_scanned},
                   {"threats_detected", detection.threats_detected},
                   {"threshold_used", detection.threshold_used},
                   {"score_cutoff", number_or_null(detection.score_cutoff)},
                   {"method", method_name(detection.method)},
                   {"columns_scanned", table.columns},
                   {"columns_dropped", table.dropped_columns},
                   {"duration_ms", std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()}};
    if (!detection.note.empty()) result["note"] = detection.note;
    return result;
}

} // namespace sentinel::forensic
