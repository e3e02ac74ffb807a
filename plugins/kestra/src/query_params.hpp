// The query parameters of the list routes. Anything malformed answers 400 with the standard error
// body naming the parameter and its allowed range; nothing is silently clamped.
// (sdk/pagination.hpp is page-based and reports 422 validation errors; the spec's routes use
// limit/offset and 400, so they are parsed here.)
#pragma once

#include <sentinel/sdk/http.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace sentinel::kestra {

struct ListWindow {
    std::int64_t limit;
    std::int64_t offset;
};

// limit: 1..max_limit (default_limit when absent); offset: >= 0 (0 when absent). A repeated key's
// last value counts. Throws sdk::HttpError(400).
ListWindow parse_window(const sdk::Request& request, std::int64_t default_limit, std::int64_t max_limit);

// An optional parameter that must be one of `allowed`; throws sdk::HttpError(400) otherwise.
std::optional<std::string> parse_choice(const sdk::Request& request, std::string_view name,
                                        std::initializer_list<std::string_view> allowed);

} // namespace sentinel::kestra
