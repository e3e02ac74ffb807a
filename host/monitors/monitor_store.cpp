#include "monitors/monitor_store.hpp"

#include "storage/database.hpp"

#include <algorithm>
#include <map>

namespace sentinel::host {
namespace {

struct Where {
    std::string sql;
    std::vector<DbValue> params;
    void add(std::string clause) { sql += (sql.empty() ? " WHERE " : " AND ") + clause; }
    void add(std::string clause, DbValue v) {
        add(std::move(clause));
        params.push_back(std::move(v));
    }
};

void add_scope(Where& w, const MonitorScope& scope) {
    if (scope.all_teams) return;
    if (scope.team_id) w.add("team_id = ?", *scope.team_id);
    else w.add("team_id IS NULL");
}

DbValue opt(const std::optional<std::string>& v) { return v ? DbValue{*v} : DbValue{}; }
DbValue opt(const std::optional<std::int64_t>& v) { return v ? DbValue{*v} : DbValue{}; }
DbValue opt(const std::optional<double>& v) { return v ? DbValue{*v} : DbValue{}; }
DbValue text(const nlohmann::json& j) { return DbValue{j.dump()}; }

std::string like_pattern(const std::string& s) {
    std::string out = "%";
    for (char c : s) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out + "%";
}

std::int64_t interval_ms(const MonitorRecord& m) {
    return static_cast<std::int64_t>(m.check_interval.value_or(1.0) * 60000.0);
}

std::vector<MonitorRecord> select_monitors(Database& db, const std::string& tail, std::span<const DbValue> params) {
    std::vector<MonitorRecord> out;
    db.execute(std::string("SELECT ") + kMonitorColumns + " FROM monitors" + tail, params,
               [&](const std::vector<std::string>&, const std::vector<DbValue>& row) {
                   out.push_back(monitor_from_row(row));
                   return true;
               });
    return out;
}

void insert_schedule(Database::Transaction& tx, const MonitorRecord& m, std::int64_t due_at) {
    if (m.is_push()) return;
    for (const auto& region : m.monitored_regions)
        tx.execute("INSERT INTO monitor_schedule (monitor_id, region, next_check_at) VALUES (?, ?, ?)",
                   {DbValue{m.id}, DbValue{region.get<std::string>()}, DbValue{due_at}});
}

} // namespace

std::int64_t MonitorStore::insert(const MonitorRecord& m, std::int64_t now_ms) {
    auto tx = db_.begin();
    std::int64_t id = 0;
    const std::vector<DbValue> params = {
        opt(m.team_id), DbValue{m.monitor_type}, opt(m.friendly_name), opt(m.url), opt(m.port),
        opt(m.check_interval), text(m.check_types), text(m.monitored_regions), text(m.settings),
        opt(m.heartbeat_interval), opt(m.heartbeat_cron_expression), opt(m.heartbeat_timezone),
        opt(m.heartbeat_grace), opt(m.ping_token), DbValue{std::int64_t{m.failure_threshold}},
        DbValue{std::int64_t{m.is_paused ? 1 : 0}}, opt(m.heartbeat_expected_at), DbValue{now_ms}, DbValue{now_ms}};
    tx->execute("INSERT INTO monitors (team_id, monitor_type, friendly_name, url, port, check_interval, check_types, "
                "monitored_regions, settings, heartbeat_interval, heartbeat_cron_expression, heartbeat_timezone, "
                "heartbeat_grace, ping_token, failure_threshold, is_paused, heartbeat_expected_at, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                params, [&](const auto&, const std::vector<DbValue>& row) {
                    id = cell_int(row.at(0)).value_or(0);
                    return false;
                });
    MonitorRecord stored = m;
    stored.id = id;
    insert_schedule(*tx, stored, now_ms);
    tx->commit();
    return id;
}

