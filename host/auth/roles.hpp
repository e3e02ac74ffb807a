#pragma once

#include <sentinel/sdk/http.hpp>

#include <optional>
#include <string_view>

namespace sentinel::host {

// "VIEWER", "DEVELOPER", "OPERATOR", "ADMIN" (case-insensitive) to a role.
std::optional<sdk::Role> parse_role(std::string_view text);

} // namespace sentinel::host
