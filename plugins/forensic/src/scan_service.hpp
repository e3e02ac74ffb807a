// Runs scans: read the file, detect, build the result, record it. A synchronous scan runs on the
// calling (HTTP) thread; an asynchronous one waits in a bounded queue for one of the plugin's
// worker threads, and its progress (phase, rows read, percentage) is kept in memory while it runs.
// Destruction cancels running scans at their next progress point and joins the workers.
#pragma once

#include "detection/anomaly_detection.hpp"
#include "forensic_settings.hpp"
#include "readers/numeric_table.hpp"
#include "scan_store.hpp"

#include <sentinel/sdk/host_services.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sentinel::forensic {

struct ScanRequest {
    std::string file_name;
    FileKind kind = FileKind::Csv;
    std::string bytes;        // the file (owned: an async scan outlives the request)
    std::string method = "auto"; // auto, autoencoder, statistical
    double threshold = 0.98;
    std::string scanned_by;
};

struct ScanProgress {
    std::string status = "queued"; // queued, running
    std::string phase = "queued";  // queued, reading, normalising, training, scoring
    std::size_t rows_read = 0;
    double percent = 0;            // monotone, < 100 until done
};

// A scan the file itself made impossible (unsupported, empty, corrupt...).
struct ScanRefused {
    int status;
    std::string message;
};

class ScanService {
public:
    ScanService(sdk::HostServices& host, ScanStore& store, const ForensicSettings& settings);
    ~ScanService();
    ScanService(const ScanService&) = delete;
    ScanService& operator=(const ScanService&) = delete;

    // Runs the scan now and returns its result; throws sdk::HttpError for a refused file.
    nlohmann::json run_now(ScanRequest request);
    // Queues the scan; returns its id, or nullopt when the queue is full.
    std::optional<std::int64_t> submit(ScanRequest request);
    std::optional<ScanProgress> progress(std::int64_t id) const;

private:
    struct Job {
        std::int64_t id = 0;
        ScanRequest request;
    };
    nlohmann::json execute(std::int64_t id, const ScanRequest& request);
    void work();
    void set_progress(std::int64_t id, const char* phase, std::size_t rows, double percent);

    sdk::HostServices& host_;
    ScanStore& store_;
    ForensicSettings settings_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    std::map<std::int64_t, ScanProgress> running_;
    std::atomic<bool> stopping_{false};
    std::vector<std::thread> workers_;
};

} // namespace sentinel::forensic
