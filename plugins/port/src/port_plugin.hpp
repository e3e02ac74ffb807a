// The port plugin: contributes the pull monitor type "port" (a TCP connect to url:port).
#pragma once

#include "connect_prober.hpp"

#include <sentinel/sdk.hpp>

#include <memory>

namespace port_plugin {

class PortPlugin {
public:
    static constexpr sentinel::sdk::PluginInfo info{
        "port", "1.0.0", "Port monitors: checks that a TCP port accepts connections"};

    // Reads [plugin.port] resolver_threads (1-64, default 4).
    explicit PortPlugin(const sentinel::sdk::HostServices& host);

    void monitor_types(sentinel::sdk::MonitorTypeTable& types);

    // The checker: returns at once; `done` runs once, on the prober's thread.
    void check(const nlohmann::json& monitor, sentinel::sdk::CheckDone done);

private:
    ConnectProber prober_;
};

} // namespace port_plugin
