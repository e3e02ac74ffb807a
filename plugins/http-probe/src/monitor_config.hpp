// One "http" monitor's settings: read from the monitor JSON, validated, normalised. The
// validator and the checker share this, so a check runs exactly what validation accepted.
#pragma once

#include "json_path.hpp"
#include "status_ranges.hpp"
#include "url_parts.hpp"

#include <sentinel/sdk/http.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace http_probe {

inline constexpr std::int64_t kDefaultTimeoutMs = 10000;
inline constexpr std::size_t kMaxKeywordLength = 1024;

struct MonitorConfig {
    UrlParts url;
    std::string url_as_given; // stored and shown as the user wrote it (trimmed)
    StatusRanges expected_status = *StatusRanges::parse("200-299");
    bool follow_redirects = true;
    bool head = false; // method HEAD instead of GET
    bool verify_tls = true;
    std::int64_t timeout_ms = kDefaultTimeoutMs; // from the host, per check

    bool check_ssl = false;
    bool check_dns = false;
    bool check_domain = false;
    bool check_keyword = false;
    bool check_json = false;

    std::int64_t ssl_expiry_warning_days = 14;
    std::optional<std::string> dns_expected; // an IP address, normalised
    std::int64_t domain_expiry_warning_days = 30;
    std::string keyword;
    bool keyword_absent = false;
    bool keyword_case_sensitive = false;
    std::string json_path_text;
    JsonPath json_path;
    std::optional<nlohmann::json> json_expected; // absent: the path only has to exist

    bool needs_body() const noexcept { return check_keyword || check_json; }

    // The type's stored fields: every setting of the listed checks, defaults filled in.
    nlohmann::json fields() const;
};

// Reads and validates `monitor`; problems go to `errors`, keyed by field name.
MonitorConfig read_monitor(const nlohmann::json& monitor, sentinel::sdk::ValidationErrors& errors);

} // namespace http_probe
