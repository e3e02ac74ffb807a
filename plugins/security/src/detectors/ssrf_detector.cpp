// Server-side request forgery: a URL handed to the server as a parameter (after '=', or as the
// whole value of a url/target/callback-like metadata field) that points at a cloud metadata
// endpoint, an internal address, or uses a scheme such as file:// or gopher://. A metadata
// endpoint URL counts anywhere.
#include "detectors/content_detectors.hpp"
#include "detectors/finding_text.hpp"
#include "detectors/host_address.hpp"
#include "detectors/text_scan.hpp"

#include <string>
#include <string_view>

namespace sentinel::security {
namespace {

constexpr auto npos = std::string_view::npos;
constexpr int kMetadataScore = 90;
constexpr int kDangerousSchemeScore = 80;
constexpr int kInternalScore = 70;

bool url_parameter_key(std::string_view key) {
    return !text::first_contained(key, {"url", "uri", "target", "callback", "webhook", "redirect", "dest", "fetch",
                                        "link", "src", "next", "return", "proxy", "image", "feed", "endpoint"})
                .empty();
}

std::string_view scheme_before(std::string_view t, std::size_t separator) {
    constexpr std::size_t kLongestScheme = 10;
    std::size_t start = separator;
    while (start > 0 && separator - start < kLongestScheme &&
           (text::is_alpha(t[start - 1]) || t[start - 1] == '+' || t[start - 1] == '-'))
        --start;
    return t.substr(start, separator - start);
}

bool dangerous_scheme(std::string_view scheme) {
    for (const std::string_view name :
         {"file", "gopher", "dict", "ldap", "jar", "netdoc", "tftp", "sftp", "expect", "phar"})
        if (scheme == name) return true;
    return false;
}

struct Evidence {
    int score = 0;
    std::string what;
};

// The URL starts a parameter value: right after '=' or as the (leading) value of a URL-like field.
bool parameter_context(const InspectedField& field, std::size_t url_start) {
    if (url_start > 0 && field.text[url_start - 1] == '=') return true;
    return !field.is_message() && url_parameter_key(field.key) && text::skip_spaces(field.text, 0) == url_start;
}

Evidence strongest_url(const InspectedField& field) {
    Evidence best;
    const std::string_view t = field.text;
    for (std::size_t separator = t.find("://"); separator != npos; separator = t.find("://", separator + 3)) {
        const std::string_view scheme = scheme_before(t, separator);
        if (scheme.empty()) continue;
        const std::string_view host = url_host(t, separator);
        const HostKind kind = classify_host(host);
        const bool parameter = parameter_context(field, separator - scheme.size());
        Evidence found;
        if (kind == HostKind::Metadata)
            found = {kMetadataScore, "URL to the cloud metadata endpoint " + std::string(host)};
        else if (parameter && dangerous_scheme(scheme))
            found = {kDangerousSchemeScore, std::string(scheme) + ":// URL as a parameter"};
        else if (parameter && kind == HostKind::Internal)
            found = {kInternalScore, "URL to internal address " + std::string(host) + " as a parameter"};
        if (found.score > best.score) best = std::move(found);
    }
    // A bare metadata address handed over as a value: "?host=169.254.169.254".
    for (const std::string_view address : {"169.254.169.254", "metadata.google.internal"}) {
        const std::size_t at = t.find(address);
        if (at != npos && best.score < kMetadataScore && at > 0 && t[at - 1] == '=')
            best = {kMetadataScore, "cloud metadata endpoint " + std::string(address) + " as a parameter"};
    }
    return best;
}

} // namespace

std::optional<Finding> detect_ssrf(const InspectedEntry& entry) {
    Evidence best;
    const InspectedField* where = nullptr;
    for (const InspectedField& field : entry.fields) {
        if (field.text.find("://") == npos && field.text.find("169.254.169.254") == npos &&
            field.text.find("metadata.google.internal") == npos)
            continue;
        Evidence found = strongest_url(field);
        if (found.score > best.score) {
            best = std::move(found);
            where = &field;
        }
    }
    if (where == nullptr) return std::nullopt;
    return make_finding("ssrf", best.score, "Server-side request forgery in " + location_of(*where) + ": " + best.what,
                        with_block_advice("Allow-list outbound destinations, deny internal and link-local ranges "
                                          "from the application tier, and require IMDSv2 tokens",
                                          entry.client_ip));
}

} // namespace sentinel::security
