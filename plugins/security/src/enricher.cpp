#include "enricher.hpp"

#include <exception>

namespace sentinel::security {

Enricher::Enricher(EnricherSettings settings, sdk::Logger& log, Sink sink, FailureSink on_failure)
    : Enricher(settings, log, settings.api_key.empty() ? nullptr : std::make_unique<CurlTransport>(), std::move(sink),
               std::move(on_failure)) {}

Enricher::Enricher(EnricherSettings settings, sdk::Logger& log, std::unique_ptr<GeminiTransport> transport, Sink sink,
                   FailureSink on_failure, CircuitBreaker::Clock clock)
    : settings_(std::move(settings)), log_(log), sink_(std::move(sink)), on_failure_(std::move(on_failure)),
      transport_(std::move(transport)), breaker_(settings_.failure_threshold, settings_.open_for, std::move(clock)) {
    if (!enabled()) return;
    client_.emplace(settings_, *transport_);
    worker_ = std::jthread([this](std::stop_token stop) { work(std::move(stop)); });
}

Enricher::~Enricher() {
    if (worker_.joinable()) {
        worker_.request_stop();
        worker_.join();
    }
}

bool Enricher::enabled() const { return !settings_.api_key.empty() && transport_ != nullptr; }

bool Enricher::submit(EnrichmentJob job) {
    if (!enabled()) return false;
    if (breaker_.state() == CircuitBreaker::State::Open) {
        ++dropped_;
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= settings_.queue_capacity) {
            ++dropped_;
            return false;
        }
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

nlohmann::json Enricher::status() const {
    std::size_t queued = 0;
    {
        std::lock_guard lock(mutex_);
        queued = queue_.size();
    }
    return {{"enabled", enabled()},
            {"state", circuit_state_name(breaker_.state())},
            {"queued", queued},
            {"succeeded", succeeded_.load()},
            {"failed", failed_.load()},
            {"dropped", dropped_.load()}};
}

void Enricher::work(std::stop_token stop) {
    while (!stop.stop_requested()) {
        EnrichmentJob job;
        {
            std::unique_lock lock(mutex_);
            if (!wake_.wait(lock, stop, [this] { return !queue_.empty(); })) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        process(job, stop);
    }
}

void Enricher::process(const EnrichmentJob& job, std::stop_token stop) {
    const bool trial = breaker_.state() == CircuitBreaker::State::HalfOpen;
    if (!breaker_.try_acquire()) {
        ++dropped_;
        report_failure(job, "circuit open: the LLM backend failed repeatedly");
        return;
    }
    const EnrichmentResult result = client_->enrich(job.entry, job.analysis, stop);
    if (stop.stop_requested() && !result.enrichment) return; // shutting down: not the backend's fault
    if (!result.enrichment) {
        ++failed_;
        if (breaker_.record_failure() == CircuitBreaker::State::Open)
            log_.warn("security: LLM enrichment paused for " + std::to_string(settings_.open_for.count() / 1000) +
                      " s after failures, last: " + result.failure);
        else
            log_.debug("security: LLM enrichment of log " + std::to_string(job.log_id) + " failed: " + result.failure);
        report_failure(job, result.failure);
        return;
    }
    breaker_.record_success();
    ++succeeded_;
    if (trial) log_.info("security: LLM enrichment resumed");
    try {
        if (sink_) sink_(job, *result.enrichment);
    } catch (const std::exception& e) {
        log_.warn("security: storing the LLM enrichment of log " + std::to_string(job.log_id) + " failed: " + e.what());
    }
}

void Enricher::report_failure(const EnrichmentJob& job, const std::string& reason) {
    if (!on_failure_) return;
    try {
        on_failure_(job, reason);
    } catch (const std::exception& e) {
        log_.warn("security: the LLM enrichment failure handler failed: " + std::string(e.what()));
    }
}

} // namespace sentinel::security
