#include "readers/temp_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <unistd.h>
#include <vector>

namespace sentinel::forensic {
namespace {

std::string temp_directory() {
    const char* configured = std::getenv("TMPDIR");
    return configured != nullptr && *configured != '\0' ? configured : "/tmp";
}

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

} // namespace

PrivateTempFile::PrivateTempFile(std::string_view bytes) {
    std::string pattern = temp_directory() + "/sentinel-forensic-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data()); // mode 0600
    if (fd < 0) throw std::runtime_error("cannot create a temporary file: " + std::string(std::strerror(errno)));
    path_ = name.data();
    const bool written = write_all(fd, bytes);
    const int saved_errno = errno;
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) {
        ::unlink(path_.c_str());
        throw std::runtime_error("cannot write a temporary file: " + std::string(std::strerror(saved_errno)));
    }
}

PrivateTempFile::~PrivateTempFile() { ::unlink(path_.c_str()); }

} // namespace sentinel::forensic
