// Runs scans and records them. A synchronous scan runs on the calling (HTTP) thread; an
// asynchronous one waits in a bounded queue for one of the service's worker threads. Live
// progress is on the ProgressBoard while a scan runs; its end (result or error) goes to the store.
// Destruction cancels running scans at their next progress point, fails the queued ones and joins
// the workers.
#pragma once

#include "forensic_settings.hpp"
#include "scan_progress.hpp"
#include "scan_runner.hpp"
#include "scan_store.hpp"

#include <sentinel/sdk/host_services.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sentinel::forensic {

class ScanService {
public:
    ScanService(sdk::HostServices& host, ScanStore& store, const ForensicSettings& settings);
    ~ScanService();
    ScanService(const ScanService&) = delete;
    ScanService& operator=(const ScanService&) = delete;

    // Runs the scan now and returns its result document; throws sdk::HttpError (415/422) for a
    // file the readers refuse.
    nlohmann::json run_now(const ScanRequest& request, std::string_view file);
    // Queues the scan with its own copy of the file; returns its id, or nullopt when
    // max_queued_scans scans are waiting.
    std::optional<std::int64_t> submit(ScanRequest request, std::string file);
    std::optional<ScanProgress> progress(std::int64_t id) const { return board_.find(id); }

private:
    struct Job {
        std::int64_t id = 0;
        ScanRequest request;
        std::string file;
    };
    std::int64_t record(const ScanRequest& request, std::size_t file_bytes, const char* status);
    // Runs a recorded scan to its end in the store; rethrows what made it fail.
    nlohmann::json execute(std::int64_t id, const ScanRequest& request, std::string_view file);
    void work();

    sdk::HostServices& host_;
    ScanStore& store_;
    const ForensicSettings settings_;
    ProgressBoard board_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    std::atomic<bool> stopping_{false};
    std::vector<std::jthread> workers_; // last: joined before the members above go
};

} // namespace sentinel::forensic
