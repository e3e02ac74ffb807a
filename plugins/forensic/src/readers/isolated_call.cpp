#include "readers/isolated_call.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sentinel::forensic {
namespace {

class OwnedFd {
public:
    explicit OwnedFd(int fd = -1) noexcept : fd_(fd) {}
    ~OwnedFd() { reset(); }
    OwnedFd(const OwnedFd&) = delete;
    OwnedFd& operator=(const OwnedFd&) = delete;
    int get() const noexcept { return fd_; }
    void reset() noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

[[noreturn]] void run_child(const std::function<std::string()>& work, int output) noexcept {
    int status = 1;
    try {
        const std::string answer = work();
        std::size_t written = 0;
        while (written < answer.size()) {
            const ssize_t n = ::write(output, answer.data() + written, answer.size() - written);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            written += static_cast<std::size_t>(n);
        }
        if (written == answer.size()) status = 0;
    } catch (...) {
    }
    ::_exit(status); // no atexit handlers, no stdio flush: the parent owns those
}

// Reads everything until end of file or the deadline; false on timeout or a read error.
bool read_until_eof(int input, std::string& out, std::chrono::steady_clock::time_point deadline) {
    char buffer[64 * 1024];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd watch{input, POLLIN, 0};
        const int ready = ::poll(&watch, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return false;
        if (ready == 0) return false;
        const ssize_t n = ::read(input, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        out.append(buffer, static_cast<std::size_t>(n));
    }
}

int wait_for(pid_t child) {
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

} // namespace

std::optional<std::string> run_isolated(const std::function<std::string()>& work, std::chrono::milliseconds timeout) {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
    OwnedFd input(ends[0]);
    OwnedFd output(ends[1]);
    const pid_t child = ::fork();
    if (child < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
    if (child == 0) {
        input.reset();
        run_child(work, output.get());
    }
    output.reset(); // so that the read sees end of file when the child is gone
    std::string answer;
    const bool complete = read_until_eof(input.get(), answer, std::chrono::steady_clock::now() + timeout);
    if (!complete) ::kill(child, SIGKILL);
    const int status = wait_for(child);
    if (!complete || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    return answer;
}

} // namespace sentinel::forensic
