#include "http_transfer.hpp"

#include <algorithm>
#include <cerrno>

namespace http_probe {
namespace {

template <typename T>
void set(CURL* easy, CURLoption option, T value) {
    if (curl_easy_setopt(easy, option, value) != CURLE_OK)
        throw CurlError("curl_easy_setopt(" + std::to_string(static_cast<int>(option)) + ") failed");
}

double ms(curl_off_t microseconds) { return static_cast<double>(microseconds) / 1000.0; }

curl_off_t time_info(CURL* easy, CURLINFO info) {
    curl_off_t value = 0;
    if (curl_easy_getinfo(easy, info, &value) != CURLE_OK) return 0;
    return value;
}

} // namespace

HttpTransfer::HttpTransfer(const HttpRequest& request, Callback on_done)
    : easy_(make_easy()), max_body_(request.max_body), timeout_ms_(request.timeout_ms),
      on_done_(std::move(on_done)) {
    CURL* e = easy_.get();
    set(e, CURLOPT_URL, request.url.c_str());
    set(e, CURLOPT_ERRORBUFFER, error_buffer_.data());
    set(e, CURLOPT_NOSIGNAL, 1L);
    set(e, CURLOPT_USERAGENT, kUserAgent);
    set(e, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_ms));
#if LIBCURL_VERSION_NUM >= 0x075500
    set(e, CURLOPT_PROTOCOLS_STR, "http,https");
    set(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    set(e, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    set(e, CURLOPT_REDIR_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    set(e, CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
    set(e, CURLOPT_MAXREDIRS, kMaxRedirects);
    set(e, CURLOPT_NOBODY, request.head ? 1L : 0L);
    set(e, CURLOPT_ACCEPT_ENCODING, "");
    // Every check measures a whole fresh exchange: no connection, session or DNS reuse from
    // earlier checks, and a full TLS handshake, which is also what fills CURLOPT_CERTINFO.
    set(e, CURLOPT_FRESH_CONNECT, 1L);
    set(e, CURLOPT_FORBID_REUSE, 1L);
    set(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    set(e, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
    set(e, CURLOPT_SSL_VERIFYPEER, request.verify_tls ? 1L : 0L);
    set(e, CURLOPT_SSL_VERIFYHOST, request.verify_tls ? 2L : 0L);
    if (!request.ca_file.empty()) set(e, CURLOPT_CAINFO, request.ca_file.c_str());
    if (request.want_certinfo) set(e, CURLOPT_CERTINFO, 1L);
    set(e, CURLOPT_WRITEFUNCTION, &HttpTransfer::on_body);
    set(e, CURLOPT_WRITEDATA, static_cast<void*>(this));
    for (const auto& entry : request.resolve) slist_append(resolve_, entry);
    if (resolve_) set(e, CURLOPT_RESOLVE, resolve_.get());
    for (const auto& header : request.headers) slist_append(headers_, header);
    if (headers_) set(e, CURLOPT_HTTPHEADER, headers_.get());
}

std::size_t HttpTransfer::on_body(char* data, std::size_t size, std::size_t count, void* user) noexcept {
    auto* self = static_cast<HttpTransfer*>(user);
    const std::size_t bytes = size * count;
    if (self->max_body_ == 0) return bytes;
    const std::size_t room = self->max_body_ - self->body_.size();
    try {
        self->body_.append(data, std::min(bytes, room));
    } catch (...) {
        return 0;
    }
    if (bytes > room) {
        // Enough to judge: stop downloading (ends the transfer with CURLE_WRITE_ERROR).
        self->truncated_ = true;
        return 0;
    }
    return bytes;
}

void HttpTransfer::collect(HttpResponse& r, CURLcode code) {
    CURL* e = easy_.get();
    r.code = (code == CURLE_WRITE_ERROR && truncated_) ? CURLE_OK : code;
    r.body_truncated = truncated_;
    r.body = std::move(body_);

    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    r.status = static_cast<int>(status);
    curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &r.redirect_count);
    char* text = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &text) == CURLE_OK && text) r.effective_url = text;
    text = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &text) == CURLE_OK && text) r.primary_ip = text;

    // libcurl's times are cumulative from the start of the (last) request; turn them into phases.
    const curl_off_t dns = time_info(e, CURLINFO_NAMELOOKUP_TIME_T);
    const curl_off_t connect = std::max(dns, time_info(e, CURLINFO_CONNECT_TIME_T));
    const curl_off_t tls = time_info(e, CURLINFO_APPCONNECT_TIME_T);
    const curl_off_t ready = std::max(connect, tls);
    const curl_off_t first_byte = time_info(e, CURLINFO_STARTTRANSFER_TIME_T);
    const curl_off_t total = time_info(e, CURLINFO_TOTAL_TIME_T);
    r.namelookup_ms = ms(dns);
    r.total_ms = ms(total);
    r.timings = {{"dns_ms", ms(dns)},
                 {"connect_ms", ms(connect - dns)},
                 {"tls_ms", tls > 0 ? ms(tls - connect) : 0.0},
                 {"ttfb_ms", first_byte > 0 ? ms(std::max<curl_off_t>(0, first_byte - ready)) : 0.0},
                 {"total_ms", ms(total)},
                 {"redirect_ms", ms(time_info(e, CURLINFO_REDIRECT_TIME_T))}};

    curl_certinfo* certs = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_CERTINFO, &certs) == CURLE_OK && certs && certs->num_of_certs > 0)
        for (curl_slist* line = certs->certinfo[0]; line; line = line->next)
            r.leaf_certificate.emplace_back(line->data);

    if (r.code == CURLE_OK) return;
    r.curl_detail = error_buffer_[0] ? std::string(error_buffer_.data()) : curl_easy_strerror(code);
    long os_errno = 0;
    curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &os_errno);
    switch (r.code) {
    case CURLE_OPERATION_TIMEDOUT:
        r.error = "timed out after " + std::to_string(timeout_ms_) + " ms";
        break;
    case CURLE_COULDNT_CONNECT:
        r.error = os_errno == ECONNREFUSED ? "connection refused" : r.curl_detail;
        break;
    case CURLE_TOO_MANY_REDIRECTS:
        r.error = "too many redirects (more than " + std::to_string(kMaxRedirects) + ")";
        break;
    default:
        r.error = r.curl_detail;
    }
}

void HttpTransfer::finished(CURLcode code, bool aborted) noexcept {
    try {
        HttpResponse response;
        if (aborted) {
            response.aborted = true;
            response.code = code;
            response.error = "shutting down";
        } else {
            collect(response, code);
        }
        on_done_(std::move(response));
    } catch (...) {
        // The callback owns completing the check; a failure here has nowhere else to go.
    }
}

} // namespace http_probe
