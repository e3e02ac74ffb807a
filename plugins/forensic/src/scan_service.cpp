#include "scan_service.hpp"

#include <sentinel/sdk/errors.hpp>
#include <sentinel/sdk/http.hpp>

#include <chrono>
#include <cmath>

namespace sentinel::forensic {
namespace {

using json = nlohmann::json;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json result_document(std::int64_t id, const ScanRequest& request, const NumericTable& table,
                     const DetectionResult& detection, std::int64_t duration_ms) {
    json threats = json::array();
    for (const auto& t : detection.threats) {
        json columns = json::array();
        for (const auto& c : t.top_columns)
            columns.push_back({{"column", c.column}, {"value", number_or_null(c.value)},
                               {"deviation", std::round(c.deviation * 100) / 100}});
        threats.push_back({{"row", t.row}, {"score", t.score}, {"columns", columns}, {"reason", t.reason}});
    }
    json out = {{"scan_id", std::to_string(id)},
                {"file_name", request.file_name},
                {"threats", threats},
                {"total_scanned", detection.total_scanned},
                {"threats_detected", detection.threats_detected},
                {"threshold_used", detection.threshold_used},
                {"score_cutoff", detection.score_cutoff},
                {"method", method_name(detection.method)},
                {"columns_scanned", table.columns},
                {"columns_dropped", table.dropped_columns},
                {"duration_ms", duration_ms}};
    if (!detection.note.empty()) out["note"] = detection.note;
    return out;
}

int status_for(ReadError::Kind kind) {
    switch (kind) {
    case ReadError::Kind::Unsupported: return 415;
    default: return 422;
    }
}

} // namespace

ScanService::ScanService(sdk::HostServices& host, ScanStore& store, const ForensicSettings& settings)
    : host_(host), store_(store), settings_(settings) {
    for (std::int64_t i = 0; i < settings_.max_concurrent_scans; ++i) workers_.emplace_back([this] { work(); });
}

ScanService::~ScanService() {
    stopping_ = true;
    wake_.notify_all();
    for (auto& w : workers_) w.join();
}

json ScanService::execute(std::int64_t id, const ScanRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    auto elapsed_ms = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    };
    // Reading is the first 40% of the work, detection the rest.
    const double row_bytes_guess = 64;
    const double expected_rows = std::max(1.0, static_cast<double>(request.bytes.size()) / row_bytes_guess);
    NumericTable table;
    try {
        table = read_table(request.kind, request.bytes, {}, [&](std::size_t rows) {
            set_progress(id, "reading", rows, std::min(39.0, 40.0 * static_cast<double>(rows) / expected_rows));
            return !stopping_.load();
        });
    } catch (const ReadError& e) {
        const std::string message = stopping_ ? "cancelled: the server is stopping" : e.what();
        store_.fail(id, message, elapsed_ms(), host_.clock.now_ms());
        throw sdk::HttpError(status_for(e.kind()), message);
    }
    set_progress(id, "normalising", table.rows, 40);

    DetectionOptions options;
    options.threshold_quantile = request.threshold;
    options.autoencoder_enabled = request.method != "statistical" && (settings_.autoencoder || request.method == "autoencoder");
    options.autoencoder_min_rows = static_cast<std::size_t>(settings_.autoencoder_min_rows);
    options.training_sample_rows = static_cast<std::size_t>(settings_.training_sample_rows);
    options.max_threats = static_cast<std::size_t>(settings_.max_threats_returned);
    const auto detection = detect_anomalies(table, options, [&](const char* phase, double fraction) {
        const double base = std::string_view(phase) == "scoring" ? 70 : std::string_view(phase) == "training" ? 50 : 40;
        const double span = std::string_view(phase) == "scoring" ? 29 : 10;
        set_progress(id, phase, table.rows, base + span * fraction);
    });
    auto result = result_document(id, request, table, detection, elapsed_ms());
    store_.finish(id, result, host_.clock.now_ms());
    host_.log.info("forensic: scan " + std::to_string(id) + " of '" + request.file_name + "' by " +
                   (request.scanned_by.empty() ? "?" : request.scanned_by) + ": " + std::to_string(table.rows) +
                   " rows x " + std::to_string(table.columns.size()) + " columns, " + method_name(detection.method) +
                   ", " + std::to_string(detection.threats_detected) + " threats in " +
                   std::to_string(result["duration_ms"].get<std::int64_t>()) + " ms");
    return result;
}

json ScanService::run_now(ScanRequest request) {
    const auto id = store_.create(request.file_name, static_cast<std::int64_t>(request.bytes.size()), request.method,
                                  request.threshold, request.scanned_by, "running", host_.clock.now_ms());
    {
        std::lock_guard lock(mutex_);
        running_[id] = ScanProgress{"running", "reading", 0, 0};
    }
    struct Forget {
        ScanService& s;
        std::int64_t id;
        ~Forget() {
            std::lock_guard lock(s.mutex_);
            s.running_.erase(id);
        }
    } forget{*this, id};
    try {
        return execute(id, request);
    } catch (const sdk::HttpError&) {
        throw;
    } catch (const std::exception& e) {
        store_.fail(id, e.what(), 0, host_.clock.now_ms());
        throw;
    }
}

std::optional<std::int64_t> ScanService::submit(ScanRequest request) {
    {
        std::lock_guard lock(mutex_);
        if (static_cast<std::int64_t>(queue_.size()) >= settings_.max_queued_scans) return std::nullopt;
    }
    const auto id = store_.create(request.file_name, static_cast<std::int64_t>(request.bytes.size()), request.method,
                                  request.threshold, request.scanned_by, "queued", host_.clock.now_ms());
    {
        std::lock_guard lock(mutex_);
        running_[id] = ScanProgress{};
        queue_.push_back(Job{id, std::move(request)});
    }
    wake_.notify_one();
    return id;
}

std::optional<ScanProgress> ScanService::progress(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    auto it = running_.find(id);
    if (it == running_.end()) return std::nullopt;
    return it->second;
}

void ScanService::set_progress(std::int64_t id, const char* phase, std::size_t rows, double percent) {
    std::lock_guard lock(mutex_);
    auto it = running_.find(id);
    if (it == running_.end()) return;
    it->second.status = "running";
    it->second.phase = phase;
    it->second.rows_read = rows;
    it->second.percent = std::max(it->second.percent, std::min(99.0, percent));
}

void ScanService::work() {
    while (true) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
            running_[job.id].status = "running";
        }
        try {
            store_.mark_running(job.id);
            execute(job.id, job.request);
        } catch (const sdk::HttpError&) {
            // already recorded as failed with the reader's message
        } catch (const std::exception& e) {
            host_.log.error("forensic: scan " + std::to_string(job.id) + " failed: " + e.what());
            try {
                store_.fail(job.id, e.what(), 0, host_.clock.now_ms());
            } catch (const std::exception&) {
            }
        }
        std::lock_guard lock(mutex_);
        running_.erase(job.id);
    }
}

} // namespace sentinel::forensic
