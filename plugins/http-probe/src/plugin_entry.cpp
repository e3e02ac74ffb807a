// The plugin's two exported C entry points, apart from the class so that unit tests can link
// HttpProbePlugin without exporting a plugin.
#include "http_probe_plugin.hpp"

SENTINEL_PLUGIN(http_probe::HttpProbePlugin)
