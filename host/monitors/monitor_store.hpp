// SQL for the monitors resource: CRUD, the list's filters and pages, the schedule that pull
// checks are claimed from (shared by every host through the database, so several hosts can
// split the work), history and incidents.
#pragma once

#include "monitors/monitor_record.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sentinel::host {

class Database;

// Which monitors a caller sees: every one (admins), or those of one team (or of no team).
struct MonitorScope {
    bool all_teams = false;
    std::optional<std::string> team_id;
};

struct MonitorListQuery {
    std::optional<std::string> search;
    std::optional<std::string> status;
    std::optional<std::string> type;
    std::optional<double> interval;
    std::string sort = "created_at";
    bool descending = true;
    std::int64_t page = 1;
    std::int64_t per_page = 20;
};

struct DueCheck {
    MonitorRecord monitor;
    std::string region;
    std::int64_t due_at = 0;
};

class MonitorStore {
public:
    explicit MonitorStore(Database& db) : db_(db) {}

    // Inserts the monitor and its schedule rows (due now); returns the new id.
    std::int64_t insert(const MonitorRecord& m, std::int64_t now_ms);
    // Writes the editable fields; reschedules when the interval or the regions changed.
    void update(const MonitorRecord& m, std::int64_t now_ms, bool reschedule);
    // Deletes the monitor and everything recorded about it. False when it did not exist.
    bool remove(std::int64_t id);
    bool set_paused(std::int64_t id, bool paused, std::int64_t now_ms);
    // Push monitors: when the next ping is due.
    void set_expected(std::int64_t id, std::optional<std::int64_t> expected_at_ms);

    std::optional<MonitorRecord> get(std::int64_t id, const MonitorScope& scope);
    std::optional<MonitorRecord> by_token(const std::string& token);
    std::pair<std::vector<MonitorRecord>, std::int64_t> list(const MonitorListQuery& q, const MonitorScope& scope);

    nlohmann::json incidents(std::int64_t id, std::int64_t limit, std::int64_t offset);
    std::int64_t incident_count(std::int64_t id);
    nlohmann::json recent_results(std::int64_t id, std::int64_t limit);
    // Response-time history between two instants, from raw results and rollups.
    nlohmann::json history(std::int64_t id, std::int64_t from_ms, std::int64_t to_ms, const std::string& resolution);

    // Claims up to `limit` checks of `region` due by `now`: their next time moves one interval
    // on, with a conditional update so two hosts never claim the same check.
    std::vector<DueCheck> claim_due(const std::string& region, std::int64_t now_ms, std::size_t limit);
    // Push monitors whose ping is overdue (expected + grace < now) and that are not offline yet.
    std::vector<std::int64_t> overdue_push(std::int64_t now_ms, std::size_t limit);

private:
    Database& db_;
};

} // namespace sentinel::host
