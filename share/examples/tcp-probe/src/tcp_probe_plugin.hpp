// The tcp-probe plugin class. It is a plain class: plugin_entry.cpp exports it with
// SENTINEL_PLUGIN, and unit tests construct it directly with mock host services.
#pragma once

#include "dns_monitor.hpp"
#include "tcp_check.hpp"

#include <sentinel/sdk.hpp>

#include <cstdint>
#include <vector>

namespace tcp_probe {

// The [plugin.tcp-probe] configuration section.
struct ProbeSettings {
    std::vector<Target> targets; // probed by the "probe-targets" job; none: no job
    std::int64_t interval_ms = 60000;
    std::int64_t timeout_ms = 2000; // also the default timeout of the check route
};

// Reads and validates the section; throws sentinel::sdk::ConfigError naming the bad key.
ProbeSettings read_settings(const sentinel::sdk::Config& config);

// Every member is safe to call concurrently: the settings never change after construction, the
// host services are thread-safe, and the dns monitor type queues its checks under a lock.
class TcpProbePlugin {
public:
    static constexpr sentinel::sdk::PluginInfo info{
        "tcp-probe", "1.1.0",
        "Checks that TCP ports accept connections and records the results; adds the dns monitor type"};

    explicit TcpProbePlugin(const sentinel::sdk::HostServices& host);

    static std::vector<sentinel::sdk::Migration> migrations();
    void routes(sentinel::sdk::RouteTable& routes);
    void jobs(sentinel::sdk::JobTable& jobs);
    // Plugin API 1.1: the "dns" pull type of the host's /api/monitors (see dns_monitor.hpp).
    void monitor_types(sentinel::sdk::MonitorTypeTable& types);

    const ProbeSettings& settings() const noexcept { return settings_; }

    // The job's body: checks every configured target, stores and publishes each result.
    void probe_targets();

private:
    sentinel::sdk::Response check(const sentinel::sdk::Request& request);
    sentinel::sdk::Response results(const sentinel::sdk::Request& request);
    // Runs one check and stores its result; returns the result as the API shows it.
    nlohmann::json check_and_store(const Target& target, std::int64_t timeout_ms);

    sentinel::sdk::HostServices host_;
    ProbeSettings settings_;
    DnsMonitorType dns_; // owns the resolver threads; joined when the plugin is destroyed
};

} // namespace tcp_probe
