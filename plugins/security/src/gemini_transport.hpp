// The HTTP POST the Gemini client needs, behind an interface so that tests can answer without a
// network. CurlTransport is the real one (libcurl easy handle, blocking, abortable).
#pragma once

#include <chrono>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace sentinel::security {

struct HttpResult {
    long status = 0;   // the HTTP status, 0 when no answer arrived
    std::string body;
    std::string error; // set when no complete answer arrived: timeout, refused, aborted, too large
};

class GeminiTransport {
public:
    virtual ~GeminiTransport() = default;
    // POSTs `body`; `headers` are "Name: value" lines. Gives up after `timeout` (connection
    // included) and soon after `stop` is requested.
    virtual HttpResult post(const std::string& url, const std::vector<std::string>& headers,
                            const std::string& body, std::chrono::milliseconds timeout,
                            std::stop_token stop) = 0;
};

inline constexpr std::size_t kMaxResponseBytes = 1 << 20;

class CurlTransport final : public GeminiTransport {
public:
    CurlTransport();
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    HttpResult post(const std::string& url, const std::vector<std::string>& headers, const std::string& body,
                    std::chrono::milliseconds timeout, std::stop_token stop) override;

private:
    bool owns_global_init_ = false;
};

} // namespace sentinel::security
