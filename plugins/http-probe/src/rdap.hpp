// Registration data over RDAP (RFC 9083): the expiry date of a domain, fetched on the curl loop
// and cached per domain, because RDAP servers rate-limit.
#pragma once

#include "curl_loop.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace http_probe {

struct RdapAnswer {
    bool ok = false;
    std::string error;          // when !ok
    std::int64_t expires_at = 0; // Unix seconds, when ok
};

// An RFC 3339 timestamp ("2027-08-13T04:00:00Z", fractions and offsets allowed) in Unix seconds.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

// The "expiration" event of an RDAP domain object.
RdapAnswer parse_rdap_domain(std::string_view body);

struct RdapSettings {
    std::string base_url = "https://rdap.org";
    std::chrono::minutes cache_ttl{12 * 60};
    std::string ca_file;
    std::vector<std::string> resolve;
};

class RdapClient {
public:
    using Callback = std::function<void(const RdapAnswer& answer, bool cached)>;

    RdapClient(CurlLoop& loop, RdapSettings settings);

    // Calls back at once from the cache, else when the request ends (on the loop thread).
    // Concurrent lookups of one domain share a single request.
    void lookup(const std::string& domain, std::int64_t timeout_ms, Callback callback);

private:
    struct Entry {
        std::optional<RdapAnswer> answer;
        std::chrono::steady_clock::time_point expires;
        std::vector<Callback> waiters; // non-empty while a request is in flight
    };

    void store(const std::string& domain, const RdapAnswer& answer, bool cacheable);

    CurlLoop& loop_;
    const RdapSettings settings_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> cache_; // guarded by mutex_
};

} // namespace http_probe
