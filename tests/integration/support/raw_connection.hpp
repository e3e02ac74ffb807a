// A plain TCP connection to the server, for requests libcurl would refuse to send (garbage
// request lines, unfinished headers) and for checking connection reuse byte by byte.
#pragma once

#include "support/http_client.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <string_view>

namespace sentinel::it {

struct RawResponse {
    int status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
};

struct RawReadResult {
    enum class Outcome { Response, Closed, TimedOut };
    Outcome outcome = Outcome::TimedOut;
    RawResponse response; // set when outcome == Response
};

std::ostream& operator<<(std::ostream& out, RawReadResult::Outcome outcome);

// The raw response as an HttpResponse, for the same checks as libcurl's.
HttpResponse as_http_response(const RawResponse& raw);

class RawConnection {
public:
    explicit RawConnection(std::uint16_t port); // connects to 127.0.0.1:<port>; throws on failure
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // False when the peer has already closed the connection.
    bool send(std::string_view bytes);
    // Reads one response framed by Content-Length (or by the connection closing).
    RawReadResult read_response(std::chrono::milliseconds timeout);
    // For streamed responses: reads until the bytes received contain `needle` occurrence number
    // `count` or the timeout passes; returns every byte received so far (also on timeout or close)
    // and leaves them unconsumed.
    std::string read_until(std::string_view needle, std::chrono::milliseconds timeout, std::size_t count = 1);

private:
    enum class ReadStatus { Data, Closed, TimedOut };
    ReadStatus read_more(std::chrono::steady_clock::time_point deadline);

    int fd_ = -1;
    std::string buffer_;
};

} // namespace sentinel::it
