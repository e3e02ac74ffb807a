#include "support/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace sentinel::it {
namespace {

void init_curl_once() {
    static const bool initialised = [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
        return true;
    }();
    (void)initialised;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(std::string_view text) {
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

size_t append_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

size_t append_header(char* data, size_t size, size_t count, void* user) {
    auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        headers.clear(); // a new response (e.g. after "100 Continue") starts
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
        auto name = lower(std::string(line.substr(0, colon)));
        auto value = trim(line.substr(colon + 1));
        auto [it, inserted] = headers.emplace(name, value);
        if (!inserted) it->second += ", " + value;
    }
    return size * count;
}

// curl_slist as a scoped object.
class HeaderList {
public:
    ~HeaderList() { curl_slist_free_all(list_); }
    void add(const std::string& line) {
        auto* grown = curl_slist_append(list_, line.c_str());
        if (!grown) throw std::bad_alloc();
        list_ = grown;
    }
    curl_slist* get() const { return list_; }

private:
    curl_slist* list_ = nullptr;
};

} // namespace

std::optional<std::string> HttpResponse::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

nlohmann::json HttpResponse::json() const { return nlohmann::json::parse(body, nullptr, false); }

Headers bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }
Headers api_key_header(const std::string& key) { return {{"X-Api-Key", key}}; }

void HttpClient::CurlDeleter::operator()(void* handle) const { curl_easy_cleanup(static_cast<CURL*>(handle)); }

HttpClient::HttpClient(std::string base_url, std::chrono::milliseconds timeout)
    : base_url_(std::move(base_url)), timeout_(timeout) {
    init_curl_once();
    handle_.reset(curl_easy_init());
    if (!handle_) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

HttpResponse HttpClient::request(std::string_view method, std::string_view path, const Headers& headers,
                                 std::optional<std::string_view> body) {
    CURL* curl = static_cast<CURL*>(handle_.get());
    curl_easy_reset(curl); // keeps the open connection for the next request
    HttpResponse response;
    const std::string url = base_url_ + std::string(path);
    const std::string method_text(method);
    char error_buffer[CURL_ERROR_SIZE] = "";

    HeaderList header_list;
    header_list.add("Expect:"); // no "100-continue" round trip for larger bodies
    for (const auto& [name, value] : headers)
        header_list.add(value.empty() ? name + ";" : name + ": " + value); // "Name;" sends an empty value

    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);

    if (method_text == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
        if (method_text != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_text.c_str());
    } else if (method_text != "GET") {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_text.c_str());
    }

    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        response.status = 0;
        response.error = std::string(curl_easy_strerror(rc)) + (*error_buffer ? std::string(": ") + error_buffer : "");
        return response;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

HttpResponse HttpClient::get(std::string_view path, const Headers& headers) {
    return request("GET", path, headers);
}

HttpResponse HttpClient::post_json(std::string_view path, std::string_view body, const Headers& headers) {
    Headers all = headers;
    all.emplace_back("Content-Type", "application/json");
    return request("POST", path, all, body);
}

} // namespace sentinel::it
