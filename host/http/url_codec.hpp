#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/http_types.hpp"

namespace sentinel::host {

// Percent-decodes `text`; in a query, '+' is a space. nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Splits "a=1&b=x%20y&c" into decoded pairs (a key without '=' has an empty value).
// nullopt when any part is malformed.
std::optional<Pairs> parse_query(std::string_view query);

} // namespace sentinel::host
