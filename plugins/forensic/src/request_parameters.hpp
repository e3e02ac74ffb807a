// The query parameters of the forensic routes, validated: every problem is collected and answered
// as one 422 naming each parameter.
#pragma once

#include <sentinel/sdk/http.hpp>

#include <cstdint>
#include <string>

namespace sentinel::forensic {

// POST /audit/scan: ?threshold (a quantile in [0.5, 0.9999]), ?method, ?async.
struct ScanParameters {
    double threshold = 0.98;
    std::string method = "auto"; // auto, autoencoder, statistical
    bool async = false;
};
ScanParameters parse_scan_parameters(const sdk::Request& request, double default_threshold);

// GET /audit/logs: ?limit (1..500, default 50), ?offset (>= 0), ?status.
struct HistoryQuery {
    std::int64_t limit = 50;
    std::int64_t offset = 0;
    std::string status; // empty: every status
};
HistoryQuery parse_history_query(const sdk::Request& request);

bool valid_threshold(double quantile) noexcept;

} // namespace sentinel::forensic
