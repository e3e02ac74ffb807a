// The exported C entry points, apart from the class so that tests link port_core without them.
#include "port_plugin.hpp"

SENTINEL_PLUGIN(port_plugin::PortPlugin)
