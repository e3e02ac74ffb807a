// The plugin's two exported C entry points. Kept apart from the class so that unit tests can
// link HeartbeatPlugin without exporting a plugin.
#include "heartbeat_plugin.hpp"

SENTINEL_PLUGIN(sentinel::heartbeat::HeartbeatPlugin)
