// Builds zip archives in memory for the .xlsx tests (libzip). Header-only: the test target
// compiles *_test.cpp files only.
#pragma once

#include <zip.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sentinel::forensic::testing {

using ZipEntries = std::vector<std::pair<std::string, std::string>>; // name, content

// The bytes of a zip archive holding `entries` (deflated).
inline std::string make_zip(const ZipEntries& entries) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_t* archive = buffer != nullptr ? zip_open_from_source(buffer, ZIP_TRUNCATE, &error) : nullptr;
    zip_error_fini(&error);
    if (archive == nullptr) throw std::runtime_error("cannot create a zip archive");
    zip_source_keep(buffer); // read back after zip_close
    for (const auto& [name, content] : entries) {
        zip_source_t* data = zip_source_buffer(archive, content.data(), content.size(), 0);
        if (data == nullptr || zip_file_add(archive, name.c_str(), data, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(data);
            zip_discard(archive);
            zip_source_free(buffer);
            throw std::runtime_error("cannot add " + name);
        }
    }
    if (zip_close(archive) != 0) {
        zip_discard(archive);
        zip_source_free(buffer);
        throw std::runtime_error("cannot write the zip archive");
    }
    std::string bytes;
    if (zip_source_open(buffer) == 0) {
        zip_source_seek(buffer, 0, SEEK_END);
        bytes.resize(static_cast<std::size_t>(zip_source_tell(buffer)));
        zip_source_seek(buffer, 0, SEEK_SET);
        const zip_int64_t got = zip_source_read(buffer, bytes.data(), bytes.size());
        bytes.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
        zip_source_close(buffer);
    }
    zip_source_free(buffer);
    return bytes;
}

} // namespace sentinel::forensic::testing
