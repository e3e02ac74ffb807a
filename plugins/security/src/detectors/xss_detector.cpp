// Cross-site scripting payloads: script tags, javascript:/vbscript: URLs, inline event handlers
// (onerror=, onload=, ...) and the usual proof-of-concept calls.
#include "detectors/content_detectors.hpp"
#include "detectors/finding_text.hpp"
#include "detectors/text_scan.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace sentinel::security {
namespace {

constexpr auto npos = std::string_view::npos;
constexpr int kPayloadScore = 75;

// Sorted, for binary search.
constexpr auto kEventHandlers = std::to_array<std::string_view>(
    {"onanimationstart", "onbeforeunload", "onbegin",   "onblur",     "onchange",    "onclick",
     "oncopy",           "ondrag",         "ondrop",    "onerror",    "onfocus",     "oninput",
     "onkeydown",        "onkeypress",     "onkeyup",   "onload",     "onmousedown", "onmouseenter",
     "onmousemove",      "onmouseover",    "onmouseup", "onpageshow", "onpaste",     "onpointerdown",
     "onpointerover",    "onresize",       "onscroll",  "onstart",    "onsubmit",    "ontoggle",
     "ontransitionend",  "onunload",       "onwheel"});
static_assert(std::is_sorted(kEventHandlers.begin(), kEventHandlers.end()));

// A tag opening such as "<script" not continued by more letters ("<scripts" is not a tag we know).
bool tag_opens(std::string_view t, std::string_view tag) {
    for (std::size_t at = t.find(tag); at != npos; at = t.find(tag, at + 1)) {
        const std::size_t end = at + tag.size();
        if (end == t.size() || !text::is_alpha(t[end])) return true;
    }
    return false;
}

// An inline handler "onerror=" inside markup: preceded by a space, '/', a quote or a backtick
// (so "?onerror=1" in a query string or "description=" do not count).
std::string_view event_handler(std::string_view t) {
    for (std::size_t at = t.find("on"); at != npos; at = t.find("on", at + 1)) {
        if (at == 0) continue;
        const char before = t[at - 1];
        if (!(text::is_space(before) || before == '/' || before == '"' || before == '\'' || before == '`')) continue;
        std::size_t end = at;
        while (end < t.size() && text::is_alpha(t[end])) ++end;
        const std::string_view name = t.substr(at, end - at);
        if (!std::binary_search(kEventHandlers.begin(), kEventHandlers.end(), name)) continue;
        const std::size_t equals = text::skip_spaces(t, end);
        if (equals < t.size() && t[equals] == '=') return name;
    }
    return {};
}

bool proof_of_concept_call(std::string_view t) {
    for (const std::string_view call : {"alert(", "prompt(", "confirm("}) {
        for (std::size_t at = t.find(call); at != npos; at = t.find(call, at + 1)) {
            if (at > 0 && text::is_word_char(t[at - 1])) continue;
            const std::size_t argument = at + call.size();
            if (argument < t.size() && (text::is_digit(t[argument]) || t[argument] == '\'' || t[argument] == '"' ||
                                        t.compare(argument, 8, "document") == 0))
                return true;
        }
    }
    return false;
}

std::string xss_pattern(std::string_view t) {
    if (t.find_first_of("<:=(") == npos) return {}; // every pattern below needs one of them
    if (tag_opens(t, "<script")) return "<script> tag";
    for (const std::string_view scheme : {"javascript:", "vbscript:", "data:text/html"})
        if (text::contains(t, scheme)) return std::string(scheme) + " URL";
    if (const std::string_view handler = event_handler(t); !handler.empty())
        return "inline " + std::string(handler) + "= handler";
    for (const std::string_view tag : {"<iframe", "<object", "<embed"})
        if (tag_opens(t, tag)) return std::string(tag) + "> tag";
    if (text::contains(t, "document.cookie")) return "document.cookie access";
    if (proof_of_concept_call(t)) return "alert() probe";
    return {};
}

} // namespace

std::optional<Finding> detect_xss(const InspectedEntry& entry) {
    for (const InspectedField& field : entry.fields) {
        const std::string pattern = xss_pattern(field.text);
        if (pattern.empty()) continue;
        return make_finding("xss", kPayloadScore,
                            "Cross-site scripting payload in " + location_of(field) + ": " + pattern,
                            with_block_advice("Encode output for its HTML context and enforce a strict "
                                              "Content-Security-Policy",
                                              entry.client_ip));
    }
    return std::nullopt;
}

} // namespace sentinel::security
