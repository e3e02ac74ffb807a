#include "upload.hpp"

#include "multipart.hpp"

#include <stdexcept>
#include <vector>

namespace sentinel::forensic {
namespace {

// Browsers may send a full client path as the file name.
std::string base_name(std::string_view name) {
    const auto slash = name.find_last_of("/\\");
    return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

} // namespace

Upload find_upload(const sdk::Request& request, std::uint64_t max_file_bytes) {
    const auto boundary = multipart_boundary(request.header("content-type").value_or(""));
    if (!boundary)
        throw sdk::HttpError(400, "Upload the file as multipart/form-data with a boundary, in a field named 'file'");
    std::vector<FormPart> parts;
    try {
        parts = parse_multipart(request.body, *boundary);
    } catch (const std::invalid_argument& e) {
        throw sdk::HttpError(400, std::string("Malformed multipart body: ") + e.what());
    }
    const FormPart* file = nullptr;
    for (const auto& part : parts)
        if (part.name == "file" && part.filename) file = &part;
    if (!file) throw sdk::HttpError(400, "No file: send it in a multipart field named 'file' with a filename");
    if (file->content.size() > max_file_bytes)
        throw sdk::HttpError(413, "The file is " + std::to_string(file->content.size()) +
                                      " bytes, above the limit of " + std::to_string(max_file_bytes) +
                                      " bytes (max_upload_mb)");
    Upload upload;
    upload.file_name = base_name(*file->filename);
    try {
        upload.kind = file_kind_from_name(upload.file_name);
    } catch (const ReadError& e) {
        throw sdk::HttpError(415, e.what());
    }
    upload.content = file->content;
    return upload;
}

} // namespace sentinel::forensic
