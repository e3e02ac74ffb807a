#include "scan_store.hpp"

namespace sentinel::forensic {
namespace {

constexpr const char* kSummaryColumns =
    "id, status, file_name, file_bytes, file_kind, method, threshold, total_scanned, threats_detected, "
    "columns_scanned, duration_ms, scanned_by, created_at_ms, finished_at_ms, error";

ScanRecord record_of(const sdk::Row& row) {
    ScanRecord r;
    r.id = row.get<std::int64_t>("id");
    r.status = row.get<std::string>("status");
    r.file_name = row.get<std::string>("file_name");
    r.file_bytes = row.get<std::int64_t>("file_bytes");
    r.file_kind = row.get<std::string>("file_kind");
    r.method = row.get<std::string>("method");
    r.threshold = row.get<double>("threshold");
    r.total_scanned = row.get_optional<std::int64_t>("total_scanned").value_or(0);
    r.threats_detected = row.get_optional<std::int64_t>("threats_detected").value_or(0);
    r.columns_scanned = row.get_optional<std::int64_t>("columns_scanned").value_or(0);
    r.duration_ms = row.get_optional<std::int64_t>("duration_ms").value_or(0);
    r.scanned_by = row.get_optional<std::string>("scanned_by").value_or("");
    r.created_at_ms = row.get<std::int64_t>("created_at_ms");
    r.finished_at_ms = row.get_optional<std::int64_t>("finished_at_ms");
    r.error = row.get_optional<std::string>("error").value_or("");
    return r;
}

std::int64_t json_count(const nlohmann::json& result, const char* key) {
    const auto it = result.find(key);
    if (it == result.end()) return 0;
    if (it->is_array()) return static_cast<std::int64_t>(it->size());
    return it->is_number() ? it->get<std::int64_t>() : 0;
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
             "CREATE INDEX forensic_scans_status ON forensic_scans (status)"},
            {2, "file kind and scanned column count in the scan history",
             "ALTER TABLE forensic_scans ADD COLUMN file_kind TEXT NOT NULL DEFAULT '';"
             "ALTER TABLE forensic_scans ADD COLUMN columns_scanned BIGINT"}};
}

std::int64_t ScanStore::create(const NewScan& scan) {
    auto tx = db_.begin();
    const auto rows = tx->query(
        "INSERT INTO forensic_scans (status, file_name, file_bytes, file_kind, method, threshold, scanned_by, "
        "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {scan.status, scan.file_name, scan.file_bytes, scan.file_kind, scan.method, scan.threshold, scan.scanned_by,
         scan.created_at_ms});
    const auto id = rows.at(0).get<std::int64_t>("id");
    tx->commit();
    return id;
}

void ScanStore::mark_running(std::int64_t id) {
    db_.execute("UPDATE forensic_scans SET status = 'running' WHERE id = ? AND status = 'queued'", {id});
}

void ScanStore::finish(std::int64_t id, const nlohmann::json& result, std::int64_t now_ms) {
    db_.execute("UPDATE forensic_scans SET status = 'done', method = ?, total_scanned = ?, threats_detected = ?, "
                "columns_scanned = ?, duration_ms = ?, finished_at_ms = ?, result_json = ? WHERE id = ?",
                {result.value("method", std::string()), json_count(result, "total_scanned"),
                 json_count(result, "threats_detected"), json_count(result, "columns_scanned"),
                 json_count(result, "duration_ms"), now_ms,
                 result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), id});
}

void ScanStore::fail(std::int64_t id, const std::string& error, std::int64_t duration_ms, std::int64_t now_ms) {
    db_.execute("UPDATE forensic_scans SET status = 'failed', error = ?, duration_ms = ?, finished_at_ms = ? WHERE id = ?",
                {error, duration_ms, now_ms, id});
}

std::int64_t ScanStore::fail_unfinished(const std::string& reason, std::int64_t now_ms) {
    return db_.execute("UPDATE forensic_scans SET status = 'failed', error = ?, finished_at_ms = ? "
                       "WHERE status IN ('queued', 'running')",
                       {reason, now_ms});
}

std::optional<ScanRecord> ScanStore::get(std::int64_t id) {
    const auto row = db_.query_one(std::string("SELECT ") + kSummaryColumns + ", result_json FROM forensic_scans WHERE id = ?", {id});
    if (!row) return std::nullopt;
    auto record = record_of(*row);
    if (auto text = row->get_optional<std::string>("result_json")) {
        record.result = nlohmann::json::parse(*text, nullptr, false);
        if (record.result.is_discarded()) record.result = nullptr;
    }
    return record;
}

std::vector<ScanRecord> ScanStore::list(std::int64_t limit, std::int64_t offset, const std::string& status) {
    const std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM forensic_scans" +
                            (status.empty() ? "" : " WHERE status = ?") +
                            " ORDER BY created_at_ms DESC, id DESC LIMIT ? OFFSET ?";
    const sdk::Params params = status.empty() ? sdk::Params{limit, offset} : sdk::Params{status, limit, offset};
    std::vector<ScanRecord> out;
    for (const auto& row : db_.query(sql, params)) out.push_back(record_of(row));
    return out;
}

std::int64_t ScanStore::count(const std::string& status) {
    const auto row = status.empty()
                         ? db_.query_one("SELECT COUNT(*) AS n FROM forensic_scans")
                         : db_.query_one("SELECT COUNT(*) AS n FROM forensic_scans WHERE status = ?", {status});
    return row ? row->get<std::int64_t>("n") : 0;
}

std::int64_t ScanStore::prune_before(std::int64_t cutoff_ms) {
    return db_.execute("DELETE FROM forensic_scans WHERE created_at_ms < ? AND status IN ('done', 'failed')", {cutoff_ms});
}

} // namespace sentinel::forensic
