// The uploaded file of a POST /audit/scan request: the multipart field `file` with a file name,
// checked for size and type. Problems are client errors: 400 (not multipart, malformed, no file),
// 413 (above the configured limit), 415 (not .csv, .xls or .xlsx).
#pragma once

#include "readers/numeric_table.hpp"

#include <sentinel/sdk/http.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace sentinel::forensic {

struct Upload {
    std::string file_name;    // the last path segment of the client's file name
    FileKind kind = FileKind::Csv;
    std::string_view content; // a view into the request body
};

// Throws sdk::HttpError (400, 413, 415) naming the problem.
Upload find_upload(const sdk::Request& request, std::uint64_t max_file_bytes);

} // namespace sentinel::forensic
