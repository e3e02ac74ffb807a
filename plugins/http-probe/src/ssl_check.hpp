// The ssl sub-check: the chain verified (libcurl refuses the transfer otherwise) and the
// server certificate is not about to expire.
#pragma once

#include "http_transfer.hpp"
#include "monitor_config.hpp"
#include "sub_check.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace http_probe {

// A certificate time as CURLOPT_CERTINFO prints it ("Nov 27 19:00:00 2026 GMT"), in Unix
// seconds; std::nullopt when unreadable.
std::optional<std::int64_t> parse_certificate_time(std::string_view text);

SubCheck ssl_check(const HttpResponse& response, const MonitorConfig& config, std::int64_t now_ms);

} // namespace http_probe
