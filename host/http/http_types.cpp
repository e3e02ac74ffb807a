#include "http/http_types.hpp"

namespace sentinel::host {

HttpResponse json_response(int status, const nlohmann::json& body) {
    HttpResponse r;
    r.status = status;
    r.body = body.dump();
    return r;
}

HttpResponse error_response(int status, std::string_view message, const nlohmann::json& extra) {
    return json_response(status, sdk::error_body(status, message, extra));
}

} // namespace sentinel::host
