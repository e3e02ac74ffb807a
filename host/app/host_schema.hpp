#pragma once

#include "storage/migrations.hpp"

#include <vector>

namespace sentinel::host {

// The host's own tables (API keys, audit log), applied under the owner name "host".
const std::vector<Migration>& host_migrations();

} // namespace sentinel::host
