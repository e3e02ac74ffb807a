// What an entry says about authentication and connections, for the window detectors.
#pragma once

#include "threat_model.hpp"

#include <cstddef>
#include <string_view>

namespace sentinel::security {

enum class AuthOutcome { None, Failure, Success };

// Failure when the message says so ("failed login", "invalid password", "authentication failure",
// ...) or metadata outcome/status/result says "failure"/"failed"/"denied"/401; Success likewise
// ("accepted password", "login successful", or a success outcome on a message about logging in).
AuthOutcome auth_outcome(const LogEntry& entry);

// Distinct ports a message lists after "port"/"ports" ("ports 21, 22, 80-90") plus metadata
// ports/dst_ports arrays; ranges count each port.
std::size_t distinct_ports_listed(const LogEntry& entry);

} // namespace sentinel::security
