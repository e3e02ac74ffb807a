#include "body_checks.hpp"

#include <algorithm>
#include <cctype>

namespace http_probe {
namespace {

bool contains(std::string_view haystack, std::string_view needle, bool case_sensitive) {
    if (case_sensitive) return haystack.find(needle) != std::string_view::npos;
    const auto equal = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), equal) != haystack.end();
}

std::string show(const nlohmann::json& value) {
    constexpr std::size_t kShown = 200;
    std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > kShown) text = text.substr(0, kShown) + "...";
    return text;
}

bool matches(const nlohmann::json& actual, const nlohmann::json& expected) {
    // A string expectation also matches a scalar's text ("42" matches 42, "true" matches true).
    if (expected.is_string() && !actual.is_string() && actual.is_primitive() && !actual.is_null())
        return actual.dump() == expected.get_ref<const std::string&>();
    return actual == expected;
}

} // namespace

SubCheck keyword_check(const HttpResponse& r, const MonitorConfig& config) {
    SubCheck check{"keyword"};
    check.fatal = true;
    check.extra["keyword"] = config.keyword;
    check.extra["mode"] = config.keyword_absent ? "absent" : "present";
    if (r.body_truncated) check.extra["searched_bytes"] = r.body.size();
    const bool found = contains(r.body, config.keyword, config.keyword_case_sensitive);
    check.extra["found"] = found;
    if (found == config.keyword_absent) {
        check.ok = false;
        check.message = "keyword \"" + config.keyword + (found ? "\" found" : "\" not found");
    } else {
        check.message = "keyword \"" + config.keyword + (found ? "\" found" : "\" absent, as expected");
    }
    return check;
}

SubCheck json_check(const HttpResponse& r, const MonitorConfig& config) {
    SubCheck check{"json"};
    check.fatal = true;
    check.extra["path"] = config.json_path_text;
    if (config.json_expected) check.extra["expected"] = *config.json_expected;
    if (r.body_truncated) {
        check.ok = false;
        check.message = "response body larger than 1 MiB; not parsed as JSON";
        return check;
    }
    const auto doc = nlohmann::json::parse(r.body, nullptr, false);
    if (doc.is_discarded()) {
        check.ok = false;
        check.message = "response body is not JSON";
        return check;
    }
    const nlohmann::json* value = config.json_path.find(doc);
    if (!value) {
        check.ok = false;
        check.message = "json path " + config.json_path_text + " not found";
        return check;
    }
    if (value->is_primitive()) check.extra["actual"] = *value;
    else check.extra["actual_type"] = value->type_name();
    if (config.json_expected && !matches(*value, *config.json_expected)) {
        check.ok = false;
        check.message = "json path " + config.json_path_text + " is " + show(*value) + ", expected " +
                        show(*config.json_expected);
        return check;
    }
    check.message = "json path " + config.json_path_text + " is " + show(*value);
    return check;
}

} // namespace http_probe
