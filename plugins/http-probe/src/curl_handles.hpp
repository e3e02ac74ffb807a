// RAII owners of libcurl's handles, and the process-wide curl_global_init.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace http_probe {

struct EasyDeleter {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct MultiDeleter {
    void operator()(CURLM* h) const noexcept { curl_multi_cleanup(h); }
};
struct UrlDeleter {
    void operator()(CURLU* h) const noexcept { curl_url_cleanup(h); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

class CurlError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

EasyHandle make_easy();
MultiHandle make_multi();
UrlHandle make_url();

// Appends to a list (curl_slist_append returns a new head, or NULL leaving the old list intact).
void slist_append(Slist& list, const std::string& item);

// Holds one reference to libcurl's global state for as long as it lives. When libcurl reports
// CURL_VERSION_THREADSAFE, curl_global_init/cleanup are reference counted and thread-safe, so
// each instance pairs them. Otherwise initialisation happens once per process (std::call_once)
// and is never undone: cleaning up could race another thread's use of libcurl.
class CurlGlobal {
public:
    CurlGlobal();
    ~CurlGlobal();
    CurlGlobal(const CurlGlobal&) = delete;
    CurlGlobal& operator=(const CurlGlobal&) = delete;

    static bool thread_safe() noexcept;

private:
    bool paired_ = false;
};

} // namespace http_probe
