// The exported C entry points, apart from the class so that tests link ping_core without them.
#include "ping_plugin.hpp"

SENTINEL_PLUGIN(ping_plugin::PingPlugin)
