// The heartbeat plugin: contributes the "heartbeat" push monitor type. Stateless, so every
// member is safe to call concurrently.
#pragma once

#include <sentinel/sdk.hpp>

namespace sentinel::heartbeat {

class HeartbeatPlugin {
public:
    static constexpr sdk::PluginInfo info{
        "heartbeat", "1.0.0", "Push monitors that expect a ping at a fixed interval"};

    explicit HeartbeatPlugin(const sdk::HostServices& host);

    void monitor_types(sdk::MonitorTypeTable& types);
};

} // namespace sentinel::heartbeat
