// The unit of work of the LLM enrichment: a scored entry going out, better texts coming back.
#pragma once

#include "detectors/threat_model.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sentinel::security {

struct EnrichmentJob {
    std::string tenant;
    std::int64_t log_id = 0;
    LogEntry entry;
    Analysis analysis;
};

struct Enrichment {
    std::string summary;
    std::string prevention_measures;
};

// An enrichment, or why there is none.
struct EnrichmentResult {
    std::optional<Enrichment> enrichment;
    std::string failure; // set when enrichment is empty

    static EnrichmentResult success(Enrichment e) { return {std::move(e), {}}; }
    static EnrichmentResult failed(std::string why) { return {std::nullopt, std::move(why)}; }
};

} // namespace sentinel::security
