#include "check_run.hpp"

#include "body_checks.hpp"
#include "dns_check.hpp"
#include "domain_check.hpp"
#include "http_transfer.hpp"
#include "ssl_check.hpp"
#include "url_parts.hpp"

#include <memory>
#include <mutex>
#include <optional>

namespace http_probe {
namespace sdk = sentinel::sdk;
using nlohmann::json;

namespace {

bool tls_failure(CURLcode code) {
    switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH: return true;
    default: return false;
    }
}

class CheckRun : public std::enable_shared_from_this<CheckRun> {
public:
    CheckRun(ProbeServices& services, MonitorConfig config, sdk::CheckDone done)
        : services_(services), config_(std::move(config)), done_(std::move(done)) {}

    void start() {
        const bool resolve = config_.check_dns && !is_ip_literal(config_.url.host);
        const bool registry = config_.check_domain && domain_checkable(config_.url.host);
        if (config_.check_dns && !resolve) dns_ = dns_skipped(config_);
        if (config_.check_domain && !registry) domain_ = domain_skipped(config_);
        // Every piece is counted before any starts: one may finish before the next begins.
        pending_ = 1 + (resolve ? 1 : 0) + (registry ? 1 : 0);

        if (resolve) start_resolution();
        if (registry) start_registry_lookup();
        start_request();
    }

private:
    void start_request() {
        HttpRequest request;
        request.url = config_.url.url;
        request.head = config_.head;
        request.follow_redirects = config_.follow_redirects;
        request.verify_tls = config_.verify_tls;
        request.ca_file = services_.ca_file;
        request.timeout_ms = config_.timeout_ms;
        request.want_certinfo = config_.check_ssl;
        request.max_body = config_.needs_body() ? kMaxBodyBytes : 0;
        request.resolve = services_.resolve;
        auto self = shared_from_this();
        try {
            services_.loop.submit(std::make_unique<HttpTransfer>(
                request, [self](HttpResponse&& r) { self->finish([&] { self->response_ = std::move(r); }); }));
        } catch (const std::exception& e) {
            HttpResponse failed;
            failed.code = CURLE_FAILED_INIT;
            failed.error = std::string("request not started: ") + e.what();
            finish([&] { response_ = std::move(failed); });
        }
    }

    void start_resolution() {
        auto self = shared_from_this();
        services_.resolver.post([self](bool cancelled) {
            SubCheck dns{"dns", false, false, "shutting down"};
            if (!cancelled) {
                Resolution resolution = resolve_host(self->config_.url.host);
                // The request usually ends later; libcurl's lookup time is added when composing.
                dns = dns_check(resolution, self->config_, 0);
            }
            self->finish([&] { self->dns_ = std::move(dns); });
        });
    }

    void start_registry_lookup() {
        auto self = shared_from_this();
        const std::string domain = registrable_domain(config_.url.host);
        services_.rdap.lookup(domain, config_.timeout_ms, [self, domain](const RdapAnswer& answer, bool cached) {
            SubCheck check = domain_check(answer, cached, domain, self->config_, self->services_.clock.now_ms());
            self->finish([&] { self->domain_ = std::move(check); });
        });
    }

    // Records one piece; the last one completes the check.
    template <typename Record>
    void finish(Record record) {
        {
            std::lock_guard lock(mutex_);
            record();
            if (--pending_ > 0) return;
        }
        sdk::CheckResult result;
        try {
            result = compose();
        } catch (const std::exception& e) {
            result = sdk::CheckResult::down(std::string("internal error: ") + e.what());
        }
        done_(result);
    }

    sdk::CheckResult compose() {
        const HttpResponse& r = *response_;
        json details = {{"url", config_.url.url}};
        if (r.aborted) return sdk::CheckResult::down("shutting down", details);

        std::vector<SubCheck> checks;
        sdk::CheckResult result;
        details["timings"] = r.timings;
        if (!r.effective_url.empty()) details["effective_url"] = r.effective_url;
        if (r.redirect_count > 0) details["redirects"] = r.redirect_count;
        if (!r.primary_ip.empty()) details["primary_ip"] = r.primary_ip;
        if (dns_) {
            dns_->extra["curl_dns_ms"] = r.namelookup_ms;
        }

        if (!r.transport_ok()) {
            details["curl_code"] = static_cast<int>(r.code);
            details["curl_error"] = r.curl_detail;
            if (config_.check_ssl && tls_failure(r.code)) checks.emplace_back("ssl", false, false, r.error);
            add_lookups(checks);
            details["checks"] = to_json(checks);
            return sdk::CheckResult::down(r.error, std::move(details));
        }

        result.status_code = r.status;
        result.response_time_ms = r.total_ms;
        const bool expected = config_.expected_status.contains(r.status);
        if (config_.check_ssl) checks.push_back(ssl_check(r, config_, services_.clock.now_ms()));
        add_lookups(checks);
        if (expected) {
            if (config_.check_keyword) checks.push_back(keyword_check(r, config_));
            if (config_.check_json) checks.push_back(json_check(r, config_));
        }
        details["checks"] = to_json(checks);
        result.details = std::move(details);

        if (!expected) {
            result.message = "unexpected status " + std::to_string(r.status) + " (expected " +
                             config_.expected_status.to_string() + ")";
            return result;
        }
        for (const auto& c : checks)
            if (!c.ok && c.fatal) {
                result.message = c.message;
                return result;
            }
        result.is_up = true;
        for (const auto& c : checks)
            if (!c.ok) {
                result.degraded = true;
                result.message = c.message;
                return result;
            }
        result.message = "HTTP " + std::to_string(r.status);
        return result;
    }

    void add_lookups(std::vector<SubCheck>& checks) const {
        if (dns_) checks.push_back(*dns_);
        if (domain_) checks.push_back(*domain_);
    }

    static json to_json(const std::vector<SubCheck>& checks) {
        json out = json::array();
        for (const auto& c : checks) out.push_back(c.to_json());
        return out;
    }

    ProbeServices& services_;
    const MonitorConfig config_;
    const sdk::CheckDone done_;
    std::mutex mutex_;
    int pending_ = 0;                    // guarded by mutex_
    std::optional<HttpResponse> response_; // guarded by mutex_ until pending_ reaches 0
    std::optional<SubCheck> dns_;
    std::optional<SubCheck> domain_;
};

} // namespace

void start_check(ProbeServices& services, MonitorConfig config, sdk::CheckDone done) {
    std::make_shared<CheckRun>(services, std::move(config), std::move(done))->start();
}

} // namespace http_probe
