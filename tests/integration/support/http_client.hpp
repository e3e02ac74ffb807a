// A small HTTP/1.1 client on libcurl's easy interface. One client keeps one connection alive
// between requests; it is not thread-safe (use one per thread).
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sentinel::it {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
    long status = 0;                            // 0: no response (see `error`)
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
    std::string error;                          // libcurl's description when status is 0

    std::optional<std::string> header(const std::string& lower_name) const;
    nlohmann::json json() const; // the parsed body; discarded (is_discarded()) when not JSON
};

Headers bearer(const std::string& key);
Headers api_key_header(const std::string& key);

class HttpClient {
public:
    explicit HttpClient(std::string base_url, std::chrono::milliseconds timeout = std::chrono::seconds(15));
    ~HttpClient();
    HttpClient(HttpClient&&) noexcept;
    HttpClient& operator=(HttpClient&&) noexcept;

    // `path` is appended to the base URL as is (no normalisation, no escaping).
    HttpResponse request(std::string_view method, std::string_view path, const Headers& headers = {},
                         std::optional<std::string_view> body = std::nullopt);
    HttpResponse get(std::string_view path, const Headers& headers = {});
    // POST with "Content-Type: application/json".
    HttpResponse post_json(std::string_view path, std::string_view body, const Headers& headers = {});

    const std::string& base_url() const { return base_url_; }

private:
    struct CurlDeleter {
        void operator()(void* handle) const;
    };
    std::string base_url_;
    std::chrono::milliseconds timeout_;
    std::unique_ptr<void, CurlDeleter> handle_;
};

} // namespace sentinel::it
