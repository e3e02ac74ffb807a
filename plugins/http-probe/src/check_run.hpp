// One check of an "http" monitor: the request plus the independent dns and domain lookups run
// concurrently; the last piece to finish composes the result and completes the check.
#pragma once

#include "curl_loop.hpp"
#include "monitor_config.hpp"
#include "rdap.hpp"
#include "task_pool.hpp"

#include <sentinel/sdk/host_services.hpp>
#include <sentinel/sdk/monitors.hpp>

#include <string>
#include <vector>

namespace http_probe {

// What every check shares; owned by the plugin, which outlives all checks (it stops the loop
// and the pool, completing whatever is pending, before anything here is destroyed).
struct ProbeServices {
    CurlLoop& loop;
    TaskPool& resolver;
    RdapClient& rdap;
    const sentinel::sdk::Clock& clock;
    std::string ca_file;
    std::vector<std::string> resolve;
};

// Returns at once; `done` is called exactly once, on a loop or pool thread (or on this one when
// the plugin is shutting down).
void start_check(ProbeServices& services, MonitorConfig config, sentinel::sdk::CheckDone done);

} // namespace http_probe
