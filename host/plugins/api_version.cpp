#include "plugins/api_version.hpp"

#include <charconv>

namespace sentinel::host {

std::string ApiVersion::to_string() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<ApiVersion> parse_api_version(std::string_view text) {
    ApiVersion v;
    unsigned* parts[] = {&v.major, &v.minor, &v.patch};
    const char* p = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 3; ++i) {
        auto [next, ec] = std::from_chars(p, end, *parts[i]);
        if (ec != std::errc() || next == p) return std::nullopt;
        p = next;
        if (i < 2) {
            if (p == end || *p != '.') return std::nullopt;
            ++p;
        }
    }
    if (p != end) return std::nullopt;
    return v;
}

std::optional<std::string> incompatibility(const ApiVersion& host, const ApiVersion& plugin) {
    if (plugin.major != host.major) {
        return "built for plugin API " + plugin.to_string() + ", but this host provides " +
               host.to_string() + " (the major versions must be equal; rebuild the plugin against API " +
               std::to_string(host.major) + ".x)";
    }
    if (plugin.minor > host.minor) {
        return "built for plugin API " + plugin.to_string() + ", newer than this host's " +
               host.to_string() + " (upgrade sentineld, or rebuild the plugin against API " +
               host.to_string() + ")";
    }
    return std::nullopt;
}

} // namespace sentinel::host
