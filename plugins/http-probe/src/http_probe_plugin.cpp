#include "http_probe_plugin.hpp"

#include "monitor_config.hpp"
#include "url_parts.hpp"

namespace http_probe {
namespace sdk = sentinel::sdk;
using nlohmann::json;

namespace {

constexpr std::size_t kResolverThreads = 2;

std::vector<std::string> split_list(std::string_view list) {
    std::vector<std::string> items;
    while (!list.empty()) {
        const auto comma = std::min(list.find(','), list.size());
        const auto item = list.substr(0, comma);
        const auto first = item.find_first_not_of(" \t");
        if (first != std::string_view::npos)
            items.emplace_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
        list.remove_prefix(std::min(comma + 1, list.size()));
    }
    return items;
}

std::string first_problem(const sdk::ValidationErrors& errors) {
    const json details = errors.details();
    for (const auto& [field, problems] : details["fieldErrors"].items())
        if (!problems.empty()) return field + " " + problems[0].get<std::string>();
    for (const auto& problem : details["formErrors"]) return problem.get<std::string>();
    return "invalid";
}

} // namespace

ProbeSettings read_settings(const sdk::Config& config) {
    ProbeSettings s;
    s.ca_file = config.get_or("ca_file", "");
    s.rdap.ca_file = s.ca_file;
    s.rdap.base_url = config.get_or("rdap_base_url", s.rdap.base_url);
    std::string problem;
    if (!parse_url(s.rdap.base_url, problem))
        throw sdk::ConfigError("configuration key 'rdap_base_url' must be an http(s) URL, got '" +
                               s.rdap.base_url + "'");
    s.rdap.cache_ttl = std::chrono::hours(config.get_int("rdap_cache_hours", 12, 0, 24 * 30));
    s.resolve = split_list(config.get_or("resolve", ""));
    for (const auto& entry : s.resolve)
        if (std::count(entry.begin(), entry.end(), ':') < 2)
            throw sdk::ConfigError("configuration key 'resolve' must be a comma-separated list of "
                                   "host:port:address, got '" + entry + "'");
    s.rdap.resolve = s.resolve;
    return s;
}

HttpProbePlugin::HttpProbePlugin(const sdk::HostServices& host)
    : host_(host), settings_(read_settings(host.config)), loop_(), resolver_(kResolverThreads),
      rdap_(loop_, settings_.rdap),
      services_{loop_, resolver_, rdap_, host_.clock, settings_.ca_file, settings_.resolve} {
    if (!CurlGlobal::thread_safe())
        host_.log.warn("libcurl is not built thread-safe; initialised once for the process");
}

HttpProbePlugin::~HttpProbePlugin() {
    // The loop first: its aborted transfers complete their checks; then queued lookups.
    loop_.stop();
    resolver_.stop();
}

void HttpProbePlugin::monitor_types(sdk::MonitorTypeTable& types) {
    types.pull({"http", "Requests an HTTP(S) URL and checks the answer",
                {"ssl", "dns", "domain", "keyword", "json"}},
               [this](const json& monitor) { return validate(monitor); },
               [this](const json& monitor, sdk::CheckDone done) { check(monitor, std::move(done)); });
}

sdk::MonitorValidation HttpProbePlugin::validate(const json& monitor) const {
    sdk::MonitorValidation v;
    const MonitorConfig config = read_monitor(monitor, v.errors);
    if (v.errors.empty()) v.fields = config.fields();
    return v;
}

void HttpProbePlugin::check(const json& monitor, sdk::CheckDone done) {
    sdk::ValidationErrors errors;
    MonitorConfig config = read_monitor(monitor, errors);
    if (!errors.empty()) {
        done(sdk::CheckResult::down("invalid monitor configuration: " + first_problem(errors)));
        return;
    }
    start_check(services_, std::move(config), std::move(done));
}

} // namespace http_probe
