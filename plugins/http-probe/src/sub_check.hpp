// The outcome of one sub-check, as listed in a result's details.checks.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace http_probe {

struct SubCheck {
    explicit SubCheck(std::string type_name, bool passed = true, bool marks_down = false,
                      std::string text = {})
        : type(std::move(type_name)), ok(passed), fatal(marks_down), message(std::move(text)) {}

    std::string type;  // "ssl", "dns", "domain", "keyword", "json"
    bool ok = true;
    bool fatal = false; // a failure that marks the monitor down, not just degraded
    std::string message;
    nlohmann::json extra = nlohmann::json::object(); // merged into the listed object

    nlohmann::json to_json() const {
        nlohmann::json j = extra;
        j["type"] = type;
        j["ok"] = ok;
        j["message"] = message;
        return j;
    }
};

} // namespace http_probe
