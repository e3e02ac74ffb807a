// ISO 8601 UTC timestamps with second precision ("2026-02-01T10:30:00Z"), as the spec shows them.
#pragma once

#include <cstdint>
#include <string>

namespace sentinel::kestra {

// Formats Unix milliseconds; the sub-second part is dropped (rounded towards the past).
std::string iso_utc(std::int64_t unix_ms);

} // namespace sentinel::kestra
