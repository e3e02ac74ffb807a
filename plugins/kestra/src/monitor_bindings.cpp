#include "monitor_bindings.hpp"

#include "webhook_input.hpp"

#include <sentinel/sdk/errors.hpp>

#include <charconv>

namespace sentinel::kestra {
namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

[[noreturn]] void bad(std::string_view entry, const std::string& problem) {
    throw sdk::ConfigError("configuration key 'monitors' must be a comma-separated list of "
                           "<service>:<monitor id> (e.g. \"db:12, web:15\"); entry '" +
                           std::string(entry) + "': " + problem);
}

} // namespace

MonitorBindings MonitorBindings::parse(std::string_view text) {
    MonitorBindings out;
    if (trim(text).empty()) return out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto comma = text.find(',', start);
        const auto raw = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        const auto entry = trim(raw);
        start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
        if (entry.empty()) bad(entry, "empty entry");
        const auto colon = entry.rfind(':');
        if (colon == std::string_view::npos) bad(entry, "missing ':' between the service name and the monitor id");
        const auto name = trim(entry.substr(0, colon));
        const auto id_text = trim(entry.substr(colon + 1));
        if (!valid_service_name(name))
            bad(entry, "service name must be 1 to 64 characters of letters, digits, '_', '.' or '-'");
        std::int64_t id = 0;
        auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
        if (id_text.empty() || ec != std::errc() || end != id_text.data() + id_text.size() || id < 1)
            bad(entry, "monitor id must be a positive whole number");
        if (out.by_service_.count(name)) bad(entry, "service '" + std::string(name) + "' is bound twice");
        if (out.by_monitor_.count(id)) bad(entry, "monitor " + std::to_string(id) + " is bound twice");
        out.by_service_.emplace(std::string(name), id);
        out.by_monitor_.emplace(id, std::string(name));
    }
    return out;
}

std::optional<std::string> MonitorBindings::service_of(std::int64_t monitor_id) const {
    auto it = by_monitor_.find(monitor_id);
    if (it == by_monitor_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::int64_t> MonitorBindings::monitor_of(std::string_view service) const {
    auto it = by_service_.find(service);
    if (it == by_service_.end()) return std::nullopt;
    return it->second;
}

std::optional<Status> status_for_monitor(std::string_view monitor_status) noexcept {
    if (monitor_status == "online") return Status::Healthy;
    if (monitor_status == "degraded") return Status::Degraded;
    if (monitor_status == "offline") return Status::Critical;
    if (monitor_status == "pending") return Status::Unknown;
    return std::nullopt;
}

} // namespace sentinel::kestra
