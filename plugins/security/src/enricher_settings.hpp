// Configuration of the optional LLM enrichment ([plugin.security] llm_*). Enrichment is off
// unless llm_api_key is set.
#pragma once

#include <sentinel/sdk/host_services.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace sentinel::security {

struct EnricherSettings {
    std::string api_key; // empty: enrichment disabled
    std::string endpoint = "https://generativelanguage.googleapis.com"; // no trailing slash
    std::string model = "gemini-2.0-flash";
    std::chrono::milliseconds timeout{10000}; // per request, connection included
    std::size_t queue_capacity = 1000;
    int failure_threshold = 5;                // consecutive failures that open the circuit
    std::chrono::milliseconds open_for{60000}; // how long an open circuit refuses requests

    // Reads llm_api_key, llm_endpoint, llm_model, llm_timeout_ms, llm_queue_capacity,
    // llm_failure_threshold and llm_open_seconds. Throws sdk::ConfigError naming the key when a
    // value is malformed. The endpoint must be https://, or http:// to a loopback address (the
    // API key travels in a header).
    static EnricherSettings from(const sdk::Config& config);
};

} // namespace sentinel::security
