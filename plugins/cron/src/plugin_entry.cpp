// The plugin's two exported C entry points. Kept apart from the class so that unit tests can
// link CronPlugin without exporting a plugin.
#include "cron_plugin.hpp"

SENTINEL_PLUGIN(sentinel::cron::CronPlugin)
