#include "rdap.hpp"

#include "http_transfer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace http_probe {
namespace {

constexpr std::size_t kMaxRdapBody = 1 << 20;
constexpr std::size_t kPruneAbove = 1024;
// A failed lookup is retried sooner than a successful one is refreshed.
constexpr std::chrono::minutes kFailureTtl{15};

std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t count) {
    if (pos + count > s.size()) return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(s.data() + pos, s.data() + pos + count, value);
    if (ec != std::errc() || end != s.data() + pos + count) return std::nullopt;
    return value;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

} // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)
    const auto year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
    const auto hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second || t[4] != '-' || t[7] != '-' ||
        (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || t[13] != ':' || t[16] != ':')
        return std::nullopt;
    if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60)
        return std::nullopt;
    std::size_t pos = 19;
    if (pos < t.size() && t[pos] == '.') {
        ++pos;
        while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) ++pos;
    }
    std::int64_t offset = 0;
    if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
        const auto oh = digits(t, pos + 1, 2), om = digits(t, pos + 4, 2);
        if (!oh || !om || t[pos + 3] != ':' || pos + 6 != t.size()) return std::nullopt;
        offset = (t[pos] == '+' ? 1 : -1) * (*oh * 3600 + *om * 60);
    } else if (!(pos + 1 == t.size() && (t[pos] == 'Z' || t[pos] == 'z')) && pos != t.size()) {
        return std::nullopt;
    }
    return days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)) * 86400 +
           *hour * 3600 + *minute * 60 + *second - offset;
}

RdapAnswer parse_rdap_domain(std::string_view body) {
    RdapAnswer answer;
    const auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        answer.error = "RDAP answer is not a JSON object";
        return answer;
    }
    auto events = doc.find("events");
    if (events != doc.end() && events->is_array()) {
        for (const auto& event : *events) {
            if (!event.is_object() || event.value("eventAction", "") != "expiration") continue;
            const auto date = event.find("eventDate");
            if (date == event.end() || !date->is_string()) continue;
            if (auto when = parse_rfc3339(date->get_ref<const std::string&>())) {
                answer.ok = true;
                answer.expires_at = *when;
                return answer;
            }
            answer.error = "RDAP expiration date is malformed: " + date->get<std::string>();
            return answer;
        }
    }
    answer.error = "RDAP answer has no expiration event";
    return answer;
}

RdapClient::RdapClient(CurlLoop& loop, RdapSettings settings) : loop_(loop), settings_(std::move(settings)) {}

void RdapClient::lookup(const std::string& domain, std::int64_t timeout_ms, Callback callback) {
    {
        std::unique_lock lock(mutex_);
        Entry& entry = cache_[domain];
        if (!entry.waiters.empty()) {
            entry.waiters.push_back(std::move(callback));
            return;
        }
        if (entry.answer && std::chrono::steady_clock::now() < entry.expires) {
            const RdapAnswer answer = *entry.answer;
            lock.unlock();
            callback(answer, true);
            return;
        }
        entry.waiters.push_back(std::move(callback));
    }

    std::string base = settings_.base_url;
    while (base.ends_with('/')) base.pop_back();
    HttpRequest request;
    request.url = base + "/domain/" + domain;
    request.timeout_ms = timeout_ms;
    request.ca_file = settings_.ca_file;
    request.resolve = settings_.resolve;
    request.max_body = kMaxRdapBody;
    request.headers = {"Accept: application/rdap+json, application/json"};
    auto on_done = [this, domain](HttpResponse&& r) {
        RdapAnswer answer;
        if (!r.transport_ok()) answer.error = "RDAP request failed: " + r.error;
        else if (r.status == 404) answer.error = "the RDAP server does not know " + domain;
        else if (r.status == 429) answer.error = "the RDAP server is rate limiting (429)";
        else if (r.status < 200 || r.status > 299) answer.error = "the RDAP server answered " + std::to_string(r.status);
        else if (r.body_truncated) answer.error = "RDAP answer larger than 1 MiB";
        else answer = parse_rdap_domain(r.body);
        store(domain, answer, !r.aborted);
    };
    try {
        loop_.submit(std::make_unique<HttpTransfer>(request, std::move(on_done)));
    } catch (const std::exception& e) {
        store(domain, RdapAnswer{false, std::string("RDAP request not started: ") + e.what(), 0}, false);
    }
}

void RdapClient::store(const std::string& domain, const RdapAnswer& answer, bool cacheable) {
    std::vector<Callback> waiters;
    {
        std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        Entry& entry = cache_[domain];
        waiters.swap(entry.waiters);
        if (cacheable) {
            entry.answer = answer;
            entry.expires = now + (answer.ok ? settings_.cache_ttl : std::min(settings_.cache_ttl, kFailureTtl));
        } else {
            cache_.erase(domain);
        }
        if (cache_.size() > kPruneAbove)
            std::erase_if(cache_, [now](const auto& item) {
                return item.second.waiters.empty() && item.second.expires <= now;
            });
    }
    for (auto& waiter : waiters) waiter(answer, false);
}

} // namespace http_probe
