#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sentinel::host {

struct ApiVersion {
    unsigned major = 0, minor = 0, patch = 0;
    std::string to_string() const;
};

// "MAJOR.MINOR.PATCH" exactly; nullopt otherwise.
std::optional<ApiVersion> parse_api_version(std::string_view text);

// The host loads a plugin when the majors are equal and the host's minor is at least the
// plugin's. Returns the refusal reason naming both versions, or nullopt when compatible.
std::optional<std::string> incompatibility(const ApiVersion& host, const ApiVersion& plugin);

} // namespace sentinel::host
