#include "monitors/rollup.hpp"

#include "storage/database.hpp"

#include <string>

namespace sentinel::host {
namespace {

// Merges `excluded` into an existing bucket: sums add, extremes combine (NULL = no sample).
constexpr const char* kMerge =
    " ON CONFLICT (monitor_id, resolution, bucket_start) DO UPDATE SET "
    "checks = monitor_rollups.checks + excluded.checks, "
    "up_checks = monitor_rollups.up_checks + excluded.up_checks, "
    "degraded_checks = monitor_rollups.degraded_checks + excluded.degraded_checks, "
    "response_time_sum = monitor_rollups.response_time_sum + excluded.response_time_sum, "
    "response_time_count = monitor_rollups.response_time_count + excluded.response_time_count, "
    "response_time_min = CASE WHEN monitor_rollups.response_time_min IS NULL OR "
    "excluded.response_time_min < monitor_rollups.response_time_min THEN excluded.response_time_min "
    "ELSE monitor_rollups.response_time_min END, "
    "response_time_max = CASE WHEN monitor_rollups.response_time_max IS NULL OR "
    "excluded.response_time_max > monitor_rollups.response_time_max THEN excluded.response_time_max "
    "ELSE monitor_rollups.response_time_max END";

constexpr const char* kColumns =
    "INSERT INTO monitor_rollups (monitor_id, resolution, bucket_start, checks, up_checks, degraded_checks, "
    "response_time_sum, response_time_count, response_time_min, response_time_max) ";

} // namespace

RollupReport roll_up(Database& db, std::int64_t now_ms, std::int64_t raw_retention_ms, std::int64_t minute_retention_ms) {
    RollupReport report;
    const std::int64_t raw_cutoff = (now_ms - raw_retention_ms) / 60000 * 60000;
    const std::int64_t minute_cutoff = (now_ms - minute_retention_ms) / 3600000 * 3600000;
    {
        auto tx = db.begin();
        tx->execute(std::string(kColumns) +
                        "SELECT monitor_id, 'minute', (checked_at / 60000) * 60000, COUNT(*), SUM(is_up), "
                        "SUM(degraded), COALESCE(SUM(response_time), 0), COUNT(response_time), MIN(response_time), "
                        "MAX(response_time) FROM monitor_results WHERE checked_at < ? "
                        "GROUP BY monitor_id, (checked_at / 60000) * 60000" + kMerge,
                    {DbValue{raw_cutoff}});
        report.raw_rolled = tx->execute("DELETE FROM monitor_results WHERE checked_at < ?", {DbValue{raw_cutoff}});
        tx->commit();
    }
    {
        auto tx = db.begin();
        tx->execute(std::string(kColumns) +
                        "SELECT monitor_id, 'hour', (bucket_start / 3600000) * 3600000, SUM(checks), SUM(up_checks), "
                        "SUM(degraded_checks), SUM(response_time_sum), SUM(response_time_count), "
                        "MIN(response_time_min), MAX(response_time_max) FROM monitor_rollups "
                        "WHERE resolution = 'minute' AND bucket_start < ? "
                        "GROUP BY monitor_id, (bucket_start / 3600000) * 3600000" + kMerge,
                    {DbValue{minute_cutoff}});
        report.minutes_rolled = tx->execute(
            "DELETE FROM monitor_rollups WHERE resolution = 'minute' AND bucket_start < ?", {DbValue{minute_cutoff}});
        tx->commit();
    }
    return report;
}

} // namespace sentinel::host
