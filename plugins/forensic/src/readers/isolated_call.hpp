// Runs a piece of work in a forked child process, so that a library parsing untrusted input
// (libfreexl) can crash or hang without taking the server down. The child writes its answer to a
// pipe and exits with _exit(); nothing is shared back but those bytes.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace sentinel::forensic {

// The bytes `work` returned in the child, or nullopt when the child crashed, exited abnormally,
// threw, or ran past `timeout` (it is then killed). Throws std::runtime_error when no child can be
// started.
std::optional<std::string> run_isolated(const std::function<std::string()>& work, std::chrono::milliseconds timeout);

} // namespace sentinel::forensic
