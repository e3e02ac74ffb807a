#include "url_parts.hpp"

#include "curl_handles.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <arpa/inet.h>

namespace http_probe {
namespace {

struct CurlString {
    char* text = nullptr;
    ~CurlString() { curl_free(text); }
};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<std::string> part(CURLU* url, CURLUPart which) {
    CurlString value;
    if (curl_url_get(url, which, &value.text, 0) != CURLUE_OK || !value.text) return std::nullopt;
    return std::string(value.text);
}

// Second-level labels under which registries sell names (the common ccTLD cases).
constexpr std::array kSecondLevelSuffixes{
    "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "ac.uk", "gov.uk",
    "com.au", "net.au", "org.au", "edu.au", "gov.au", "co.nz", "org.nz", "net.nz",
    "co.jp", "ne.jp", "or.jp", "ac.jp", "co.za", "org.za", "com.br", "net.br", "org.br",
    "com.cn", "net.cn", "org.cn", "com.mx", "com.tr", "com.ar", "co.in", "net.in", "org.in",
    "co.kr", "or.kr", "com.sg", "com.hk", "com.tw", "co.il", "com.pl", "co.id", "com.my"};

} // namespace

std::optional<UrlParts> parse_url(std::string_view text, std::string& error) {
    if (text.empty()) {
        error = "is required";
        return std::nullopt;
    }
    if (text.size() > 2048) {
        error = "must be at most 2048 characters";
        return std::nullopt;
    }
    UrlHandle url = make_url();
    const std::string copy(text);
    // No default scheme: a URL without one is not absolute and is refused.
    if (curl_url_set(url.get(), CURLUPART_URL, copy.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
        error = "must be an absolute http:// or https:// URL";
        return std::nullopt;
    }
    UrlParts out;
    out.scheme = lower(part(url.get(), CURLUPART_SCHEME).value_or(""));
    if (out.scheme != "http" && out.scheme != "https") {
        error = "must use the http or https scheme";
        return std::nullopt;
    }
    std::string host = lower(part(url.get(), CURLUPART_HOST).value_or(""));
    // Host names are case-insensitive: the normalised URL carries the lower-case form.
    if (!host.empty() && curl_url_set(url.get(), CURLUPART_HOST, host.c_str(), 0) != CURLUE_OK) {
        error = "must name a valid host";
        return std::nullopt;
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) {
        error = "must name a host";
        return std::nullopt;
    }
    out.host = std::move(host);
    auto normalised = part(url.get(), CURLUPART_URL);
    if (!normalised) {
        error = "must be an absolute http:// or https:// URL";
        return std::nullopt;
    }
    out.url = std::move(*normalised);
    return out;
}

bool is_ip_literal(std::string_view host) {
    std::string h(host);
    const auto zone = h.find('%');
    if (zone != std::string::npos) h.resize(zone);
    unsigned char buffer[16];
    return inet_pton(AF_INET, h.c_str(), buffer) == 1 || inet_pton(AF_INET6, h.c_str(), buffer) == 1;
}

bool is_local_name(std::string_view host) {
    std::string h = lower(host);
    if (h.ends_with('.')) h.pop_back();
    return h == "localhost" || h.ends_with(".localhost") || h.find('.') == std::string::npos;
}

std::string registrable_domain(std::string_view host) {
    std::string h = lower(host);
    if (h.ends_with('.')) h.pop_back();
    auto label_start = [&h](std::size_t labels) -> std::size_t {
        std::size_t pos = h.size();
        for (std::size_t i = 0; i < labels; ++i) {
            const auto dot = pos == 0 ? std::string::npos : h.rfind('.', pos - 1);
            if (dot == std::string::npos) return 0;
            pos = dot;
        }
        return pos + 1;
    };
    const std::string last_two = h.substr(label_start(2));
    const bool second_level =
        std::find(kSecondLevelSuffixes.begin(), kSecondLevelSuffixes.end(), last_two) != kSecondLevelSuffixes.end();
    return h.substr(label_start(second_level ? 3 : 2));
}

} // namespace http_probe
