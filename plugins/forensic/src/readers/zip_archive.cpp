#include "readers/zip_archive.hpp"

#include "readers/numeric_table.hpp"

#include <zip.h>

#include <algorithm>

namespace sentinel::forensic {
namespace {

constexpr std::size_t kMiB = 1024 * 1024;
constexpr std::size_t kReadChunk = 1 * kMiB;

ReadError not_an_xlsx(const std::string& reason) {
    return ReadError(ReadError::Kind::Corrupt, "Not a valid .xlsx file: " + reason);
}

ReadError too_large(const std::string& name) {
    return not_an_xlsx(name + " is too large when decompressed");
}

struct ZipFileCloser {
    void operator()(zip_file_t* file) const noexcept { zip_fclose(file); }
};

} // namespace

void ZipArchive::Closer::operator()(zip* archive) const noexcept { zip_discard(archive); }

std::size_t default_decompression_budget(std::size_t compressed_size) {
    constexpr std::size_t kCeiling = 1024 * kMiB;
    if (compressed_size > kCeiling / 20) return kCeiling;
    return std::min(kCeiling, compressed_size * 20 + 100 * kMiB);
}

ZipArchive::ZipArchive(std::string_view bytes, std::size_t budget) : budget_left_(budget) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
        zip_error_fini(&error);
        throw not_an_xlsx("cannot read the upload");
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive == nullptr) {
        zip_source_free(source); // on failure the source still belongs to the caller
        const std::string reason = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw not_an_xlsx("not a zip archive (" + reason + ")");
    }
    zip_error_fini(&error);
    archive_.reset(archive);
}

std::optional<std::string> ZipArchive::read(const std::string& name) {
    const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::nullopt;
    const auto entry = static_cast<zip_uint64_t>(index);
    zip_stat_t stat;
    zip_stat_init(&stat);
    std::string content;
    if (zip_stat_index(archive_.get(), entry, 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) != 0) {
        if (stat.size > budget_left_) throw too_large(name);
        content.reserve(static_cast<std::size_t>(stat.size));
    }
    const std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive_.get(), entry, 0));
    if (!file) throw not_an_xlsx("cannot open " + name + " (" + zip_strerror(archive_.get()) + ")");
    // The declared size may lie: the budget is enforced on the bytes actually produced.
    for (;;) {
        const std::size_t before = content.size();
        const std::size_t chunk = std::min(kReadChunk, budget_left_ + 1);
        content.resize(before + chunk);
        const zip_int64_t got = zip_fread(file.get(), content.data() + before, chunk);
        if (got < 0) throw not_an_xlsx("cannot read " + name + " (" + zip_file_strerror(file.get()) + ")");
        content.resize(before + static_cast<std::size_t>(got));
        if (content.size() > budget_left_) throw too_large(name);
        if (got == 0) break;
    }
    budget_left_ -= content.size();
    return content;
}

} // namespace sentinel::forensic
