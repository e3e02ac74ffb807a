// Sliding-window detectors. Each tenant's IPs and users are tracked under their own key in one
// least-recently-used list (bounded by max_keys); each key keeps only the few recent timestamps
// its thresholds need, so memory stays bounded however hard one IP hammers.
#include "detectors/detectors.hpp"

#include "detectors/auth_events.hpp"
#include "detectors/entry_fields.hpp"
#include "detectors/finding_text.hpp"

#include <algorithm>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace sentinel::security {
namespace {

constexpr int kBruteForceScore = 80;
constexpr int kCompromiseScore = 95;
constexpr int kStuffingScore = 85;
constexpr int kAccountAttackScore = 70;
constexpr int kPortScanScore = 70;
constexpr int kLargestThreshold = 10000;
constexpr std::size_t kKeptBeyondThreshold = 64; // history kept so counts read higher than the threshold
constexpr std::size_t kStaleKeysDroppedPerCall = 2;

int sane_threshold(int threshold) {
    return std::clamp(threshold, 1, kLargestThreshold);
}

// Timestamps in order, at most `cap` of them.
class EventTimes {
public:
    void add(std::int64_t at, std::size_t cap) {
        times_.insert(std::upper_bound(times_.begin(), times_.end(), at), at);
        while (times_.size() > cap) times_.pop_front();
    }
    std::size_t count_since(std::int64_t cutoff) {
        while (!times_.empty() && times_.front() < cutoff) times_.pop_front();
        return times_.size();
    }

private:
    std::deque<std::int64_t> times_;
};

// Distinct values (users, ports) with the last time each was seen, at most `cap` of them.
template <typename Value>
class DistinctValues {
public:
    void add(const Value& value, std::int64_t at, std::size_t cap) {
        const auto [slot, inserted] = seen_.try_emplace(value, at);
        if (!inserted) slot->second = std::max(slot->second, at);
        if (seen_.size() > cap) {
            const auto oldest = std::min_element(seen_.begin(), seen_.end(),
                                                 [](const auto& a, const auto& b) { return a.second < b.second; });
            seen_.erase(oldest);
        }
    }
    std::size_t count_since(std::int64_t cutoff) {
        std::erase_if(seen_, [&](const auto& item) { return item.second < cutoff; });
        return seen_.size();
    }

private:
    std::unordered_map<Value, std::int64_t> seen_;
};

struct Track {
    EventTimes failures;               // per IP and per user
    DistinctValues<std::string> users; // per IP: users that failed
    DistinctValues<int> ports;         // per IP: destination ports
    std::int64_t last_seen = 0;
};

struct Node {
    std::string tenant;
    std::string key; // "ip:<address>" or "user:<name>"
    Track track;
};

std::string index_key(std::string_view tenant, std::string_view key) {
    std::string joined;
    joined.reserve(tenant.size() + key.size() + 1);
    joined.append(tenant).push_back('\0');
    joined.append(key);
    return joined;
}

std::string minutes_text(std::chrono::milliseconds window) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(window).count();
    if (minutes >= 1) return std::to_string(minutes) + " min";
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(window).count()) + " s";
}

} // namespace

struct WindowDetectors::State {
    WindowOptions options;
    std::mutex mutex;
    std::list<Node> recent; // most recently touched first
    std::unordered_map<std::string, std::list<Node>::iterator> index;

    Track* find(std::string_view tenant, std::string_view key, std::int64_t now) {
        const auto found = index.find(index_key(tenant, key));
        if (found == index.end()) return nullptr;
        recent.splice(recent.begin(), recent, found->second);
        found->second->track.last_seen = std::max(found->second->track.last_seen, now);
        return &found->second->track;
    }

    Track& touch(std::string_view tenant, std::string_view key, std::int64_t now) {
        if (Track* track = find(tenant, key, now)) return *track;
        recent.push_front(Node{std::string(tenant), std::string(key), Track{}});
        recent.front().track.last_seen = now;
        index.emplace(index_key(tenant, key), recent.begin());
        while (index.size() > std::max<std::size_t>(options.max_keys, 1)) drop_least_recent();
        return recent.front().track;
    }

    void drop_least_recent() {
        index.erase(index_key(recent.back().tenant, recent.back().key));
        recent.pop_back();
    }

    // Keys untouched for a whole window hold nothing that still counts.
    void drop_stale(std::int64_t cutoff) {
        for (std::size_t i = 0; i < kStaleKeysDroppedPerCall && !recent.empty(); ++i) {
            if (recent.back().track.last_seen >= cutoff) return;
            drop_least_recent();
        }
    }
};

WindowDetectors::WindowDetectors(WindowOptions options) : state_(std::make_unique<State>()) {
    state_->options = options;
    state_->options.brute_force_failures = sane_threshold(options.brute_force_failures);
    state_->options.stuffing_distinct_users = sane_threshold(options.stuffing_distinct_users);
    state_->options.user_failures = sane_threshold(options.user_failures);
    state_->options.port_scan_distinct_ports = sane_threshold(options.port_scan_distinct_ports);
}

WindowDetectors::~WindowDetectors() = default;

