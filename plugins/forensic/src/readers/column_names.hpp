// Header names as the client sees them: trimmed, valid UTF-8, never empty, never repeated.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sentinel::forensic {

// Trims each name, replaces invalid UTF-8 with U+FFFD, names an empty header "column_<n>" (n is the
// 1-based position) and renames repeats "<name>_2", "<name>_3"... so every name is unique.
std::vector<std::string> unique_column_names(const std::vector<std::string>& raw_names);

// `text` with every byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

} // namespace sentinel::forensic
