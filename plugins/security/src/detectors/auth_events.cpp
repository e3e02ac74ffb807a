#include "detectors/auth_events.hpp"

#include "detectors/text_scan.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace sentinel::security {
namespace {

constexpr std::size_t kLongestMessageRead = 64 * 1024;
constexpr int kHighestPort = 65535;

std::string lowered_message(const LogEntry& entry) {
    return text::lower_copy(std::string_view(entry.message).substr(0, kLongestMessageRead));
}

// metadata outcome/status/result/... as lower-case text ("failure", "401"), or "".
std::string outcome_field(const nlohmann::json& metadata) {
    if (!metadata.is_object()) return {};
    for (const auto& [key, value] : metadata.items()) {
        const std::string name = text::lower_copy(key);
        if (name != "outcome" && name != "status" && name != "result" && name != "status_code" &&
            name != "event_outcome" && name != "auth_result")
            continue;
        if (value.is_number_integer()) return value.dump();
        if (value.is_string()) return text::lower_copy(value.get_ref<const std::string&>().substr(0, 32));
    }
    return {};
}

bool message_says_failure(std::string_view m) {
    return !text::first_contained(
                m, {"failed login",           "login failed",           "login failure",      "failed password",
                    "invalid password",       "wrong password",         "incorrect password", "bad password",
                    "authentication failure", "authentication failed",  "auth failed",        "invalid credentials",
                    "bad credentials",        "failed to authenticate", "invalid user",       "logon failure",
                    "failed to log on",       "failed logon",           "sign-in failed",     "signin failed",
                    "failed sign-in",         "access denied for user"})
                .empty();
}

bool message_says_success(std::string_view m) {
    return !text::first_contained(m, {"accepted password", "accepted publickey", "login successful", "successful login",
                                      "login succeeded", "logged in successfully", "authentication succeeded",
                                      "authentication successful", "successful logon", "sign-in succeeded",
                                      "successful sign-in"})
                .empty();
}

bool about_authentication(std::string_view m) {
    return !text::first_contained(m, {"login", "log in", "logon", "log on", "sign-in", "signin", "sign in", "auth",
                                      "password", "credential"})
                .empty();
}

void add_port(std::vector<bool>& seen, std::size_t& count, long long port) {
    if (port < 1 || port > kHighestPort || seen[static_cast<std::size_t>(port)]) return;
    seen[static_cast<std::size_t>(port)] = true;
    ++count;
}

// Reads a number at `pos`, advancing it; -1 when there is none.
long long number_at(std::string_view m, std::size_t& pos) {
    constexpr int kMostDigits = 6;
    long long value = 0;
    int digits = 0;
    while (pos < m.size() && text::is_digit(m[pos]) && digits < kMostDigits) {
        value = value * 10 + (m[pos] - '0');
        ++pos;
        ++digits;
    }
    return digits == 0 ? -1 : value;
}

// "ports 21, 22, 80-90 and 443": the list after one "port"/"ports".
void read_port_list(std::string_view m, std::size_t pos, std::vector<bool>& seen, std::size_t& count) {
    while (pos < m.size()) {
        while (pos < m.size() && (text::is_space(m[pos]) || m[pos] == ',' || m[pos] == ':' || m[pos] == '/')) ++pos;
        if (text::word_at(m, pos, "and")) pos += 3;
        pos = text::skip_spaces(m, pos);
        const long long first = number_at(m, pos);
        if (first < 0) return;
        if (pos < m.size() && m[pos] == '-') {
            ++pos;
            const long long last = number_at(m, pos);
            if (last < first) return;
            for (long long port = first; port <= std::min<long long>(last, kHighestPort); ++port)
                add_port(seen, count, port);
        } else {
            add_port(seen, count, first);
        }
    }
}

} // namespace

AuthOutcome auth_outcome(const LogEntry& entry) {
    const std::string message = lowered_message(entry);
    if (message_says_failure(message)) return AuthOutcome::Failure;
    if (message_says_success(message)) return AuthOutcome::Success;
    const std::string outcome = outcome_field(entry.metadata);
    if (outcome == "401") return AuthOutcome::Failure;
    if (!about_authentication(message)) return AuthOutcome::None;
    if (outcome == "failure" || outcome == "failed" || outcome == "fail" || outcome == "denied" || outcome == "403")
        return AuthOutcome::Failure;
    if (outcome == "success" || outcome == "succeeded" || outcome == "ok" || outcome == "200")
        return AuthOutcome::Success;
    return AuthOutcome::None;
}

std::size_t distinct_ports_listed(const LogEntry& entry) {
    const std::string message = lowered_message(entry);
    const bool lists_in_message = text::contains(message, "port");
    const bool lists_in_metadata =
        entry.metadata.is_object() && (entry.metadata.contains("ports") || entry.metadata.contains("dst_ports"));
    if (!lists_in_message && !lists_in_metadata) return 0;

    std::vector<bool> seen(kHighestPort + 1, false);
    std::size_t count = 0;
    for (std::size_t at = message.find("port"); at != std::string::npos; at = message.find("port", at + 1)) {
        if (at > 0 && text::is_alpha(message[at - 1])) continue; // "report", "support"
        std::size_t pos = at + 4;
        if (pos < message.size() && message[pos] == 's') ++pos;
        read_port_list(message, pos, seen, count);
    }
    if (lists_in_metadata) {
        for (const char* key : {"ports", "dst_ports"}) {
            const auto field = entry.metadata.find(key);
            if (field == entry.metadata.end() || !field->is_array()) continue;
            for (const auto& port : *field)
                if (port.is_number_integer()) add_port(seen, count, port.get<long long>());
        }
    }
    return count;
}

} // namespace sentinel::security
