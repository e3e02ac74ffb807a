#include "http/http_types.hpp"

namespace sentinel::host {

HttpResponse json_response(int status, const nlohmann::json& body) {
    HttpResponse r;
    r.status = status;
    // Request text echoed in messages may be invalid UTF-8: replace it rather than throw.
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

HttpResponse error_response(int status, std::string_view message, const nlohmann::json& extra) {
    return json_response(status, sdk::error_body(status, message, extra));
}

} // namespace sentinel::host
