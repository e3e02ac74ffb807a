// The ping plugin: contributes the pull monitor type "ping" (ICMP echo to url's host).
#pragma once

#include "echo_prober.hpp"

#include <sentinel/sdk.hpp>

namespace ping_plugin {

class PingPlugin {
public:
    static constexpr sentinel::sdk::PluginInfo info{
        "ping", "1.0.0", "Ping monitors: checks that a host answers ICMP echo requests"};

    // Reads [plugin.ping] resolver_threads (1-64, default 4); logs once when ICMP is not
    // permitted, so that every check failing with the same message has an explanation at start.
    explicit PingPlugin(const sentinel::sdk::HostServices& host);

    void monitor_types(sentinel::sdk::MonitorTypeTable& types);

    // The checker: returns at once; `done` runs once, on the prober's thread.
    void check(const nlohmann::json& monitor, sentinel::sdk::CheckDone done);

private:
    EchoProber prober_;
};

} // namespace ping_plugin
