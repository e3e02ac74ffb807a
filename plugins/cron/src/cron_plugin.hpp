// The cron plugin: contributes the "cron" push monitor type. Stateless, so every member is safe
// to call concurrently (the tz database is loaded once, thread-safely, by the date library).
#pragma once

#include <sentinel/sdk.hpp>

namespace sentinel::cron {

class CronPlugin {
public:
    static constexpr sdk::PluginInfo info{
        "cron", "1.0.0", "Push monitors that expect a ping on a cron schedule in a time zone"};

    explicit CronPlugin(const sdk::HostServices& host);

    void monitor_types(sdk::MonitorTypeTable& types);
};

} // namespace sentinel::cron