std::vector<Finding> WindowDetectors::observe(std::string_view tenant, const LogEntry& entry, std::int64_t now_ms) {
    const WindowOptions& options = state_->options;
    const std::string ip = client_ip(entry.metadata);
    const std::string user = user_of(entry.metadata);
    const std::optional<int> port = port_of(entry.metadata);
    const AuthOutcome outcome = auth_outcome(entry);
    const std::size_t ports_listed = distinct_ports_listed(entry);
    const std::string window = minutes_text(options.window);
    const auto cap = [](int threshold) { return static_cast<std::size_t>(threshold) + kKeptBeyondThreshold; };

    std::vector<Finding> findings;
    if (ports_listed >= static_cast<std::size_t>(options.port_scan_distinct_ports))
        findings.push_back(make_finding("port_scan", kPortScanScore,
                                        "Port scan: " + std::to_string(ports_listed) + " ports listed in one event",
                                        with_block_advice("Drop unsolicited inbound traffic at the firewall and "
                                                          "close unused ports",
                                                          ip)));
    const bool tracks_ip = !ip.empty() && (outcome != AuthOutcome::None || port.has_value());
    const bool tracks_user = !user.empty() && outcome == AuthOutcome::Failure;
    if (!tracks_ip && !tracks_user) return findings;

    const std::int64_t cutoff = now_ms - options.window.count();
    const std::lock_guard lock(state_->mutex);
    state_->drop_stale(cutoff);

    if (!ip.empty() && outcome == AuthOutcome::Failure) {
        Track& track = state_->touch(tenant, "ip:" + ip, now_ms);
        track.failures.add(now_ms, cap(options.brute_force_failures));
        if (!user.empty()) track.users.add(user, now_ms, cap(options.stuffing_distinct_users));
        const std::size_t failures = track.failures.count_since(cutoff);
        if (failures >= static_cast<std::size_t>(options.brute_force_failures))
            findings.push_back(make_finding(
                "brute_force", kBruteForceScore,
                "Brute force: " + std::to_string(failures) + " failed logins from " + ip + " within " + window,
                with_block_advice("Lock out or rate-limit logins per IP and require MFA", ip)));
        const std::size_t users = track.users.count_since(cutoff);
        if (users >= static_cast<std::size_t>(options.stuffing_distinct_users))
            findings.push_back(make_finding("credential_stuffing", kStuffingScore,
                                            "Credential stuffing: " + std::to_string(users) +
                                                " different users failed from " + ip + " within " + window,
                                            with_block_advice("Require MFA, rate-limit logins per IP and reject "
                                                              "passwords found in breach lists",
                                                              ip)));
    }
    if (!ip.empty() && outcome == AuthOutcome::Success) {
        if (Track* track = state_->find(tenant, "ip:" + ip, now_ms)) {
            const std::size_t failures = track->failures.count_since(cutoff);
            if (failures >= static_cast<std::size_t>(options.brute_force_failures))
                findings.push_back(make_finding(
                    "brute_force", kCompromiseScore,
                    "Possible account compromise: login succeeded from " + ip + " after " + std::to_string(failures) +
                        " failures within " + window,
                    with_block_advice("Reset the account's password, revoke its sessions and require MFA", ip)));
        }
    }
    if (tracks_user) {
        Track& track = state_->touch(tenant, "user:" + user, now_ms);
        track.failures.add(now_ms, cap(options.user_failures));
        const std::size_t failures = track.failures.count_since(cutoff);
        if (failures >= static_cast<std::size_t>(options.user_failures))
            findings.push_back(make_finding("account_attack", kAccountAttackScore,
                                            "Account under attack: " + std::to_string(failures) +
                                                " failed logins for user '" + user + "' within " + window,
                                            "Temporarily lock the account, tell its owner and require MFA"));
    }
    if (!ip.empty() && port) {
        Track& track = state_->touch(tenant, "ip:" + ip, now_ms);
        track.ports.add(*port, now_ms, cap(options.port_scan_distinct_ports));
        const std::size_t ports = track.ports.count_since(cutoff);
        if (ports >= static_cast<std::size_t>(options.port_scan_distinct_ports))
            findings.push_back(
                make_finding("port_scan", kPortScanScore,
                             "Port scan: " + std::to_string(ports) + " ports probed by " + ip + " within " + window,
                             with_block_advice("Drop unsolicited inbound traffic at the firewall and "
                                               "close unused ports",
                                               ip)));
    }
    return findings;
}

void WindowDetectors::forget(std::string_view tenant) {
    const std::lock_guard lock(state_->mutex);
    for (auto node = state_->recent.begin(); node != state_->recent.end();) {
        if (node->tenant != tenant) {
            ++node;
            continue;
        }
        state_->index.erase(index_key(node->tenant, node->key));
        node = state_->recent.erase(node);
    }
}

void WindowDetectors::rename(std::string_view from, std::string_view to) {
    if (from == to) return;
    forget(to);
    const std::lock_guard lock(state_->mutex);
    for (Node& node : state_->recent) {
        if (node.tenant != from) continue;
        auto handle = state_->index.extract(index_key(node.tenant, node.key));
        node.tenant = std::string(to);
        handle.key() = index_key(node.tenant, node.key);
        state_->index.insert(std::move(handle));
    }
}

} // namespace sentinel::security
