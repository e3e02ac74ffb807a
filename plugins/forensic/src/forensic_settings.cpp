#include "forensic_settings.hpp"

#include <sentinel/sdk/errors.hpp>

#include <cctype>
#include <charconv>

namespace sentinel::forensic {
namespace {

bool parse_bool(const sdk::Config& config, std::string_view key, bool fallback) {
    auto raw = config.get(key);
    if (!raw) return fallback;
    std::string v;
    for (char c : *raw)
        if (!std::isspace(static_cast<unsigned char>(c))) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
    if (v == "false" || v == "no" || v == "off" || v == "0") return false;
    throw sdk::ConfigError("configuration key '" + std::string(key) + "' must be true or false, got '" + *raw + "'");
}

} // namespace

ForensicSettings ForensicSettings::load(const sdk::Config& config) {
    ForensicSettings s;
    s.max_upload_bytes = static_cast<std::uint64_t>(config.get_int("max_upload_mb", 100, 1, 4096)) << 20;
    if (auto raw = config.get("threshold")) {
        double q = 0;
        auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), q);
        if (ec != std::errc() || end != raw->data() + raw->size() || !(q >= 0.5 && q <= 0.9999))
            throw sdk::ConfigError("configuration key 'threshold' must be a quantile from 0.5 to 0.9999, got '" + *raw + "'");
        s.threshold = q;
    }
    s.autoencoder = parse_bool(config, "autoencoder", true);
    s.autoencoder_min_rows = config.get_int("autoencoder_min_rows", 200, 10, 100'000'000);
    s.training_sample_rows = config.get_int("training_sample_rows", 20000, 100, 10'000'000);
    s.max_threats_returned = config.get_int("max_threats_returned", 1000, 1, 10'000'000);
    s.max_concurrent_scans = config.get_int("max_concurrent_scans", 1, 1, 16);
    s.max_queued_scans = config.get_int("max_queued_scans", 8, 0, 1000);
    s.history_retention_days = config.get_int("history_retention_days", 365, 0, 36500);
    return s;
}

} // namespace sentinel::forensic
