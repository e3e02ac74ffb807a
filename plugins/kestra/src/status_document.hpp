// The JSON documents the routes answer with, built from stored rows. Pure.
#pragma once

#include "monitor_bindings.hpp"
#include "status_store.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace sentinel::kestra {

// GET /api/status (and each SSE "status" event):
//   {"services": {name: {"status", "code", "lastUpdated", "source", "monitorId"?}},
//    "aiAnalysis": text or "", "lastUpdated": ISO or null}
// Services bound to monitors but never observed appear as unknown, code 0, lastUpdated null.
nlohmann::json status_document(const StatusSnapshot& snapshot, const MonitorBindings& bindings);

// {"activity": [{"id", "message", "type", "severity", "timestamp"}]}
nlohmann::json activity_document(const std::vector<ActivityEntry>& entries);

// {"insights": [{"id", "analysis", "metrics", "summary", "timestamp"}]}
nlohmann::json insights_document(const std::vector<InsightEntry>& entries);

} // namespace sentinel::kestra
