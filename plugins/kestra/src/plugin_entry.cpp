// The plugin's two exported C entry points. Kept apart from the class so that unit tests can
// link KestraPlugin without exporting a plugin.
#include "kestra_plugin.hpp"

SENTINEL_PLUGIN(sentinel::kestra::KestraPlugin)
