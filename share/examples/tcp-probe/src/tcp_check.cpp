#include "tcp_check.hpp"

#include <cerrno>
#include <charconv>
#include <memory>
#include <system_error>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tcp_probe {
namespace {

using Clock = std::chrono::steady_clock;

class Socket {
public:
    explicit Socket(int fd) noexcept : fd_(fd) {}
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const noexcept { return fd_; }

private:
    int fd_;
};

struct AddressListDeleter {
    void operator()(addrinfo* list) const noexcept { ::freeaddrinfo(list); }
};
using AddressList = std::unique_ptr<addrinfo, AddressListDeleter>;

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Connects a non-blocking socket and waits for the outcome until `deadline`.
// Returns 0 when connected, else an errno value (ETIMEDOUT when the deadline passed).
int connect_before(const addrinfo& address, Clock::time_point deadline) {
    const int type = address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC;
    Socket connection(::socket(address.ai_family, type, address.ai_protocol));
    if (connection.fd() < 0) return errno;
    if (::connect(connection.fd(), address.ai_addr, address.ai_addrlen) == 0) return 0;
    if (errno != EINPROGRESS) return errno;

    pollfd writable{connection.fd(), POLLOUT, 0};
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return ETIMEDOUT;
        const int ready = ::poll(&writable, 1, static_cast<int>(left.count()));
        if (ready > 0) break;
        if (ready == 0) return ETIMEDOUT;
        if (errno != EINTR) return errno;
    }
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(connection.fd(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
    return error;
}

std::string describe(int error) {
    switch (error) {
    case ECONNREFUSED: return "connection refused";
    case ETIMEDOUT: return "timed out";
    default: return std::generic_category().message(error);
    }
}

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

} // namespace

std::optional<Target> parse_target(std::string_view text) {
    text = trim(text);
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    const std::string_view digits = text.substr(colon + 1);
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (host.empty() || ec != std::errc() || end != digits.data() + digits.size() || port < 1 ||
        port > 65535)
        return std::nullopt;
    return Target{std::string(host), static_cast<std::uint16_t>(port)};
}

CheckResult check_tcp(const Target& target, std::chrono::milliseconds timeout) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(target.port);
    if (::getaddrinfo(target.host.c_str(), service.c_str(), &hints, &found) != 0)
        return {false, 0, "cannot resolve host"};
    const AddressList addresses(found);

    // One deadline for every address: a name with an IPv6 and an IPv4 address that both
    // black-hole still fails after `timeout`, not after twice as long.
    const auto start = Clock::now();
    const auto deadline = start + timeout;
    int error = ETIMEDOUT;
    for (const addrinfo* address = addresses.get(); address; address = address->ai_next) {
        error = connect_before(*address, deadline);
        if (error == 0) return {true, milliseconds_since(start), ""};
        if (Clock::now() >= deadline) break;
    }
    return {false, milliseconds_since(start), describe(error)};
}

} // namespace tcp_probe
