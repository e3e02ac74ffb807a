// Path traversal: "../" and its encoded and doubled forms, and requests for well-known sensitive
// files (/etc/passwd, c:\windows\win.ini), which score higher.
#include "detectors/content_detectors.hpp"
#include "detectors/finding_text.hpp"
#include "detectors/text_scan.hpp"

#include <string>
#include <string_view>

namespace sentinel::security {
namespace {

constexpr auto npos = std::string_view::npos;
constexpr int kTraversalScore = 75;
constexpr int kSensitiveFileScore = 85;

std::string_view sensitive_file(std::string_view t) {
    return text::first_contained(t, {"/etc/passwd", "/etc/shadow", "/proc/self/environ", "windows\\win.ini",
                                     "windows/win.ini", "\\boot.ini", "/boot.ini", "windows\\system32\\config",
                                     "/.ssh/id_rsa", "/.aws/credentials"});
}

// "../" or "..\" as a path segment: not after a word character or another dot, so "v1..2/" and
// "wait.../" stay quiet.
bool dot_dot_segment(std::string_view t) {
    for (std::size_t at = t.find(".."); at != npos; at = t.find("..", at + 1)) {
        const std::size_t end = at + 2;
        if (end >= t.size() || (t[end] != '/' && t[end] != '\\')) continue;
        if (at > 0 && (text::is_word_char(t[at - 1]) || t[at - 1] == '.')) continue;
        return true;
    }
    return false;
}

// Forms that survive one round of decoding: double-encoded dots or slashes, overlong UTF-8,
// "....//" (which a naive "../" filter turns back into "../"), Tomcat's "..;/".
std::string_view encoded_traversal(std::string_view t) {
    return text::first_contained(t, {"..%2f", "..%5c", "%2e%2e", "%252e", "..%c0%af", "..\xc0\xaf", "..%c1%9c",
                                     "..\xc1\x9c", "....//", "....\\\\", "..;/"});
}

// Every pattern needs one of these; most text has none.
bool may_hold_traversal(std::string_view t) {
    return t.find("..") != npos || t.find_first_of("%\\") != npos ||
           !text::first_contained(t, {"etc/", "proc/", "/.", ".ini"}).empty();
}

} // namespace

std::optional<Finding> detect_path_traversal(const InspectedEntry& entry) {
    std::optional<Finding> strongest;
    for (const InspectedField& field : entry.fields) {
        if (!may_hold_traversal(field.text)) continue;
        int score = 0;
        std::string evidence;
        if (const std::string_view file = sensitive_file(field.text); !file.empty()) {
            score = kSensitiveFileScore;
            evidence = "request for " + std::string(file);
        } else if (dot_dot_segment(field.text)) {
            score = kTraversalScore;
            evidence = "'../' sequence";
        } else if (const std::string_view encoded = encoded_traversal(field.text); !encoded.empty()) {
            score = kTraversalScore;
            evidence = "encoded traversal " + std::string(encoded);
        }
        if (score == 0 || (strongest && strongest->score >= score)) continue;
        strongest = make_finding("path_traversal", score, "Path traversal in " + location_of(field) + ": " + evidence,
                                 with_block_advice("Resolve file paths against an allow-listed base directory and "
                                                   "reject '..' segments",
                                                   entry.client_ip));
    }
    return strongest;
}

} // namespace sentinel::security
