// The id of the request the current thread is serving, so every log line written while serving
// it (by the host or a plugin) carries it.
#pragma once

#include <string>
#include <string_view>

namespace sentinel::host {

class RequestScope {
public:
    explicit RequestScope(std::string_view request_id);
    ~RequestScope();
    RequestScope(const RequestScope&) = delete;
    RequestScope& operator=(const RequestScope&) = delete;

private:
    std::string previous_;
};

// "-" outside a request.
const std::string& current_request_id();

} // namespace sentinel::host
