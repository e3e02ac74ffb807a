#include "monitor_config.hpp"

#include <sentinel/sdk/monitors.hpp>

#include <algorithm>
#include <cctype>

#include <arpa/inet.h>

namespace http_probe {
namespace sdk = sentinel::sdk;
namespace fields = sentinel::sdk::monitor_fields;
using nlohmann::json;

namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::optional<std::string> normalise_ip(const std::string& text) {
    unsigned char buffer[16];
    char out[INET6_ADDRSTRLEN] = {};
    if (inet_pton(AF_INET, text.c_str(), buffer) == 1)
        return inet_ntop(AF_INET, buffer, out, sizeof out) ? std::optional<std::string>(out) : std::nullopt;
    if (inet_pton(AF_INET6, text.c_str(), buffer) == 1)
        return inet_ntop(AF_INET6, buffer, out, sizeof out) ? std::optional<std::string>(out) : std::nullopt;
    return std::nullopt;
}

void read_expected_status(const json& m, MonitorConfig& c, sdk::ValidationErrors& errors) {
    auto it = m.find("expected_status");
    if (it == m.end() || it->is_null()) return;
    std::optional<StatusRanges> parsed;
    if (it->is_number_integer()) parsed = StatusRanges::parse(std::to_string(it->get<std::int64_t>()));
    else if (it->is_string() && it->get_ref<const std::string&>().size() <= 256)
        parsed = StatusRanges::parse(it->get_ref<const std::string&>());
    if (!parsed) {
        errors.add("expected_status", "must be a status code from 100 to 599, a range such as "
                                      "200-299, or a comma-separated list of both");
        return;
    }
    c.expected_status = std::move(*parsed);
}

void read_timeout(const json& m, MonitorConfig& c) {
    // Set by the host for checks, absent when validating; a bad value keeps the default.
    auto it = m.find("timeout_ms");
    if (it != m.end() && it->is_number() && it->get<double>() >= 1 && it->get<double>() <= 3600000)
        c.timeout_ms = static_cast<std::int64_t>(it->get<double>());
}

} // namespace

MonitorConfig read_monitor(const json& m, sdk::ValidationErrors& errors) {
    MonitorConfig c;
    if (!m.is_object()) {
        errors.add_form("the monitor must be a JSON object");
        return c;
    }
    c.check_ssl = fields::has_check(m, "ssl");
    c.check_dns = fields::has_check(m, "dns");
    c.check_domain = fields::has_check(m, "domain");
    c.check_keyword = fields::has_check(m, "keyword");
    c.check_json = fields::has_check(m, "json");

    auto url_it = m.find("url");
    if (url_it == m.end() || url_it->is_null()) {
        errors.add("url", "is required");
    } else if (!url_it->is_string()) {
        errors.add("url", "must be a string");
    } else {
        std::string problem;
        if (auto parsed = parse_url(url_it->get_ref<const std::string&>(), problem)) {
            c.url = std::move(*parsed);
            const auto& given = url_it->get_ref<const std::string&>();
            const auto first = given.find_first_not_of(" \t");
            const auto last = given.find_last_not_of(" \t");
            c.url_as_given = first == std::string::npos ? given : given.substr(first, last - first + 1);
        }
        else errors.add("url", problem);
    }

    read_expected_status(m, c, errors);
    c.follow_redirects = fields::boolean(m, "follow_redirects", errors).value_or(true);
    c.verify_tls = fields::boolean(m, "verify_tls", errors).value_or(true);
    if (auto method = fields::text(m, "method", 16, errors)) {
        const std::string name = upper(*method);
        if (name == "HEAD") c.head = true;
        else if (name != "GET") errors.add("method", "must be GET or HEAD");
    }
    if (c.head && c.needs_body())
        errors.add("method", "must be GET when the keyword or json check is used");
    read_timeout(m, c);

    if (c.check_ssl) {
        if (!c.url.scheme.empty() && c.url.scheme != "https")
            errors.add("check_types", "ssl needs an https:// URL");
        c.ssl_expiry_warning_days = fields::integer(m, "ssl_expiry_warning_days", 1, 365, errors).value_or(14);
    }
    if (c.check_dns) {
        if (auto expected = fields::text(m, "dns_expected", 64, errors)) {
            if (auto ip = normalise_ip(*expected)) c.dns_expected = std::move(*ip);
            else errors.add("dns_expected", "must be an IPv4 or IPv6 address");
        }
    }
    if (c.check_domain)
        c.domain_expiry_warning_days = fields::integer(m, "domain_expiry_warning_days", 1, 365, errors).value_or(30);
    if (c.check_keyword) {
        auto keyword = fields::text(m, "keyword", kMaxKeywordLength, errors);
        if (!keyword && (m.find("keyword") == m.end() || m["keyword"].is_null()))
            errors.add("keyword", "is required with the keyword check");
        else if (keyword && keyword->empty()) errors.add("keyword", "must not be empty");
        else if (keyword) c.keyword = std::move(*keyword);
        if (auto mode = fields::text(m, "keyword_mode", 16, errors)) {
            if (*mode == "absent") c.keyword_absent = true;
            else if (*mode != "present") errors.add("keyword_mode", "must be \"present\" or \"absent\"");
        }
        c.keyword_case_sensitive = fields::boolean(m, "keyword_case_sensitive", errors).value_or(false);
    }
    if (c.check_json) {
        auto path = fields::text(m, "json_path", 512, errors);
        if (!path && (m.find("json_path") == m.end() || m["json_path"].is_null())) {
            errors.add("json_path", "is required with the json check");
        } else if (path) {
            std::string problem;
            if (auto parsed = JsonPath::parse(*path, problem)) {
                c.json_path = std::move(*parsed);
                c.json_path_text = std::move(*path);
            } else {
                errors.add("json_path", problem + " (use a dotted path such as data.items[0].status)");
            }
        }
        if (auto it = m.find("json_expected"); it != m.end() && !it->is_null()) c.json_expected = *it;
    }
    return c;
}

json MonitorConfig::fields() const {
    json f = {{"url", url_as_given.empty() ? url.url : url_as_given},
              {"expected_status", expected_status.to_string()},
              {"follow_redirects", follow_redirects},
              {"method", head ? "HEAD" : "GET"},
              {"verify_tls", verify_tls}};
    if (check_ssl) f["ssl_expiry_warning_days"] = ssl_expiry_warning_days;
    if (check_dns) f["dns_expected"] = dns_expected ? json(*dns_expected) : json();
    if (check_domain) f["domain_expiry_warning_days"] = domain_expiry_warning_days;
    if (check_keyword) {
        f["keyword"] = keyword;
        f["keyword_mode"] = keyword_absent ? "absent" : "present";
        f["keyword_case_sensitive"] = keyword_case_sensitive;
    }
    if (check_json) {
        f["json_path"] = json_path_text;
        f["json_expected"] = json_expected ? *json_expected : json();
    }
    return f;
}

} // namespace http_probe
