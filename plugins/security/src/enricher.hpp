// Optional LLM enrichment of scored entries: jobs go into a bounded queue and one worker thread
// asks a Gemini-compatible backend for a better summary and prevention advice, behind a timeout
// and a circuit breaker. Ingestion never waits for it: submit() never blocks, and a full queue,
// an open circuit or a disabled enricher just drops the job (the offline analysis stays).
#pragma once

#include "circuit_breaker.hpp"
#include "enricher_settings.hpp"
#include "enrichment.hpp"
#include "gemini_client.hpp"
#include "gemini_transport.hpp"

#include <sentinel/sdk/host_services.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

namespace sentinel::security {

class Enricher {
public:
    // Called on the worker thread; exceptions they throw are logged and swallowed. Every accepted
    // job ends in exactly one of the two, unless the enricher is destroyed first.
    using Sink = std::function<void(const EnrichmentJob&, const Enrichment&)>;
    using FailureSink = std::function<void(const EnrichmentJob&, const std::string& reason)>;

    // Disabled (no thread, submit() always false) when settings.api_key is empty.
    Enricher(EnricherSettings settings, sdk::Logger& log, Sink sink, FailureSink on_failure = {});
    // The same with another transport and breaker clock (tests).
    Enricher(EnricherSettings settings, sdk::Logger& log, std::unique_ptr<GeminiTransport> transport, Sink sink,
             FailureSink on_failure = {}, CircuitBreaker::Clock clock = CircuitBreaker::default_clock());
    // Stops the worker: an in-flight request is aborted within about a second, queued jobs are
    // discarded.
    ~Enricher();
    Enricher(const Enricher&) = delete;
    Enricher& operator=(const Enricher&) = delete;

    bool enabled() const;
    // Queues the job; false (and the job dropped) when disabled, the queue is full or the circuit
    // is open. Never blocks.
    bool submit(EnrichmentJob job);
    // {"enabled", "state": "closed|open|half_open", "queued", "succeeded", "failed", "dropped"}
    nlohmann::json status() const;

private:
    void work(std::stop_token stop);
    void process(const EnrichmentJob& job, std::stop_token stop);
    void report_failure(const EnrichmentJob& job, const std::string& reason);

    const EnricherSettings settings_;
    sdk::Logger& log_;
    const Sink sink_;
    const FailureSink on_failure_;
    std::unique_ptr<GeminiTransport> transport_;
    CircuitBreaker breaker_;
    std::optional<GeminiClient> client_; // set when enabled

    mutable std::mutex mutex_;
    std::condition_variable_any wake_;
    std::deque<EnrichmentJob> queue_;
    std::atomic<std::uint64_t> succeeded_{0};
    std::atomic<std::uint64_t> failed_{0};
    std::atomic<std::uint64_t> dropped_{0};

    std::jthread worker_; // last: starts after, and stops before, everything it uses
};

} // namespace sentinel::security
