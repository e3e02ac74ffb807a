// `sentineld monitors rollup`: folds old check results into aggregates now, with the configured
// retention, instead of waiting for the periodic job (e.g. after lowering the retention).
#pragma once

#include "config/settings.hpp"

namespace sentinel::host {

int run_monitors_rollup(const Settings& settings);

} // namespace sentinel::host
