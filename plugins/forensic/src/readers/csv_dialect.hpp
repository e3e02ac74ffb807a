// The shape of a CSV export: which delimiter separates its fields.
#pragma once

#include <string_view>

namespace sentinel::forensic {

// How much of the start of a file the sniffer looks at.
inline constexpr std::size_t kSniffBytes = 64 * 1024;
inline constexpr std::size_t kSniffRecords = 50;

// The delimiter among ',' ';' and '\t' that splits the first records (quotes respected, blank
// lines ignored) most consistently: the most records with as many fields as the header, then the
// most fields, then that order. ',' when none splits the header (a single-column file).
char sniff_delimiter(std::string_view text);

// `bytes` without a leading UTF-8 byte order mark.
std::string_view without_utf8_bom(std::string_view bytes);

} // namespace sentinel::forensic
