// [plugin.forensic] settings, read once at start; a bad value stops the plugin with a message
// naming the key.
#pragma once

#include <sentinel/sdk/host_services.hpp>

#include <cstdint>

namespace sentinel::forensic {

struct ForensicSettings {
    std::uint64_t max_upload_bytes = 100ull << 20; // max_upload_mb
    double threshold = 0.98;
    bool autoencoder = true;
    std::int64_t autoencoder_min_rows = 200;
    std::int64_t training_sample_rows = 20000;
    std::int64_t max_threats_returned = 1000;
    std::int64_t max_concurrent_scans = 1;
    std::int64_t max_queued_scans = 8;
    std::int64_t history_retention_days = 365; // 0 = keep

    static ForensicSettings load(const sdk::Config& config);
};

} // namespace sentinel::forensic
