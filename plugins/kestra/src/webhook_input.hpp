// Validation and parsing of POST /api/kestra-webhook bodies. Pure: every problem is collected and
// reported at once as 400 "Invalid webhook body" with details, and nothing is stored on failure.
#pragma once

#include "status_rules.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::kestra {

inline constexpr std::size_t kMaxAiReportBytes = 65536;
inline constexpr std::size_t kMaxMetrics = 500;
inline constexpr std::size_t kMaxServiceNameLength = 64;
inline constexpr std::size_t kMaxExecutionIdLength = 128;

// 1..64 characters of [A-Za-z0-9_.-].
bool valid_service_name(std::string_view name) noexcept;
// 1..128 characters of [A-Za-z0-9_.:-].
bool valid_execution_id(std::string_view id) noexcept;

// "ins-<epoch ms>-<12 random hex digits>", from a freshly seeded random generator.
std::string generate_execution_id(std::int64_t now_ms);

struct ServiceMetric {
    std::string name;
    std::int64_t code;
    Status status;
};

struct WebhookInput {
    std::string ai_report;
    nlohmann::json metrics;              // the snapshot kept with the insight (all members)
    std::vector<ServiceMetric> services; // in name order
    std::string execution_id;            // from the body, the header, or generated
    bool execution_id_generated = false;
};

// Parses and validates `body`; `header_execution_id` is the X-Kestra-Execution-Id header, if
// any (the body's "executionId" wins when both are given). Throws sdk::HttpError(400) with
// {"details": {"formErrors": [...], "fieldErrors": {...}}} listing every problem.
WebhookInput parse_webhook(std::string_view body, const std::optional<std::string>& header_execution_id,
                           std::int64_t now_ms);

} // namespace sentinel::kestra
