#include "scan_documents.hpp"

#include <sentinel/sdk/time.hpp>

namespace sentinel::forensic {

using json = nlohmann::json;

json history_entry(const ScanRecord& r) {
    return {{"scan_id", std::to_string(r.id)},
            {"timestamp", sdk::iso_utc(r.created_at_ms)},
            {"total_scanned", r.total_scanned},
            {"threats_detected", r.threats_detected},
            {"threshold_used", r.threshold},
            {"file_name", r.file_name},
            {"file_bytes", r.file_bytes},
            {"file_kind", r.file_kind},
            {"method", r.method},
            {"duration_ms", r.duration_ms},
            {"scanned_by", r.scanned_by},
            {"status", r.status},
            {"error", r.error.empty() ? json(nullptr) : json(r.error)}};
}

json scan_status(const ScanRecord& r, const std::optional<ScanProgress>& live) {
    json out = {{"scan_id", std::to_string(r.id)},
                {"file_name", r.file_name},
                {"created_at", sdk::iso_utc(r.created_at_ms)},
                {"status", r.status}};
    if (r.status == "done") {
        out["phase"] = "done";
        out["rows_read"] = r.total_scanned;
        out["progress_percent"] = 100;
        out["result"] = r.result;
    } else if (r.status == "failed") {
        out["phase"] = "failed";
        out["rows_read"] = 0;
        out["progress_percent"] = 100;
        out["error"] = r.error;
    } else if (live) {
        out["status"] = live->status;
        out["phase"] = live->phase;
        out["rows_read"] = live->rows_read;
        out["progress_percent"] = live->percent;
    } else {
        out["phase"] = r.status == "running" ? "reading" : "queued";
        out["rows_read"] = 0;
        out["progress_percent"] = 0;
    }
    return out;
}

} // namespace sentinel::forensic
