#include "curl_handles.hpp"

#include <mutex>

namespace http_probe {

EasyHandle make_easy() {
    EasyHandle h(curl_easy_init());
    if (!h) throw CurlError("curl_easy_init failed");
    return h;
}

MultiHandle make_multi() {
    MultiHandle h(curl_multi_init());
    if (!h) throw CurlError("curl_multi_init failed");
    return h;
}

UrlHandle make_url() {
    UrlHandle h(curl_url());
    if (!h) throw CurlError("curl_url failed");
    return h;
}

void slist_append(Slist& list, const std::string& item) {
    curl_slist* head = curl_slist_append(list.get(), item.c_str());
    if (!head) throw CurlError("curl_slist_append failed");
    (void)list.release(); // the old head is now part of `head`
    list.reset(head);
}

bool CurlGlobal::thread_safe() noexcept {
#ifdef CURL_VERSION_THREADSAFE
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    return info && (info->features & CURL_VERSION_THREADSAFE) != 0;
#else
    return false;
#endif
}

CurlGlobal::CurlGlobal() {
    if (thread_safe()) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw CurlError("curl_global_init failed");
        paired_ = true;
        return;
    }
    static std::once_flag once;
    static CURLcode rc = CURLE_OK;
    std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (rc != CURLE_OK) throw CurlError("curl_global_init failed");
}

CurlGlobal::~CurlGlobal() {
    if (paired_) curl_global_cleanup();
}

} // namespace http_probe
