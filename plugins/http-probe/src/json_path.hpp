// The json_path field: a dotted path with array indices, optionally JSONPath-style.
//   data.items[0].status     $.data.status     $[2].name     items[0][1]
// A segment is any run of characters other than '.', '[' and ']'; "[N]" indexes an array.
// Keys containing '.', '[' or ']' cannot be addressed. No wildcards, filters or slices.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace http_probe {

class JsonPath {
public:
    using Step = std::variant<std::string, std::size_t>; // object key or array index

    // std::nullopt with `error` set when malformed.
    static std::optional<JsonPath> parse(std::string_view text, std::string& error);

    // The addressed value, or nullptr when a step is missing.
    const nlohmann::json* find(const nlohmann::json& document) const;

    const std::vector<Step>& steps() const noexcept { return steps_; }

private:
    std::vector<Step> steps_;
};

} // namespace http_probe
