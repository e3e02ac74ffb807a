// The plugin's two exported C entry points. Kept apart from the class so that unit tests can
// link TcpProbePlugin without exporting a second plugin.
#include "tcp_probe_plugin.hpp"

SENTINEL_PLUGIN(tcp_probe::TcpProbePlugin)
