// The dns sub-check: the URL's host resolves (through the system resolver, like the request
// itself), optionally to an expected address.
#pragma once

#include "monitor_config.hpp"
#include "sub_check.hpp"

#include <string>
#include <vector>

namespace http_probe {

struct Resolution {
    bool ok = false;
    std::string error;
    std::vector<std::string> addresses; // numeric, de-duplicated, in resolver order
    double elapsed_ms = 0;
};

// Blocks for as long as the resolver takes: run it on a TaskPool.
Resolution resolve_host(const std::string& host);

// `curl_dns_ms` is libcurl's name lookup time for the request, when it got that far.
SubCheck dns_check(const Resolution& resolution, const MonitorConfig& config, double curl_dns_ms);

// For a host given as an IP address there is nothing to resolve.
SubCheck dns_skipped(const MonitorConfig& config);

} // namespace http_probe
