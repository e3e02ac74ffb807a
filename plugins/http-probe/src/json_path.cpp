#include "json_path.hpp"

#include <charconv>

namespace http_probe {

std::optional<JsonPath> JsonPath::parse(std::string_view text, std::string& error) {
    JsonPath path;
    std::string_view s = text;
    if (s.starts_with('$')) {
        s.remove_prefix(1);
        if (s.starts_with('.')) s.remove_prefix(1);
        else if (!s.empty() && !s.starts_with('[')) {
            error = "must continue with '.' or '[' after '$'";
            return std::nullopt;
        }
    }
    if (s.empty()) {
        error = "must name at least one key or index";
        return std::nullopt;
    }
    bool expect_key = !s.starts_with('[');
    while (!s.empty()) {
        if (s.front() == '[') {
            const auto close = s.find(']');
            const std::string_view digits = s.substr(1, close == std::string_view::npos ? 0 : close - 1);
            std::size_t index = 0;
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
            if (close == std::string_view::npos || digits.empty() || ec != std::errc() ||
                end != digits.data() + digits.size()) {
                error = "array indices must be written [N] with N a whole number";
                return std::nullopt;
            }
            path.steps_.emplace_back(index);
            s.remove_prefix(close + 1);
            expect_key = false;
            if (s.starts_with('.')) {
                s.remove_prefix(1);
                expect_key = true;
                if (s.empty()) break;
            }
            continue;
        }
        if (!expect_key) {
            error = "expected '.' or '[' after an index";
            return std::nullopt;
        }
        const auto stop = s.find_first_of(".[]");
        const std::string_view key = s.substr(0, stop);
        if (key.empty()) {
            error = "has an empty key";
            return std::nullopt;
        }
        path.steps_.emplace_back(std::string(key));
        s.remove_prefix(key.size());
        if (s.starts_with(']')) {
            error = "has an unmatched ']'";
            return std::nullopt;
        }
        if (s.starts_with('.')) {
            s.remove_prefix(1);
            if (s.empty()) break;
        } else {
            expect_key = false;
        }
    }
    if (text.ends_with('.')) {
        error = "must not end with '.'";
        return std::nullopt;
    }
    return path;
}

const nlohmann::json* JsonPath::find(const nlohmann::json& document) const {
    const nlohmann::json* at = &document;
    for (const auto& step : steps_) {
        if (const auto* key = std::get_if<std::string>(&step)) {
            if (!at->is_object()) return nullptr;
            auto it = at->find(*key);
            if (it == at->end()) return nullptr;
            at = &*it;
        } else {
            const auto index = std::get<std::size_t>(step);
            if (!at->is_array() || index >= at->size()) return nullptr;
            at = &(*at)[index];
        }
    }
    return at;
}

} // namespace http_probe
