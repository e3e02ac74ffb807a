// One entry as the content detectors see it: the message and every string value of the metadata
// (recursively, bounded), each normalised for matching and named for evidence.
#pragma once

#include "threat_model.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sentinel::security {

struct InspectedField {
    std::string name; // "message", or the metadata key path ("path", "headers.user_agent", "urls[1]")
    std::string key;  // the innermost metadata key, lower-cased ("user_agent"); "" for the message
    std::string text; // normalise_for_matching() of the value
    bool is_message() const noexcept { return key.empty(); }
};

struct InspectedEntry {
    std::vector<InspectedField> fields; // the message first
    std::string source;                 // the entry's source, shortened for summaries
    std::string severity_level;         // as reported, upper-cased
    std::string client_ip;              // see entry_fields.hpp; "" when absent
    bool truncated = false;             // a bound stopped the walk
};

struct InspectionLimits {
    int max_depth = 4;                 // metadata nesting levels walked (the metadata object is level 1)
    std::size_t max_bytes = 64 * 1024; // raw text inspected in total, message included
};

InspectedEntry inspect(const LogEntry& entry, InspectionLimits limits = {});

} // namespace sentinel::security
