#include "scan_service.hpp"

#include <sentinel/sdk/http.hpp>

#include <chrono>

namespace sentinel::forensic {
namespace {

int status_for(ReadError::Kind kind) { return kind == ReadError::Kind::Unsupported ? 415 : 422; }

std::string size_text(std::size_t bytes) {
    if (bytes >= (1u << 20)) return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= (1u << 10)) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

} // namespace

ScanService::ScanService(sdk::HostServices& host, ScanStore& store, const ForensicSettings& settings)
    : host_(host), store_(store), settings_(settings) {
    for (std::int64_t i = 0; i < settings_.max_concurrent_scans; ++i) workers_.emplace_back([this] { work(); });
}

ScanService::~ScanService() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
    for (const auto& job : queue_) {
        try {
            store_.fail(job.id, "cancelled: the server stopped before the scan started", 0, host_.clock.now_ms());
        } catch (const std::exception&) {
            // left queued: the next start marks it failed
        }
    }
}

std::int64_t ScanService::record(const ScanRequest& request, std::size_t file_bytes, const char* status) {
    const auto id = store_.create({status, request.file_name, static_cast<std::int64_t>(file_bytes),
                                   file_kind_name(request.kind), request.method, request.threshold,
                                   request.scanned_by, host_.clock.now_ms()});
    host_.log.info("forensic: scan " + std::to_string(id) + " of '" + request.file_name + "' (" +
                   size_text(file_bytes) + ", " + file_kind_name(request.kind) + ", method " +
                   request.method + ", threshold " + std::to_string(request.threshold) + ") by " +
                   (request.scanned_by.empty() ? "an anonymous caller" : request.scanned_by) +
                   (std::string_view(status) == "queued" ? ": queued" : ": started"));
    return id;
}

nlohmann::json ScanService::execute(std::int64_t id, const ScanRequest& request, std::string_view file) {
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed_ms = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    };
    const auto fail = [&](const std::string& error) {
        host_.log.warn("forensic: scan " + std::to_string(id) + " of '" + request.file_name + "' failed: " + error);
        store_.fail(id, error, elapsed_ms(), host_.clock.now_ms());
    };
    board_.add(id, {"running", "reading", 0, 0});
    struct Unlist {
        ProgressBoard& board;
        std::int64_t id;
        ~Unlist() { board.remove(id); }
    } unlist{board_, id};
    try {
        auto result = run_scan(
            id, request, file, settings_,
            [&](std::string_view phase, std::size_t rows, double percent) { board_.update(id, phase, rows, percent); },
            stopping_);
        store_.finish(id, result, host_.clock.now_ms());
        host_.log.info("forensic: scan " + std::to_string(id) + " of '" + request.file_name + "' done: " +
                       std::to_string(result.value("total_scanned", 0)) + " rows x " +
                       std::to_string(result["columns_scanned"].size()) + " columns, " +
                       result.value("method", std::string()) + ", " + std::to_string(result.value("threats_detected", 0)) +
                       " threats in " + std::to_string(result.value("duration_ms", std::int64_t{0})) + " ms");
        return result;
    } catch (const std::exception& e) {
        fail(e.what());
        throw;
    }
}

nlohmann::json ScanService::run_now(const ScanRequest& request, std::string_view file) {
    const auto id = record(request, file.size(), "running");
    try {
        return execute(id, request, file);
    } catch (const ReadError& e) {
        throw sdk::HttpError(status_for(e.kind()), e.what());
    } catch (const ScanCancelled& e) {
        throw sdk::HttpError(503, e.what());
    }
}

std::optional<std::int64_t> ScanService::submit(ScanRequest request, std::string file) {
    std::unique_lock lock(mutex_);
    if (stopping_ || static_cast<std::int64_t>(queue_.size()) >= settings_.max_queued_scans) return std::nullopt;
    // Recorded under the lock so that the queue cannot overfill between the check and the push.
    const auto id = record(request, file.size(), "queued");
    board_.add(id);
    queue_.push_back(Job{id, std::move(request), std::move(file)});
    lock.unlock();
    wake_.notify_one();
    return id;
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
        }
        try {
            store_.mark_running(job.id);
            execute(job.id, job.request, job.file);
        } catch (const std::exception&) {
            // recorded as failed, with the reason, by execute()
        }
        board_.remove(job.id);
    }
}

} // namespace sentinel::forensic
