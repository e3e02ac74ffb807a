#include "auth/roles.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace sentinel::host {

std::optional<sdk::Role> parse_role(std::string_view text) {
    std::string upper(text);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    for (auto role : {sdk::Role::Viewer, sdk::Role::Developer, sdk::Role::Operator, sdk::Role::Admin})
        if (sdk::role_name(role) == upper) return role;
    return std::nullopt;
}

} // namespace sentinel::host
