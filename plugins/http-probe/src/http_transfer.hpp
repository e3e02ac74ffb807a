// One HTTP(S) request on the curl loop, and what came back.
#pragma once

#include "curl_handles.hpp"
#include "curl_loop.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace http_probe {

inline constexpr const char* kUserAgent = "Sentinel-Monitor/1.0";
inline constexpr long kMaxRedirects = 10;

struct HttpRequest {
    std::string url;
    bool head = false;
    bool follow_redirects = true;
    bool verify_tls = true;
    std::string ca_file;              // empty: the system's trust store
    std::int64_t timeout_ms = 10000;
    bool want_certinfo = false;
    std::size_t max_body = 0;         // bytes of body kept; 0 discards it
    std::vector<std::string> resolve; // CURLOPT_RESOLVE entries, "host:port:address"
    std::vector<std::string> headers; // extra request headers
};

struct HttpResponse {
    bool aborted = false;     // the loop shut down before the transfer ended
    CURLcode code = CURLE_OK; // CURLE_OK also when the body was cut at max_body
    std::string error;        // when code != CURLE_OK: "connection refused", "timed out after ..."
    std::string curl_detail;  // libcurl's own error text
    int status = 0;
    std::string body;
    bool body_truncated = false;
    double total_ms = 0;
    double namelookup_ms = 0;
    nlohmann::json timings = nlohmann::json::object(); // dns/connect/tls/ttfb/total/redirect ms
    long redirect_count = 0;
    std::string effective_url;
    std::string primary_ip;
    std::vector<std::string> leaf_certificate; // CURLOPT_CERTINFO lines of the server's cert

    bool transport_ok() const noexcept { return !aborted && code == CURLE_OK; }
};

class HttpTransfer final : public Transfer {
public:
    using Callback = std::function<void(HttpResponse&&)>;

    // Throws CurlError when a handle or an option cannot be set up.
    HttpTransfer(const HttpRequest& request, Callback on_done);

    CURL* easy() const noexcept override { return easy_.get(); }
    void finished(CURLcode code, bool aborted) noexcept override;

private:
    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self) noexcept;
    void collect(HttpResponse& response, CURLcode code);

    EasyHandle easy_;
    Slist resolve_;
    Slist headers_;
    std::array<char, CURL_ERROR_SIZE> error_buffer_{};
    std::size_t max_body_;
    std::int64_t timeout_ms_;
    std::string body_;
    bool truncated_ = false;
    Callback on_done_;
};

} // namespace http_probe
