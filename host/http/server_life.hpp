// Whether the HTTP server still serves. Responses completed on other threads (deferred answers,
// event streams) check it under the shared lock before touching a connection, so that nothing is
// written through a transport that stop() is tearing down.
#pragma once

#include <shared_mutex>

namespace sentinel::host {

struct ServerLife {
    std::shared_mutex mutex;
    bool serving = true;
};

} // namespace sentinel::host
