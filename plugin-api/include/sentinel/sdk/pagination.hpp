// The pagination convention of every list endpoint (spec 004):
//   query: page (>= 1, default 1) and limit (or its synonym pageSize)
//   body:  {"data": [...], "pagination": {"page", "limit", "pageSize", "total", "totalPages"}}
#pragma once

#include <sentinel/sdk/http.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdint>
#include <string>

namespace sentinel::sdk {

struct PageRequest {
    std::int64_t page = 1;
    std::int64_t limit = 20;
    std::int64_t offset() const noexcept { return (page - 1) * limit; }
};

namespace detail {
inline bool parse_positive(const std::string& text, std::int64_t& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && out >= 1;
}
} // namespace detail

// Reads page and limit/pageSize from `query` (the last value of a repeated key wins); problems go
// to `errors` under the parameter's name.
inline PageRequest parse_page(const Pairs& query, std::int64_t default_limit, std::int64_t max_limit,
                              ValidationErrors& errors) {
    PageRequest p{1, default_limit};
    const std::string* page = nullptr;
    const std::string* limit = nullptr;
    const char* limit_name = "limit";
    for (const auto& [k, v] : query) {
        if (k == "page") page = &v;
        if (k == "limit" || k == "pageSize" || k == "per_page") {
            limit = &v;
            limit_name = k == "limit" ? "limit" : k == "pageSize" ? "pageSize" : "per_page";
        }
    }
    if (page && (!detail::parse_positive(*page, p.page) || p.page > 1000000))
        errors.add("page", "must be a whole number from 1");
    if (limit && (!detail::parse_positive(*limit, p.limit) || p.limit > max_limit))
        errors.add(limit_name, "must be a whole number from 1 to " + std::to_string(max_limit));
    if (!errors.empty()) p = PageRequest{1, default_limit};
    return p;
}

inline nlohmann::json pagination_json(const PageRequest& p, std::int64_t total) {
    std::int64_t pages = total == 0 ? 0 : (total + p.limit - 1) / p.limit;
    return {{"page", p.page}, {"limit", p.limit}, {"pageSize", p.limit},
            {"total", total}, {"totalPages", pages}};
}

inline nlohmann::json paginated(nlohmann::json items, const PageRequest& p, std::int64_t total) {
    return {{"data", std::move(items)}, {"pagination", pagination_json(p, total)}};
}

} // namespace sentinel::sdk
