// Known attack and reconnaissance tools, named in the user agent or in the message.
#include "detectors/content_detectors.hpp"
#include "detectors/finding_text.hpp"
#include "detectors/text_scan.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace sentinel::security {
namespace {

constexpr int kScannerScore = 60;

// Sorted, for binary search. Names are matched as whole runs of letters ("sqlmap/1.7", "DirBuster-1.0").
constexpr auto kScanners = std::to_array<std::string_view>(
    {"acunetix", "appscan",  "arachni", "burpcollaborator", "commix",   "dirbuster", "feroxbuster",
     "ffuf",     "gobuster", "hydra",   "jaeles",           "masscan",  "nessus",    "netsparker",
     "nikto",    "nmap",     "nuclei",  "openvas",          "skipfish", "sqlmap",    "webinspect",
     "wfuzz",    "whatweb",  "wpscan",  "xsstrike",         "zgrab",    "zmap"});
static_assert(std::is_sorted(kScanners.begin(), kScanners.end()));

bool user_agent_key(std::string_view key) {
    return key == "ua" || text::contains(key, "agent");
}

std::string_view scanner_in(std::string_view t) {
    std::size_t pos = 0;
    while (pos < t.size()) {
        while (pos < t.size() && !text::is_alpha(t[pos])) ++pos;
        const std::size_t start = pos;
        while (pos < t.size() && text::is_alpha(t[pos])) ++pos;
        const std::string_view token = t.substr(start, pos - start);
        if (token.empty()) break;
        if (std::binary_search(kScanners.begin(), kScanners.end(), token)) return token;
    }
    if (text::find_name(t, "w3af") != std::string_view::npos) return "w3af"; // not a run of letters
    return {};
}

} // namespace

std::optional<Finding> detect_scanner(const InspectedEntry& entry) {
    for (const InspectedField& field : entry.fields) {
        if (!field.is_message() && !user_agent_key(field.key)) continue;
        const std::string_view scanner = scanner_in(field.text);
        if (scanner.empty()) continue;
        const std::string where = field.is_message() ? "named in the message" : "in " + field.name;
        return make_finding(
            "scanner", kScannerScore, "Attack tool '" + std::string(scanner) + "' " + where,
            with_block_advice("Rate-limit or challenge the client and check what the scan reached", entry.client_ip));
    }
    return std::nullopt;
}

} // namespace sentinel::security
