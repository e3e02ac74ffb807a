// The one JSON error shape of the whole server, used by the host and by every plugin:
//   {"error": "Not Found", "message": "Instance not found", "statusCode": 404}
// plus optional extra members (e.g. "details" for validation errors, "retryAfter" for 429).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace sentinel::sdk {

// The reason phrase the "error" member carries for a status code.
inline std::string_view reason_phrase(int status) noexcept {
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Validation Error";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status >= 500 ? "Internal Server Error" : "Bad Request";
    }
}

// Builds the error body. Members of `extra` (an object) are merged in.
inline nlohmann::json error_body(int status, std::string_view message,
                                 const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json body = {{"error", reason_phrase(status)},
                           {"message", message},
                           {"statusCode", status}};
    if (extra.is_object()) {
        for (const auto& [key, value] : extra.items()) body[key] = value;
    }
    return body;
}

} // namespace sentinel::sdk