void MonitorStore::update(const MonitorRecord& m, std::int64_t now_ms, bool reschedule) {
    auto tx = db_.begin();
    const std::vector<DbValue> params = {
        opt(m.friendly_name), opt(m.url), opt(m.port), opt(m.check_interval), text(m.check_types),
        text(m.monitored_regions), text(m.settings), opt(m.heartbeat_interval), opt(m.heartbeat_cron_expression),
        opt(m.heartbeat_timezone), opt(m.heartbeat_grace), DbValue{std::int64_t{m.failure_threshold}},
        DbValue{std::int64_t{m.is_paused ? 1 : 0}}, opt(m.heartbeat_expected_at), DbValue{now_ms}, DbValue{m.id}};
    tx->execute("UPDATE monitors SET friendly_name = ?, url = ?, port = ?, check_interval = ?, check_types = ?, "
                "monitored_regions = ?, settings = ?, heartbeat_interval = ?, heartbeat_cron_expression = ?, "
                "heartbeat_timezone = ?, heartbeat_grace = ?, failure_threshold = ?, is_paused = ?, "
                "heartbeat_expected_at = ?, updated_at = ? WHERE id = ?",
                params);
    if (reschedule) {
        tx->execute("DELETE FROM monitor_schedule WHERE monitor_id = ?", {DbValue{m.id}});
        insert_schedule(*tx, m, now_ms);
    }
    tx->commit();
}

bool MonitorStore::remove(std::int64_t id) {
    auto tx = db_.begin();
    auto n = tx->execute("DELETE FROM monitors WHERE id = ?", {DbValue{id}});
    for (const char* table : {"monitor_schedule", "monitor_results", "monitor_rollups", "monitor_incidents"})
        tx->execute(std::string("DELETE FROM ") + table + " WHERE monitor_id = ?", {DbValue{id}});
    tx->commit();
    return n > 0;
}

bool MonitorStore::set_paused(std::int64_t id, bool paused, std::int64_t now_ms) {
    return db_.execute("UPDATE monitors SET is_paused = ?, updated_at = ? WHERE id = ?",
                       {DbValue{std::int64_t{paused ? 1 : 0}}, DbValue{now_ms}, DbValue{id}}) > 0;
}

void MonitorStore::set_expected(std::int64_t id, std::optional<std::int64_t> expected_at_ms) {
    db_.execute("UPDATE monitors SET heartbeat_expected_at = ? WHERE id = ?", {opt(expected_at_ms), DbValue{id}});
}

