// A read-only zip archive in memory (libzip) whose entries are decompressed under a byte budget,
// so that a small upload cannot expand into gigabytes (zip bombs).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct zip;

namespace sentinel::forensic {

class ZipArchive {
public:
    // Opens `bytes` (which must outlive the archive); throws ReadError{Corrupt} when it is not a
    // zip archive. At most `budget` bytes are decompressed over the archive's lifetime.
    ZipArchive(std::string_view bytes, std::size_t budget);

    // The entry's decompressed content, or nullopt when there is no such entry (names compared
    // without case). Throws ReadError{Corrupt} when it cannot be read or exceeds the budget left.
    std::optional<std::string> read(const std::string& name);

private:
    struct Closer {
        void operator()(zip* archive) const noexcept;
    };
    std::unique_ptr<zip, Closer> archive_;
    std::size_t budget_left_;
};

// The default budget for an archive of `compressed_size` bytes: 20 times its size plus 100 MiB,
// at most 1 GiB.
std::size_t default_decompression_budget(std::size_t compressed_size);

} // namespace sentinel::forensic
