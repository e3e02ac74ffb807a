// The plugin's two exported C entry points, apart from the class so that tests link it freely.
#include "security_plugin.hpp"

SENTINEL_PLUGIN(sentinel::security::SecurityPlugin)
