#include "readers/csv_dialect.hpp"

#include <array>
#include <vector>

namespace sentinel::forensic {
namespace {

// Fields per non-blank record among the first records of `sample`, counting `delimiter` outside
// quotes only. A record cut by the end of the sample is left out unless the sample is the whole
// text.
std::vector<std::size_t> field_counts(std::string_view sample, bool sample_is_whole_text, char delimiter) {
    std::vector<std::size_t> counts;
    bool in_quotes = false;
    std::size_t fields = 1;
    bool blank = true;
    for (const char c : sample) {
        if (c == '"') {
            in_quotes = !in_quotes; // an escaped "" toggles twice
            blank = false;
        } else if (in_quotes) {
            continue;
        } else if (c == '\n') {
            if (!blank) counts.push_back(fields);
            if (counts.size() == kSniffRecords) return counts;
            fields = 1;
            blank = true;
        } else if (c != '\r') {
            blank = false;
            if (c == delimiter) ++fields;
        }
    }
    if (sample_is_whole_text && !blank && !in_quotes) counts.push_back(fields);
    return counts;
}

struct Candidate {
    std::size_t records_like_header = 0;
    std::size_t header_fields = 0;
    bool better_than(const Candidate& other) const {
        if (records_like_header != other.records_like_header) return records_like_header > other.records_like_header;
        return header_fields > other.header_fields;
    }
};

} // namespace

std::string_view without_utf8_bom(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    return bytes;
}

char sniff_delimiter(std::string_view text) {
    const bool whole = text.size() <= kSniffBytes;
    const std::string_view sample = text.substr(0, kSniffBytes);
    constexpr std::array<char, 3> kDelimiters{',', ';', '\t'};
    char chosen = ',';
    Candidate best;
    for (const char delimiter : kDelimiters) {
        const std::vector<std::size_t> counts = field_counts(sample, whole, delimiter);
        if (counts.empty() || counts.front() < 2) continue;
        Candidate candidate{0, counts.front()};
        for (const std::size_t count : counts) candidate.records_like_header += count == counts.front();
        if (candidate.better_than(best)) {
            best = candidate;
            chosen = delimiter;
        }
    }
    return chosen;
}

} // namespace sentinel::forensic
