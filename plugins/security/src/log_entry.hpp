// Spec 001's LogEntry from JSON: every field checked, every problem reported at once.
#pragma once

#include "detectors/threat_model.hpp"

#include <sentinel/sdk/http.hpp>

#include <optional>
#include <string>

namespace sentinel::security {

constexpr std::size_t kMaxMessageBytes = 65536;
constexpr std::size_t kMaxMetadataBytes = 16384;
constexpr std::size_t kMaxSourceBytes = 256;

// The entry, or nullopt with the problems added to `errors` under `prefix` + field name
// ("entries[3]." for a batch).
std::optional<LogEntry> parse_log_entry(const nlohmann::json& body, sdk::ValidationErrors& errors,
                                        const std::string& prefix = "");

} // namespace sentinel::security
