#pragma once

#include <cstdint>

namespace sentinel::it {

// A loopback TCP port that was free a moment ago (bind to port 0, read it, close). Another
// process may take it before we do; SentineldProcess retries with a new one when that happens.
std::uint16_t free_loopback_port();

} // namespace sentinel::it
