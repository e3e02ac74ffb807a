#include "scan_store.hpp"

namespace sentinel::forensic {
namespace {

constexpr const char* kColumns =
    "id, status, file_name, file_bytes, method, threshold, total_scanned, threats_detected, duration_ms, "
    "scanned_by, created_at_ms, finished_at_ms, error, result_json";

ScanRecord record_of(const sdk::Row& row, bool with_result) {
    ScanRecord r;
    r.id = row.get<std::int64_t>("id");
    r.status = row.get<std::string>("status");
    r.file_name = row.get<std::string>("file_name");
    r.file_bytes = row.get<std::int64_t>("file_bytes");
    r.method = row.get<std::string>("method");
    r.threshold = row.get<double>("threshold");
    r.total_scanned = row.get_optional<std::int64_t>("total_scanned").value_or(0);
    r.threats_detected = row.get_optional<std::int64_t>("threats_detected").value_or(0);
    r.duration_ms = row.get_optional<std::int64_t>("duration_ms").value_or(0);
    r.scanned_by = row.get_optional<std::string>("scanned_by").value_or("");
    r.created_at_ms = row.get<std::int64_t>("created_at_ms");
    r.finished_at_ms = row.get_optional<std::int64_t>("finished_at_ms");
    r.error = row.get_optional<std::string>("error").value_or("");
    if (with_result) {
        if (auto text = row.get_optional<std::string>("result_json"))
            r.result = nlohmann::json::parse(*text, nullptr, false);
        if (r.result.is_discarded()) r.result = nullptr;
    }
    return r;
}

} // namespace

std::vector<sdk::Migration> ScanStore::migrations() {
    return {{1, "forensic scan history",
             "CREATE TABLE forensic_scans ("
             " id {{serial_pk}},"
             " status TEXT NOT NULL,"
             " file_name TEXT NOT NULL,"
             " file_bytes BIGINT NOT NULL,"
             " method TEXT NOT NULL,"
             " threshold DOUBLE PRECISION NOT NULL,"
             " total_scanned BIGINT,"
             " threats_detected BIGINT,"
             " duration_ms BIGINT,"
             " scanned_by TEXT,"
             " created_at_ms BIGINT NOT NULL,"
             " finished_at_ms BIGINT,"
             " error TEXT,"
             " result_json TEXT);"
             "CREATE INDEX forensic_scans_created ON forensic_scans (created_at_ms);"
             "CREATE INDEX forensic_scans_status ON forensic_scans (status)"}};
}

std::int64_t ScanStore::create(const std::string& file_name, std::int64_t file_bytes, const std::string& method,
                               double threshold, const std::string& scanned_by, const std::string& status,
                               std::int64_t now_ms) {
    auto tx = db_.begin();
    auto rows = tx->query("INSERT INTO forensic_scans (status, file_name, file_bytes, method, threshold, scanned_by, "
                          "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          {status, file_name, file_bytes, method, threshold, scanned_by, now_ms});
    const auto id = rows.at(0).get<std::int64_t>("id");
    tx->commit();
    return id;
}

void ScanStore::mark_running(std::int64_t id) {
    db_.execute("UPDATE forensic_scans SET status = 'running' WHERE id = ? AND status = 'queued'", {id});
}

void ScanStore::finish(std::int64_t id, const nlohmann::json& result, std::int64_t now_ms) {
    db_.execute("UPDATE forensic_scans SET status = 'done', method = ?, total_scanned = ?, threats_detected = ?, "
                "duration_ms = ?, finished_at_ms = ?, result_json = ? WHERE id = ?",
                {result.at("method").get<std::string>(), result.at("total_scanned").get<std::int64_t>(),
                 result.at("threats_detected").get<std::int64_t>(), result.at("duration_ms").get<std::int64_t>(),
                 now_ms, result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), id});
}

void ScanStore::fail(std::int64_t id, const std::string& error, std::int64_t duration_ms, std::int64_t now_ms) {
    db_.execute("UPDATE forensic_scans SET status = 'failed', error = ?, duration_ms = ?, finished_at_ms = ? WHERE id = ?",
                {error, duration_ms, now_ms, id});
}

std::int64_t ScanStore::fail_interrupted(std::int64_t now_ms) {
    return db_.execute("UPDATE forensic_scans SET status = 'failed', error = 'interrupted by a restart', "
                       "finished_at_ms = ? WHERE status IN ('queued', 'running')",
                       {now_ms});
}

std::optional<ScanRecord> ScanStore::get(std::int64_t id) {
    auto row = db_.query_one(std::string("SELECT ") + kColumns + " FROM forensic_scans WHERE id = ?", {id});
    if (!row) return std::nullopt;
    return record_of(*row, true);
}

std::vector<ScanRecord> ScanStore::list(std::int64_t limit, std::int64_t offset, const std::string& status) {
    std::vector<ScanRecord> out;
    const std::string sql = std::string("SELECT ") + kColumns + " FROM forensic_scans" +
                            (status.empty() ? "" : " WHERE status = ?") + " ORDER BY created_at_ms DESC, id DESC LIMIT ? OFFSET ?";
    sdk::Params params = status.empty() ? sdk::Params{limit, offset} : sdk::Params{status, limit, offset};
    for (const auto& row : db_.query(sql, params)) out.push_back(record_of(row, false));
    return out;
}

std::int64_t ScanStore::count(const std::string& status) {
    auto row = status.empty() ? db_.query_one("SELECT COUNT(*) AS n FROM forensic_scans")
                              : db_.query_one("SELECT COUNT(*) AS n FROM forensic_scans WHERE status = ?", {status});
    return row ? row->get<std::int64_t>("n") : 0;
}

std::int64_t ScanStore::prune_before(std::int64_t cutoff_ms) {
    return db_.execute("DELETE FROM forensic_scans WHERE created_at_ms < ? AND status IN ('done', 'failed')", {cutoff_ms});
}

} // namespace sentinel::forensic
