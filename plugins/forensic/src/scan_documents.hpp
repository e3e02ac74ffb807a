// The JSON documents of the read routes: a history entry (GET /audit/logs) and a scan's status
// (GET /audit/scan/{id}).
#pragma once

#include "scan_progress.hpp"
#include "scan_store.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace sentinel::forensic {

// The spec's timestamp, total_scanned, threats_detected, threshold_used, plus who, what and how.
nlohmann::json history_entry(const ScanRecord& record);

// `live` is the in-memory progress, read before `record`: it answers while the stored scan is
// still queued or running; a finished scan answers from the store.
nlohmann::json scan_status(const ScanRecord& record, const std::optional<ScanProgress>& live);

} // namespace sentinel::forensic
