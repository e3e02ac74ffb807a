#include "support/raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace sentinel::it {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(std::string_view text) {
    auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

// Parses "HTTP/1.1 200 OK\r\nName: value\r\n..." (without the blank line).
RawResponse parse_head(std::string_view head) {
    RawResponse r;
    auto line_end = head.find("\r\n");
    auto status_line = head.substr(0, line_end);
    auto space = status_line.find(' ');
    if (space != std::string_view::npos) {
        auto digits = status_line.substr(space + 1, 3);
        std::from_chars(digits.data(), digits.data() + digits.size(), r.status);
    }
    while (line_end != std::string_view::npos) {
        auto start = line_end + 2;
        line_end = head.find("\r\n", start);
        auto line = head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
        if (auto colon = line.find(':'); colon != std::string_view::npos)
            r.headers[lower(std::string(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    }
    return r;
}

} // namespace

std::ostream& operator<<(std::ostream& out, RawReadResult::Outcome outcome) {
    switch (outcome) {
    case RawReadResult::Outcome::Response: return out << "Response";
    case RawReadResult::Outcome::Closed: return out << "Closed";
    case RawReadResult::Outcome::TimedOut: return out << "TimedOut";
    }
    return out << "?";
}

HttpResponse as_http_response(const RawResponse& raw) {
    HttpResponse r;
    r.status = raw.status;
    r.headers = raw.headers;
    r.body = raw.body;
    return r;
}

RawConnection::RawConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        int error = errno;
        ::close(fd_);
        throw std::system_error(error, std::generic_category(), "connect to port " + std::to_string(port));
    }
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

RawConnection::ReadStatus RawConnection::read_more(std::chrono::steady_clock::time_point deadline) {
    using namespace std::chrono;
    for (;;) {
        auto left = duration_cast<milliseconds>(deadline - steady_clock::now()).count();
        if (left <= 0) return ReadStatus::TimedOut;
        pollfd p{fd_, POLLIN, 0};
        int ready = ::poll(&p, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return ReadStatus::TimedOut;
        char chunk[16384];
        auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return ReadStatus::Closed; // orderly close or reset
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return ReadStatus::Data;
    }
}

std::string RawConnection::read_until(std::string_view needle, std::chrono::milliseconds timeout, std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto occurrences = [&] {
        std::size_t n = 0;
        for (auto at = buffer_.find(needle); at != std::string::npos; at = buffer_.find(needle, at + needle.size())) ++n;
        return n;
    };
    while (occurrences() < count) {
        if (read_more(deadline) != ReadStatus::Data) break;
    }
    return buffer_;
}

RawReadResult RawConnection::read_response(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    RawReadResult result;
    std::size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        auto status = read_more(deadline);
        if (status == ReadStatus::TimedOut) return result;
        if (status == ReadStatus::Closed) {
            result.outcome = RawReadResult::Outcome::Closed;
            return result;
        }
    }
    RawResponse response = parse_head(std::string_view(buffer_).substr(0, head_end));
    buffer_.erase(0, head_end + 4);

    std::optional<std::size_t> length;
    if (auto it = response.headers.find("content-length"); it != response.headers.end()) {
        std::size_t n = 0;
        std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
        length = n;
    }
    for (;;) {
        if (length && buffer_.size() >= *length) break;
        auto status = read_more(deadline);
        if (status == ReadStatus::TimedOut) return result;
        if (status == ReadStatus::Closed) {
            if (length) { // cut short
                result.outcome = RawReadResult::Outcome::Closed;
                return result;
            }
            break; // no Content-Length: the body ends with the connection
        }
    }
    const std::size_t body_size = length ? *length : buffer_.size();
    response.body = buffer_.substr(0, body_size);
    buffer_.erase(0, body_size);
    result.outcome = RawReadResult::Outcome::Response;
    result.response = std::move(response);
    return result;
}

} // namespace sentinel::it
