#include "status_store.hpp"

#include <sentinel/sdk/errors.hpp>

#include <algorithm>
#include <map>

namespace sentinel::kestra {
namespace {

constexpr int kWriteAttempts = 5;

constexpr const char* kSchemaV1 = R"SQL(
CREATE TABLE kestra_services (
    name TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    code INTEGER NOT NULL,
    source TEXT NOT NULL,
    monitor_id BIGINT,
    updated_at_ms BIGINT
);
CREATE TABLE kestra_activity (
    id BIGINT PRIMARY KEY,
    message TEXT NOT NULL,
    type TEXT NOT NULL,
    severity TEXT NOT NULL,
    service TEXT NOT NULL,
    execution_id TEXT,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX kestra_activity_created_idx ON kestra_activity (created_at_ms);
CREATE INDEX kestra_activity_service_idx ON kestra_activity (service, id);
CREATE TABLE kestra_insights (
    seq {{serial_pk}},
    id TEXT NOT NULL UNIQUE,
    analysis TEXT NOT NULL,
    metrics TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX kestra_insights_created_idx ON kestra_insights (created_at_ms);
CREATE TABLE kestra_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)
)SQL";

constexpr const char* kStateAiAnalysis = "ai_analysis";
constexpr const char* kStateLastUpdated = "last_updated_ms";

std::string dump(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void set_state(sdk::Transaction& tx, const std::string& key, const std::string& value) {
    if (tx.execute("UPDATE kestra_state SET value = ? WHERE key = ?", {value, key}) == 0)
        tx.execute("INSERT INTO kestra_state (key, value) VALUES (?, ?)", {key, value});
}

void upsert_service(sdk::Transaction& tx, const Observation& o, std::int64_t now_ms) {
    const sdk::Params values{std::string(status_name(o.status)), o.code, o.source, sdk::Value(o.monitor_id), now_ms,
                             o.service};
    if (tx.execute("UPDATE kestra_services SET status = ?, code = ?, source = ?, monitor_id = ?, updated_at_ms = ? "
                   "WHERE name = ?",
                   values) == 0)
        tx.execute("INSERT INTO kestra_services (status, code, source, monitor_id, updated_at_ms, name) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   values);
}

// Applies observations inside `tx`: updates each service and writes one activity event per
// status change. Event ids are epoch milliseconds, unique: max(now, largest stored id + 1).
std::vector<Change> apply(sdk::Transaction& tx, const std::vector<Observation>& observations,
                          const std::optional<std::string>& execution_id, std::int64_t now_ms) {
    std::map<std::string, Status, std::less<>> previous;
    for (const auto& row : tx.query("SELECT name, status FROM kestra_services")) {
        if (auto s = parse_status(row.get<std::string>("status"))) previous.emplace(row.get<std::string>("name"), *s);
    }
    std::optional<std::int64_t> last_id;
    bool last_id_read = false;
    std::vector<Change> changes;
    for (const auto& o : observations) {
        auto found = previous.find(o.service);
        std::optional<Status> before;
        if (found != previous.end()) before = found->second;
        if (!before && o.only_if_known) continue;
        upsert_service(tx, o, now_ms);
        auto text = change_event(o.service, before, o.status, o.code);
        if (!text) continue;
        if (!last_id_read) {
            auto rows = tx.query("SELECT MAX(id) AS max_id FROM kestra_activity");
            if (!rows.empty()) last_id = rows.front().get_optional<std::int64_t>("max_id");
            last_id_read = true;
        }
        const std::int64_t id = last_id ? std::max(now_ms, *last_id + 1) : now_ms;
        last_id = id;
        tx.execute("INSERT INTO kestra_activity (id, message, type, severity, service, execution_id, created_at_ms) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   {id, text->message, text->type, text->severity, o.service, sdk::Value(execution_id), now_ms});
        changes.push_back({o.service, before, o.status, o.code, o.source, now_ms});
    }
    return changes;
}

} // namespace

std::vector<sdk::Migration> StatusStore::migrations() {
    return {{1, "kestra status feed: services, activity, insights, state", kSchemaV1}};
}

// Runs `work(tx)` in a transaction under the write mutex, committing when it returns. A unique
// constraint refused by a concurrent writer (another host) restarts the work with fresh reads.
template <typename Work>
auto StatusStore::write(Work&& work) {
    std::lock_guard lock(write_mutex_);
    for (int attempt = 1;; ++attempt) {
        try {
            auto tx = db_.begin();
            auto result = work(*tx);
            tx->commit();
            return result;
        } catch (const sdk::ConstraintViolation&) {
            if (attempt >= kWriteAttempts) throw;
        }
    }
}

ReportOutcome StatusStore::record_report(const Report& report, std::int64_t now_ms) {
    return write([&](sdk::Transaction& tx) {
        ReportOutcome outcome;
        if (!tx.query("SELECT id FROM kestra_insights WHERE id = ?", {report.execution_id}).empty()) {
            outcome.duplicate = true;
            return outcome;
        }
        tx.execute("INSERT INTO kestra_insights (id, analysis, metrics, summary, created_at_ms) VALUES (?, ?, ?, ?, ?)",
                   {report.execution_id, report.analysis, dump(report.metrics), report.summary, now_ms});
        outcome.changes = apply(tx, report.observations, report.execution_id, now_ms);
        set_state(tx, kStateAiAnalysis, report.analysis);
        set_state(tx, kStateLastUpdated, std::to_string(now_ms));
        return outcome;
    });
}

std::vector<Change> StatusStore::record_observation(const Observation& observation, std::int64_t now_ms) {
    return write([&](sdk::Transaction& tx) {
        auto changes = apply(tx, {observation}, std::nullopt, now_ms);
        if (!observation.only_if_known || !changes.empty()) set_state(tx, kStateLastUpdated, std::to_string(now_ms));
        return changes;
    });
}

// Two plain reads, not a transaction: on SQLite a transaction takes the writer gate, and a status
// read must not queue behind writers. The state row is written with the services, so at worst a
// read between the two sees a lastUpdated slightly newer than the services it read.
StatusSnapshot StatusStore::snapshot() {
    StatusSnapshot out;
    for (const auto& row : db_.query("SELECT name, status, code, source, monitor_id, updated_at_ms "
                                     "FROM kestra_services ORDER BY name")) {
        ServiceState s;
        s.name = row.get<std::string>("name");
        s.status = parse_status(row.get<std::string>("status")).value_or(Status::Unknown);
        s.code = row.get_optional<std::int64_t>("code").value_or(0);
        s.source = row.get_optional<std::string>("source").value_or("");
        s.monitor_id = row.get_optional<std::int64_t>("monitor_id");
        s.updated_at_ms = row.get_optional<std::int64_t>("updated_at_ms");
        out.services.push_back(std::move(s));
    }
    for (const auto& row : db_.query("SELECT key, value FROM kestra_state")) {
        const auto key = row.get<std::string>("key");
        const auto value = row.get_optional<std::string>("value").value_or("");
        if (key == kStateAiAnalysis) {
            out.ai_analysis = value;
        } else if (key == kStateLastUpdated && !value.empty()) {
            try {
                out.last_updated_ms = std::stoll(value);
            } catch (const std::exception&) {
                // A malformed value reads as "never updated".
            }
        }
    }
    return out;
}

std::vector<ActivityEntry> StatusStore::activity(const ActivityFilter& filter) {
    std::string sql = "SELECT id, message, type, severity, service, created_at_ms FROM kestra_activity";
    sdk::Params params;
    std::string where;
    auto add = [&](const char* column, const std::optional<std::string>& value) {
        if (!value) return;
        where += where.empty() ? " WHERE " : " AND ";
        where += column;
        where += " = ?";
        params.emplace_back(*value);
    };
    add("type", filter.type);
    add("severity", filter.severity);
    add("service", filter.service);
    sql += where + " ORDER BY id DESC LIMIT ? OFFSET ?";
    params.emplace_back(filter.limit);
    params.emplace_back(filter.offset);
    std::vector<ActivityEntry> out;
    for (const auto& row : db_.query(sql, params)) {
        out.push_back({row.get<std::int64_t>("id"), row.get<std::string>("message"), row.get<std::string>("type"),
                       row.get<std::string>("severity"), row.get<std::string>("service"),
                       row.get<std::int64_t>("created_at_ms")});
    }
    return out;
}

std::vector<InsightEntry> StatusStore::insights(std::int64_t limit, std::int64_t offset) {
    std::vector<InsightEntry> out;
    for (const auto& row : db_.query("SELECT id, analysis, metrics, summary, created_at_ms FROM kestra_insights "
                                     "ORDER BY seq DESC LIMIT ? OFFSET ?",
                                     {limit, offset})) {
        auto metrics = nlohmann::json::parse(row.get<std::string>("metrics"), nullptr, false);
        if (metrics.is_discarded()) metrics = nlohmann::json::object();
        out.push_back({row.get<std::string>("id"), row.get<std::string>("analysis"), std::move(metrics),
                       row.get<std::string>("summary"), row.get<std::int64_t>("created_at_ms")});
    }
    return out;
}

PruneCounts StatusStore::prune(std::int64_t cutoff_ms) {
    PruneCounts counts;
    counts.activity = db_.execute("DELETE FROM kestra_activity WHERE created_at_ms < ?", {cutoff_ms});
    counts.insights = db_.execute("DELETE FROM kestra_insights WHERE created_at_ms < ?", {cutoff_ms});
    return counts;
}

} // namespace sentinel::kestra
