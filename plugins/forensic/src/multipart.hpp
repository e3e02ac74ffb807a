// multipart/form-data (RFC 7578) over a body held in memory: the parts' names, file names and
// contents as views into the body, without copying the (possibly large) file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::forensic {

struct FormPart {
    std::string name;
    std::optional<std::string> filename;
    std::string_view content;
};

// The boundary of a "multipart/form-data; boundary=..." content type; nullopt otherwise.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Every part; throws std::invalid_argument naming the problem when the body is malformed.
std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary);

} // namespace sentinel::forensic
