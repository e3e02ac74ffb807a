// The monitors core's tables (migration owner "monitors"). Times are Unix milliseconds.
#pragma once

#include "storage/migrations.hpp"

#include <vector>

namespace sentinel::host {

std::vector<Migration> monitor_migrations();

} // namespace sentinel::host
