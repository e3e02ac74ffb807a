#include "app/monitor_commands.hpp"

#include "monitors/monitor_schema.hpp"
#include "monitors/rollup.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

#include <chrono>
#include <iostream>

namespace sentinel::host {

int run_monitors_rollup(const Settings& settings) {
    auto db = Database::open(DatabaseConfig{settings.database_url, 2, settings.sqlite_synchronous});
    apply_migrations(*db, "monitors", monitor_migrations());
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    auto report = roll_up(*db, now, std::int64_t{settings.monitors.raw_retention_hours} * 3600000,
                          std::int64_t{settings.monitors.minute_retention_days} * 86400000);
    std::cout << "rolled up " << report.raw_rolled << " raw results older than "
              << settings.monitors.raw_retention_hours << " h into per-minute aggregates, and "
              << report.minutes_rolled << " per-minute aggregates older than "
              << settings.monitors.minute_retention_days << " days into per-hour aggregates\n";
    return 0;
}

} // namespace sentinel::host