std::optional<MonitorRecord> MonitorStore::get(std::int64_t id, const MonitorScope& scope) {
    Where w;
    w.add("id = ?", id);
    add_scope(w, scope);
    auto rows = select_monitors(db_, w.sql, w.params);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::optional<MonitorRecord> MonitorStore::by_token(const std::string& token) {
    const std::vector<DbValue> params = {DbValue{token}};
    auto rows = select_monitors(db_, " WHERE ping_token = ?", params);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::pair<std::vector<MonitorRecord>, std::int64_t> MonitorStore::list(const MonitorListQuery& q,
                                                                      const MonitorScope& scope) {
    Where w;
    add_scope(w, scope);
    if (q.search) {
        auto p = like_pattern(*q.search);
        w.add("(LOWER(url) LIKE ? ESCAPE '\\' OR LOWER(friendly_name) LIKE ? ESCAPE '\\')");
        w.params.push_back(p);
        w.params.push_back(p);
    }
    if (q.status) w.add("status = ?", *q.status);
    if (q.type) w.add("monitor_type = ?", *q.type);
    if (q.interval) w.add("check_interval = ?", *q.interval);

    std::int64_t total = 0;
    db_.execute("SELECT COUNT(*) FROM monitors" + w.sql, w.params, [&](const auto&, const std::vector<DbValue>& row) {
        total = cell_int(row.at(0)).value_or(0);
        return false;
    });
    static const std::map<std::string, std::string> kSortColumns = {
        {"url", "url"}, {"status", "status"}, {"check_interval", "check_interval"},
        {"last_checked_at", "last_checked_at"}, {"created_at", "created_at"}};
    const std::string column = kSortColumns.at(q.sort);
    const std::string dir = q.descending ? " DESC" : " ASC";
    auto params = w.params;
    params.emplace_back(q.per_page);
    params.emplace_back((q.page - 1) * q.per_page);
    auto rows = select_monitors(db_,
                                w.sql + " ORDER BY (" + column + " IS NULL), " + column + dir + ", id" + dir +
                                    " LIMIT ? OFFSET ?",
                                params);
    return {std::move(rows), total};
}

nlohmann::json MonitorStore::incidents(std::int64_t id, std::int64_t limit, std::int64_t offset) {
    nlohmann::json out = nlohmann::json::array();
    db_.execute("SELECT id, started_at, resolved_at, cause, resolution FROM monitor_incidents WHERE monitor_id = ? "
                "ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?",
                {DbValue{id}, DbValue{limit}, DbValue{offset}}, [&](const auto&, const std::vector<DbValue>& r) {
                    auto started = cell_int(r[1]);
                    auto resolved = cell_int(r[2]);
                    nlohmann::json duration;
                    if (started && resolved) duration = (*resolved - *started) / 1000;
                    out.push_back({{"id", cell_int(r[0]).value_or(0)},
                                   {"started_at", iso_time(started)},
                                   {"resolved_at", iso_time(resolved)},
                                   {"is_resolved", resolved.has_value()},
                                   {"duration_seconds", duration},
                                   {"cause", cell_text(r[3]).value_or("")},
                                   {"resolution", cell_text(r[4]) ? nlohmann::json(*cell_text(r[4])) : nlohmann::json()}});
                    return true;
                });
    return out;
}

std::int64_t MonitorStore::incident_count(std::int64_t id) {
    std::int64_t n = 0;
    db_.execute("SELECT COUNT(*) FROM monitor_incidents WHERE monitor_id = ?", {DbValue{id}},
                [&](const auto&, const std::vector<DbValue>& r) {
                    n = cell_int(r[0]).value_or(0);
                    return false;
                });
    return n;
}

nlohmann::json MonitorStore::recent_results(std::int64_t id, std::int64_t limit) {
    nlohmann::json out = nlohmann::json::array();
    db_.execute("SELECT checked_at, response_time, is_up, degraded, status_code, region FROM monitor_results "
                "WHERE monitor_id = ? ORDER BY checked_at DESC, id DESC LIMIT ?",
                {DbValue{id}, DbValue{limit}}, [&](const auto&, const std::vector<DbValue>& r) {
                    auto rt = cell_double(r[1]);
                    auto code = cell_int(r[4]);
                    out.push_back({{"checked_at", iso_time(cell_int(r[0]))},
                                   {"response_time", rt ? nlohmann::json(*rt) : nlohmann::json()},
                                   {"is_up", cell_int(r[2]).value_or(0) != 0},
                                   {"degraded", cell_int(r[3]).value_or(0) != 0},
                                   {"status_code", code ? nlohmann::json(*code) : nlohmann::json()},
                                   {"region", cell_text(r[5]).value_or("")}});
                    return true;
                });
    std::reverse(out.begin(), out.end()); // oldest first, for charts
    return out;
}

nlohmann::json MonitorStore::history(std::int64_t id, std::int64_t from_ms, std::int64_t to_ms,
                                     const std::string& resolution) {
    struct Agg {
        std::int64_t checks = 0, up = 0, degraded = 0, rt_count = 0;
        double rt_sum = 0;
        std::optional<double> rt_min, rt_max;
        void add_rt(std::optional<double> lo, std::optional<double> hi) {
            if (lo) rt_min = rt_min ? std::min(*rt_min, *lo) : *lo;
            if (hi) rt_max = rt_max ? std::max(*rt_max, *hi) : *hi;
        }
    };
    const std::int64_t bucket = resolution == "hour" ? 3600000 : 60000;
    std::map<std::int64_t, Agg> buckets;
    db_.execute("SELECT checked_at, is_up, degraded, response_time FROM monitor_results WHERE monitor_id = ? AND "
                "checked_at >= ? AND checked_at < ?",
                {DbValue{id}, DbValue{from_ms}, DbValue{to_ms}}, [&](const auto&, const std::vector<DbValue>& r) {
                    auto& a = buckets[cell_int(r[0]).value_or(0) / bucket * bucket];
                    a.checks++;
                    a.up += cell_int(r[1]).value_or(0) != 0;
                    a.degraded += cell_int(r[2]).value_or(0) != 0;
                    if (auto rt = cell_double(r[3])) {
                        a.rt_count++;
                        a.rt_sum += *rt;
                        a.add_rt(rt, rt);
                    }
                    return true;
                });
    db_.execute("SELECT bucket_start, checks, up_checks, degraded_checks, response_time_sum, response_time_count, "
                "response_time_min, response_time_max, resolution FROM monitor_rollups WHERE monitor_id = ? AND "
                "bucket_start >= ? AND bucket_start < ?",
                {DbValue{id}, DbValue{from_ms / bucket * bucket}, DbValue{to_ms}},
                [&](const auto&, const std::vector<DbValue>& r) {
                    auto start = cell_int(r[0]).value_or(0);
                    // An hourly aggregate cannot be split into minutes: it stays one point at its hour.
                    auto& a = buckets[start / bucket * bucket];
                    a.checks += cell_int(r[1]).value_or(0);
                    a.up += cell_int(r[2]).value_or(0);
                    a.degraded += cell_int(r[3]).value_or(0);
                    a.rt_sum += cell_double(r[4]).value_or(0);
                    a.rt_count += cell_int(r[5]).value_or(0);
                    a.add_rt(cell_double(r[6]), cell_double(r[7]));
                    return true;
                });
    nlohmann::json points = nlohmann::json::array();
    for (const auto& [start, a] : buckets) {
        auto or_null = [](std::optional<double> v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
        points.push_back({{"time", iso_time(start)},
                          {"checks", a.checks},
                          {"up_checks", a.up},
                          {"degraded_checks", a.degraded},
                          {"uptime", a.checks ? static_cast<double>(a.up) * 100.0 / static_cast<double>(a.checks) : 0.0},
                          {"avg_response_time", a.rt_count ? nlohmann::json(a.rt_sum / static_cast<double>(a.rt_count)) : nlohmann::json()},
                          {"min_response_time", or_null(a.rt_min)},
                          {"max_response_time", or_null(a.rt_max)}});
    }
    return points;
}

std::vector<DueCheck> MonitorStore::claim_due(const std::string& region, std::int64_t now_ms, std::size_t limit) {
    std::vector<DueCheck> due;
    std::string sql = std::string("SELECT s.next_check_at, ") + kMonitorColumns +
                      " FROM monitor_schedule s JOIN monitors m ON m.id = s.monitor_id WHERE s.region = ? AND "
                      "s.next_check_at <= ? AND m.is_paused = 0 ORDER BY s.next_check_at LIMIT ?";
    db_.execute(sql, {DbValue{region}, DbValue{now_ms}, DbValue{static_cast<std::int64_t>(limit)}},
                [&](const auto&, const std::vector<DbValue>& row) {
                    DueCheck d;
                    d.due_at = cell_int(row[0]).value_or(now_ms);
                    d.monitor = monitor_from_row(std::vector<DbValue>(row.begin() + 1, row.end()));
                    d.region = region;
                    due.push_back(std::move(d));
                    return true;
                });
    if (due.empty()) return due;
    std::vector<DueCheck> claimed;
    auto tx = db_.begin();
    for (auto& d : due) {
        const std::int64_t step = interval_ms(d.monitor);
        std::int64_t next = d.due_at + step;
        if (next <= now_ms) next = now_ms + step; // far behind (paused, down host): no burst of catch-up checks
        auto n = tx->execute("UPDATE monitor_schedule SET next_check_at = ? WHERE monitor_id = ? AND region = ? AND "
                             "next_check_at = ?",
                             {DbValue{next}, DbValue{d.monitor.id}, DbValue{region}, DbValue{d.due_at}});
        if (n == 1) claimed.push_back(std::move(d));
    }
    tx->commit();
    return claimed;
}

std::vector<std::int64_t> MonitorStore::overdue_push(std::int64_t now_ms, std::size_t limit) {
    std::vector<std::int64_t> ids;
    db_.execute("SELECT id FROM monitors WHERE heartbeat_expected_at IS NOT NULL AND is_paused = 0 AND "
                "status <> 'offline' AND heartbeat_expected_at + COALESCE(heartbeat_grace, 0) * 1000 < ? LIMIT ?",
                {DbValue{now_ms}, DbValue{static_cast<std::int64_t>(limit)}},
                [&](const auto&, const std::vector<DbValue>& r) {
                    ids.push_back(cell_int(r[0]).value_or(0));
                    return true;
                });
    return ids;
}

} // namespace sentinel::host
