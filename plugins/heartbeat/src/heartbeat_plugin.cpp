#include "heartbeat_plugin.hpp"

#include "heartbeat_monitor.hpp"

namespace sentinel::heartbeat {

HeartbeatPlugin::HeartbeatPlugin(const sdk::HostServices&) {}

void HeartbeatPlugin::monitor_types(sdk::MonitorTypeTable& types) {
    types.push({"heartbeat", "Expects a ping every heartbeat_interval seconds", {}},
               &validate_heartbeat_monitor, &next_heartbeat_expected);
}

} // namespace sentinel::heartbeat
