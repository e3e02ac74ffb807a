// A private temporary file holding some bytes, removed when the object goes (for libraries that
// only read from a path).
#pragma once

#include <string>
#include <string_view>

namespace sentinel::forensic {

class PrivateTempFile {
public:
    // Creates the file (mode 0600, in $TMPDIR or /tmp) with `bytes`; throws std::runtime_error.
    explicit PrivateTempFile(std::string_view bytes);
    ~PrivateTempFile();
    PrivateTempFile(const PrivateTempFile&) = delete;
    PrivateTempFile& operator=(const PrivateTempFile&) = delete;

    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

} // namespace sentinel::forensic
