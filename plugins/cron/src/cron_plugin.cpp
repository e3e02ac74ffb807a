#include "cron_plugin.hpp"

#include "cron_monitor.hpp"

namespace sentinel::cron {

CronPlugin::CronPlugin(const sdk::HostServices&) {}

void CronPlugin::monitor_types(sdk::MonitorTypeTable& types) {
    types.push({"cron", "Expects a ping at each occurrence of a cron expression in a time zone", {}},
               &validate_cron_monitor, &next_cron_expected);
}

} // namespace sentinel::cron
