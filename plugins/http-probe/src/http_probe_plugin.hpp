// The http-probe plugin: contributes the "http" pull monitor type. A plain class; 
// plugin_entry.cpp exports it and unit tests construct it with mock host services.
#pragma once

#include "check_run.hpp"
#include "curl_handles.hpp"
#include "curl_loop.hpp"
#include "rdap.hpp"
#include "task_pool.hpp"

#include <sentinel/sdk.hpp>

#include <string>
#include <vector>

namespace http_probe {

// The [plugin.http-probe] configuration section.
struct ProbeSettings {
    std::string ca_file;                         // ca_file: trusted CAs instead of the system's
    RdapSettings rdap;                           // rdap_base_url, rdap_cache_hours
    std::vector<std::string> resolve;            // resolve: "host:port:address,..." (curl --resolve)
};

// Throws sentinel::sdk::ConfigError naming the bad key.
ProbeSettings read_settings(const sentinel::sdk::Config& config);

class HttpProbePlugin {
public:
    static constexpr sentinel::sdk::PluginInfo info{
        "http-probe", "1.0.0", "HTTP(S) monitors with TLS, DNS, domain, keyword and JSON checks"};

    explicit HttpProbePlugin(const sentinel::sdk::HostServices& host);
    // Completes every pending check as failed ("shutting down") and joins the threads.
    ~HttpProbePlugin();
    HttpProbePlugin(const HttpProbePlugin&) = delete;
    HttpProbePlugin& operator=(const HttpProbePlugin&) = delete;

    void monitor_types(sentinel::sdk::MonitorTypeTable& types);

    sentinel::sdk::MonitorValidation validate(const nlohmann::json& monitor) const;
    void check(const nlohmann::json& monitor, sentinel::sdk::CheckDone done);

private:
    sentinel::sdk::HostServices host_;
    ProbeSettings settings_;
    CurlGlobal curl_global_; // before the loop: libcurl is initialised first, cleaned up last
    CurlLoop loop_;
    TaskPool resolver_;
    RdapClient rdap_;
    ProbeServices services_;
};

} // namespace http_probe
