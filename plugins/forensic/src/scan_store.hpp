// The scan history (table forensic_scans): one row per scan, written when it is accepted and again
// when it ends, with the full result kept as JSON so that GET /audit/scan/{id} answers after a
// restart. Thread-safe (every call is one statement or one transaction).
#pragma once

#include <sentinel/sdk/database.hpp>
#include <sentinel/sdk/tables.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::forensic {

struct NewScan {
    std::string status; // queued (async) or running (synchronous)
    std::string file_name;
    std::int64_t file_bytes = 0;
    std::string file_kind; // csv, xls, xlsx
    std::string method;    // asked for: auto, autoencoder, statistical
    double threshold = 0.98;
    std::string scanned_by;
    std::int64_t created_at_ms = 0;
};

struct ScanRecord {
    std::int64_t id = 0;
    std::string status; // queued, running, done, failed
    std::string file_name;
    std::int64_t file_bytes = 0;
    std::string file_kind;
    std::string method; // asked for, then the one used
    double threshold = 0.98;
    std::int64_t total_scanned = 0;
    std::int64_t threats_detected = 0;
    std::int64_t columns_scanned = 0;
    std::int64_t duration_ms = 0;
    std::string scanned_by;
    std::int64_t created_at_ms = 0;
    std::optional<std::int64_t> finished_at_ms;
    std::string error;
    nlohmann::json result; // null until done; only read by get()
};

class ScanStore {
public:
    explicit ScanStore(sdk::Database& db) : db_(db) {}
    static std::vector<sdk::Migration> migrations();

    std::int64_t create(const NewScan& scan);
    void mark_running(std::int64_t id);
    void finish(std::int64_t id, const nlohmann::json& result, std::int64_t now_ms);
    void fail(std::int64_t id, const std::string& error, std::int64_t duration_ms, std::int64_t now_ms);
    // Scans still queued or running become failed with `reason`; returns how many.
    std::int64_t fail_unfinished(const std::string& reason, std::int64_t now_ms);

    std::optional<ScanRecord> get(std::int64_t id);
    // Newest first; `status` empty for every status.
    std::vector<ScanRecord> list(std::int64_t limit, std::int64_t offset, const std::string& status);
    std::int64_t count(const std::string& status);
    // Deletes finished scans created before the cutoff; returns how many.
    std::int64_t prune_before(std::int64_t cutoff_ms);

private:
    sdk::Database& db_;
};

} // namespace sentinel::forensic
