// Keeps years of history small: raw results older than the raw retention become per-minute
// aggregates, and per-minute aggregates older than their retention become per-hour ones.
#pragma once

#include <cstdint>

namespace sentinel::host {

class Database;

struct RollupReport {
    std::int64_t raw_rolled = 0;    // raw results folded into minute aggregates
    std::int64_t minutes_rolled = 0; // minute aggregates folded into hour aggregates
};

RollupReport roll_up(Database& db, std::int64_t now_ms, std::int64_t raw_retention_ms, std::int64_t minute_retention_ms);

} // namespace sentinel::host
