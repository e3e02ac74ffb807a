#include "monitors/observation_apply.hpp"

#include "monitors/monitor_record.hpp"
#include "monitors/status_machine.hpp"

#include <optional>

namespace sentinel::host {
namespace {

struct Loaded {
    MonitorRecord monitor;
    std::optional<std::int64_t> open_incident;
};

std::optional<Loaded> load(Database::Transaction& tx, std::int64_t id) {
    std::optional<Loaded> out;
    tx.execute(std::string("SELECT ") + kMonitorColumns + " FROM monitors WHERE id = ?", {DbValue{id}},
               [&](const auto&, const std::vector<DbValue>& row) {
                   out = Loaded{monitor_from_row(row), std::nullopt};
                   return false;
               });
    // An incident is open only while the monitor is offline (it opens on going offline and every
    // way out of offline closes it), so only then is it looked up.
    if (!out || out->monitor.status != "offline") return out;
    tx.execute("SELECT id FROM monitor_incidents WHERE monitor_id = ? AND resolved_at IS NULL ORDER BY id DESC",
               {DbValue{id}}, [&](const auto&, const std::vector<DbValue>& row) {
                   out->open_incident = cell_int(row[0]);
                   return false;
               });
    return out;
}

DbValue opt_double(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return DbValue{};
    return DbValue{it->get<double>()};
}
DbValue opt_int(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) return DbValue{};
    return DbValue{it->get<std::int64_t>()};
}

void insert_result(Database::Transaction& tx, std::int64_t monitor_id, std::int64_t at, const std::string& region,
                   bool is_up, bool degraded, DbValue response_time, DbValue status_code, const std::string& message,
                   const nlohmann::json& details) {
    tx.execute("INSERT INTO monitor_results (monitor_id, checked_at, region, is_up, degraded, response_time, "
               "status_code, message, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {DbValue{monitor_id}, DbValue{at}, DbValue{region}, DbValue{std::int64_t{is_up}},
                DbValue{std::int64_t{degraded}}, std::move(response_time), std::move(status_code), DbValue{message},
                DbValue{details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)}});
}

nlohmann::json event_base(const MonitorRecord& m) {
    return {{"monitor_id", m.id},
            {"monitor_type", m.monitor_type},
            {"friendly_name", m.friendly_name ? nlohmann::json(*m.friendly_name) : nlohmann::json()},
            {"url", m.url ? nlohmann::json(*m.url) : nlohmann::json()},
            {"team_id", m.team_id ? nlohmann::json(*m.team_id) : nlohmann::json()}};
}

// Applies the transition: monitor state, incidents, events. Returns the new status.
// `status_code`: the protocol status the observation carried (HTTP), for subscribers.
std::string transition(Database::Transaction& tx, const Loaded& loaded, Observation observation,
                       const std::string& cause, std::int64_t at, std::vector<PendingEvent>& events,
                       const DbValue& status_code = DbValue{}) {
    const MonitorRecord& m = loaded.monitor;
    MonitorState state{m.status, m.consecutive_failures, m.failure_threshold, loaded.open_incident.has_value()};
    Transition t = apply_observation(state, observation);
    tx.execute("UPDATE monitors SET status = ?, consecutive_failures = ? WHERE id = ?",
               {DbValue{t.next.status}, DbValue{std::int64_t{t.next.consecutive_failures}}, DbValue{m.id}});
    if (t.open_incident) {
        std::int64_t incident_id = 0;
        tx.execute("INSERT INTO monitor_incidents (monitor_id, started_at, cause) VALUES (?, ?, ?) RETURNING id",
                   {DbValue{m.id}, DbValue{at}, DbValue{cause}}, [&](const auto&, const std::vector<DbValue>& r) {
                       incident_id = cell_int(r[0]).value_or(0);
                       return false;
                   });
        auto p = event_base(m);
        p["incident_id"] = incident_id;
        p["cause"] = cause;
        p["started_at"] = iso_time(at);
        events.push_back({"monitor.incident_opened", std::move(p)});
    }
    if (t.close_incident && loaded.open_incident) {
        tx.execute("UPDATE monitor_incidents SET resolved_at = ?, resolution = ? WHERE id = ?",
                   {DbValue{at}, DbValue{"recovered: " + t.next.status}, DbValue{*loaded.open_incident}});
        auto p = event_base(m);
        p["incident_id"] = *loaded.open_incident;
        p["resolved_at"] = iso_time(at);
        events.push_back({"monitor.incident_resolved", std::move(p)});
    }
    if (t.status_changed) {
        auto p = event_base(m);
        p["from"] = m.status;
        p["to"] = t.next.status;
        p["cause"] = cause;
        p["at"] = iso_time(at);
        if (auto code = std::get_if<std::int64_t>(&status_code)) p["status_code"] = *code;
        else p["status_code"] = nullptr;
        events.push_back({"monitor.status_changed", std::move(p)});
    }
    return t.next.status;
}

} // namespace

