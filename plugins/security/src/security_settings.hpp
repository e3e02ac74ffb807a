// [plugin.security] settings, read once at start; a bad value stops the plugin naming the key.
#pragma once

#include "detectors/detectors.hpp"
#include "enricher_settings.hpp"

#include <sentinel/sdk/host_services.hpp>

namespace sentinel::security {

struct SecuritySettings {
    int feed_min_score = 40; // feed_min_severity: entries at or above it are "threats" in the feed
    WindowOptions window;    // window_minutes, brute_force_failures, stuffing_distinct_users,
                             // user_failures, port_scan_distinct_ports
    std::string rules_folder = "security"; // admin Lua rules: scripts/<rules_folder>/*.lua
    EnricherSettings enrichment;           // llm_*: off unless llm_api_key is set
    int enrich_min_score = 70;             // llm_min_severity: entries at or above it are enriched

    static SecuritySettings load(const sdk::Config& config);
};

} // namespace sentinel::security
