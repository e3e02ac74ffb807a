// The Gemini generateContent REST shape: the prompt for one scored entry, the request, and the
// parsing of the answer into an Enrichment. The model only rewrites the texts; it never changes
// the score.
#pragma once

#include "enricher_settings.hpp"
#include "enrichment.hpp"
#include "gemini_transport.hpp"

#include <stop_token>
#include <string>
#include <string_view>

namespace sentinel::security {

inline constexpr std::size_t kPromptMessageBytes = 4096;  // the entry's message is cut here
inline constexpr std::size_t kPromptMetadataBytes = 4096; // and its metadata (as JSON text) here
inline constexpr std::size_t kMaxEnrichedTextBytes = 2000;

// The instruction and the data: the entry (untrusted, marked as such) and the offline analysis.
std::string gemini_prompt(const LogEntry& entry, const Analysis& analysis);
// The generateContent request body for `prompt` (JSON answer asked for, temperature 0.2).
std::string gemini_request_body(std::string_view prompt);
// The enrichment in a generateContent response body (candidates[0].content.parts[0].text, a JSON
// object, possibly in ``` fences), or what is wrong with it.
EnrichmentResult parse_gemini_response(std::string_view body);

class GeminiClient {
public:
    GeminiClient(EnricherSettings settings, GeminiTransport& transport);

    // One request; any transport failure, non-2xx status or unusable answer is a failure. The
    // failure text never contains the API key.
    EnrichmentResult enrich(const LogEntry& entry, const Analysis& analysis, std::stop_token stop);

private:
    std::string redacted(std::string text) const;

    EnricherSettings settings_;
    GeminiTransport& transport_;
    std::string url_;
};

} // namespace sentinel::security
