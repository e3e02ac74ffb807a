// The keyword and json sub-checks, judged on the (bounded) response body. A failure of either
// marks the monitor down, as in Uptime Kuma and UptimeRobot.
#pragma once

#include "http_transfer.hpp"
#include "monitor_config.hpp"
#include "sub_check.hpp"

namespace http_probe {

inline constexpr std::size_t kMaxBodyBytes = 1 << 20; // only the first MiB is searched

SubCheck keyword_check(const HttpResponse& response, const MonitorConfig& config);
SubCheck json_check(const HttpResponse& response, const MonitorConfig& config);

} // namespace http_probe
