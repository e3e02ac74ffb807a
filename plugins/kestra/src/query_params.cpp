#include "query_params.hpp"

#include <charconv>

namespace sentinel::kestra {
namespace {

std::optional<std::int64_t> whole_number(const std::string& text) {
    std::int64_t out = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return out;
}

// The offending value, shortened so an error never echoes a huge input.
std::string shown(const std::string& text) {
    return text.size() <= 40 ? text : text.substr(0, 40) + "...";
}

} // namespace

ListWindow parse_window(const sdk::Request& request, std::int64_t default_limit, std::int64_t max_limit) {
    ListWindow window{default_limit, 0};
    if (auto text = request.query_value("limit")) {
        auto value = whole_number(*text);
        if (!value || *value < 1 || *value > max_limit)
            throw sdk::HttpError(400, "Query parameter 'limit' must be a whole number from 1 to " +
                                          std::to_string(max_limit) + ", got '" + shown(*text) + "'");
        window.limit = *value;
    }
    if (auto text = request.query_value("offset")) {
        auto value = whole_number(*text);
        if (!value || *value < 0)
            throw sdk::HttpError(400, "Query parameter 'offset' must be a whole number from 0, got '" + shown(*text) + "'");
        window.offset = *value;
    }
    return window;
}

std::optional<std::string> parse_choice(const sdk::Request& request, std::string_view name,
                                        std::initializer_list<std::string_view> allowed) {
    auto text = request.query_value(name);
    if (!text) return std::nullopt;
    for (auto choice : allowed)
        if (*text == choice) return text;
    std::string list;
    for (auto choice : allowed) {
        if (!list.empty()) list += ", ";
        list += choice;
    }
    throw sdk::HttpError(400, "Query parameter '" + std::string(name) + "' must be one of " + list + ", got '" +
                                  shown(*text) + "'");
}

} // namespace sentinel::kestra
