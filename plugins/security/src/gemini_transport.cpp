#include "gemini_transport.hpp"

#include <curl/curl.h>

#include <mutex>
#include <stdexcept>

namespace sentinel::security {
namespace {

struct EasyDeleter {
    void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

struct Transfer {
    std::string body;
    bool too_large = false;
    std::stop_token stop;
};

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (transfer.body.size() + bytes > kMaxResponseBytes) {
        transfer.too_large = true;
        return 0; // makes libcurl fail the transfer with CURLE_WRITE_ERROR
    }
    transfer.body.append(data, bytes);
    return bytes;
}

// libcurl calls this at least once a second during a transfer; non-zero aborts it.
int abort_when_stopping(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<Transfer*>(user)->stop.stop_requested() ? 1 : 0;
}

bool libcurl_thread_safe() noexcept {
#ifdef CURL_VERSION_THREADSAFE
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    return info && (info->features & CURL_VERSION_THREADSAFE) != 0;
#else
    return false;
#endif
}

Slist header_list(const std::vector<std::string>& headers) {
    Slist list;
    for (const std::string& header : headers) {
        curl_slist* head = curl_slist_append(list.get(), header.c_str());
        if (!head) throw std::runtime_error("out of memory building request headers");
        (void)list.release(); // the old head is now part of `head`
        list.reset(head);
    }
    return list;
}

} // namespace

CurlTransport::CurlTransport() {
    // With a thread-safe libcurl, global init/cleanup are reference counted and can pair with
    // this object's life; otherwise initialise once per process and never clean up, so as not to
    // race another user of libcurl.
    if (libcurl_thread_safe()) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
        owns_global_init_ = true;
        return;
    }
    static std::once_flag once;
    static CURLcode rc = CURLE_OK;
    std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (rc != CURLE_OK) throw std::runtime_error("curl_global_init failed");
}

CurlTransport::~CurlTransport() {
    if (owns_global_init_) curl_global_cleanup();
}

HttpResult CurlTransport::post(const std::string& url, const std::vector<std::string>& headers,
                               const std::string& body, std::chrono::milliseconds timeout, std::stop_token stop) {
    EasyHandle easy(curl_easy_init());
    if (!easy) return {0, {}, "curl_easy_init failed"};
    std::vector<std::string> all_headers = headers;
    all_headers.emplace_back("Expect:"); // no 100-continue round trip
    const Slist header_lines = header_list(all_headers);
    Transfer transfer{{}, false, std::move(stop)};
    char error_text[CURL_ERROR_SIZE] = {};
    const long timeout_ms = static_cast<long>(timeout.count());

    CURL* h = easy.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_lines.get());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &abort_when_stopping);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);

    const CURLcode rc = curl_easy_perform(h);
    HttpResult result;
    if (rc != CURLE_OK) {
        if (transfer.too_large) result.error = "response larger than " + std::to_string(kMaxResponseBytes) + " bytes";
        else if (rc == CURLE_ABORTED_BY_CALLBACK) result.error = "aborted: shutting down";
        else if (rc == CURLE_OPERATION_TIMEDOUT) result.error = "timed out after " + std::to_string(timeout_ms) + " ms";
        else result.error = error_text[0] != '\0' ? std::string(error_text) : std::string(curl_easy_strerror(rc));
        return result;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.status);
    result.body = std::move(transfer.body);
    return result;
}

} // namespace sentinel::security