void apply_check(Database::Transaction& tx, const MonitorWriter::CheckOp& op, std::vector<PendingEvent>& events) {
    auto loaded = load(tx, op.monitor_id);
    if (!loaded || loaded->monitor.is_paused) return; // deleted or paused while the check ran
    if (op.config_version && *op.config_version < loaded->monitor.updated_at) return; // settings changed meanwhile
    const auto& r = op.result;
    const bool is_up = r.value("is_up", false);
    const bool degraded = is_up && r.value("degraded", false);
    std::string message = r.contains("message") && r["message"].is_string() ? r["message"].get<std::string>() : "";
    nlohmann::json details = r.contains("details") && r["details"].is_object() ? r["details"] : nlohmann::json::object();
    insert_result(tx, op.monitor_id, op.checked_at, op.region, is_up, degraded, opt_double(r, "response_time"),
                  opt_int(r, "status_code"), message, details);
    tx.execute("UPDATE monitors SET last_checked_at = ?, last_response_time = ?, last_status_code = ?, "
               "last_message = ? WHERE id = ?",
               {DbValue{op.checked_at}, opt_double(r, "response_time"), opt_int(r, "status_code"), DbValue{message},
                DbValue{op.monitor_id}});
    Observation obs = !is_up ? Observation::Down : degraded ? Observation::Degraded : Observation::Up;
    transition(tx, *loaded, obs, message.empty() ? (is_up ? "check passed" : "check failed") : message,
               op.checked_at, events, opt_int(r, "status_code"));
}

PingAck apply_ping(Database::Transaction& tx, const MonitorWriter::PingOp& op, MonitorTypeCatalog& types,
                   std::vector<PendingEvent>& events) {
    auto loaded = load(tx, op.monitor_id);
    if (!loaded) return PingAck{false, false, ""};
    const MonitorRecord& m = loaded->monitor;
    if (m.is_paused) return PingAck{true, true, m.status};
    if (op.kind == PingKind::Start) {
        tx.execute("UPDATE monitors SET heartbeat_started_at = ? WHERE id = ?", {DbValue{op.at}, DbValue{m.id}});
        return PingAck{true, false, m.status};
    }
    const bool success = op.kind == PingKind::Success;
    DbValue duration;
    nlohmann::json details = {{"kind", success ? "success" : "fail"}};
    if (m.heartbeat_started_at && *m.heartbeat_started_at <= op.at) {
        duration = DbValue{static_cast<double>(op.at - *m.heartbeat_started_at)};
        details["duration_ms"] = op.at - *m.heartbeat_started_at;
    }
    std::string message = success ? "ping received" : (op.cause.empty() ? "failure reported by ping" : op.cause);
    insert_result(tx, m.id, op.at, op.region, success, false, duration, DbValue{}, message, details);
    std::optional<std::int64_t> expected = types.next_expected(m.monitor_type, monitor_for_plugin(m), op.at);
    tx.execute("UPDATE monitors SET last_heartbeat_at = ?, last_checked_at = ?, heartbeat_expected_at = ?, "
               "heartbeat_started_at = NULL, last_message = ?, last_response_time = ? WHERE id = ?",
               {DbValue{op.at}, DbValue{op.at}, expected ? DbValue{*expected} : DbValue{}, DbValue{message}, duration,
                DbValue{m.id}});
    auto status = transition(tx, *loaded, success ? Observation::Up : Observation::DownNow, message, op.at, events);
    return PingAck{true, false, status};
}

void apply_missed(Database::Transaction& tx, const MonitorWriter::MissedOp& op, std::int64_t now_ms,
                  std::vector<PendingEvent>& events) {
    auto loaded = load(tx, op.monitor_id);
    if (!loaded) return;
    const MonitorRecord& m = loaded->monitor;
    if (m.is_paused || m.status == "offline" || !m.heartbeat_expected_at) return;
    const std::int64_t deadline = *m.heartbeat_expected_at + m.heartbeat_grace.value_or(0) * 1000;
    if (now_ms <= deadline) return; // a ping arrived since the sweep looked
    std::string cause = "no ping received by " + iso_time(m.heartbeat_expected_at).get<std::string>() + " (+" +
                        std::to_string(m.heartbeat_grace.value_or(0)) + " s grace)";
    insert_result(tx, m.id, now_ms, "", false, false, DbValue{}, DbValue{}, cause, {{"kind", "missed"}});
    transition(tx, *loaded, Observation::DownNow, cause, now_ms, events);
}

} // namespace sentinel::host
