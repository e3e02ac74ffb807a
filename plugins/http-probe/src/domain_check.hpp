// The domain sub-check: the registration of the URL's domain is not about to expire. Never
// marks a monitor down: the site works whatever RDAP says.
#pragma once

#include "monitor_config.hpp"
#include "rdap.hpp"
#include "sub_check.hpp"

#include <cstdint>
#include <string>

namespace http_probe {

// IP addresses, localhost and single-label names have no registration to check.
bool domain_checkable(const std::string& host);

SubCheck domain_check(const RdapAnswer& answer, bool cached, const std::string& domain,
                      const MonitorConfig& config, std::int64_t now_ms);
SubCheck domain_skipped(const MonitorConfig& config);

} // namespace http_probe
