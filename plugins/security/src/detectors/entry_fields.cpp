#include "detectors/entry_fields.hpp"

#include "detectors/text_scan.hpp"

#include <charconv>
#include <initializer_list>
#include <string_view>

namespace sentinel::security {
namespace {

// The first value among `keys` (in their order) that `metadata` holds, matching keys case-insensitively.
const nlohmann::json* find_field(const nlohmann::json& metadata, std::initializer_list<std::string_view> keys) {
    if (!metadata.is_object()) return nullptr;
    for (const std::string_view key : keys) {
        if (const auto exact = metadata.find(std::string(key)); exact != metadata.end()) return &*exact;
        for (const auto& [name, value] : metadata.items())
            if (text::equals_ignoring_case(name, key)) return &value;
    }
    return nullptr;
}

bool looks_like_ip(std::string_view text) noexcept {
    constexpr std::size_t kLongestIpv6 = 45;
    if (text.size() < 2 || text.size() > kLongestIpv6) return false;
    bool has_separator = false;
    for (const char c : text) {
        const bool hex = text::is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (c == '.' || c == ':')
            has_separator = true;
        else if (!hex)
            return false;
    }
    return has_separator;
}

} // namespace

std::string client_ip(const nlohmann::json& metadata) {
    const nlohmann::json* value = find_field(metadata, {"ip", "src_ip", "source_ip", "client_ip"});
    if (value == nullptr || !value->is_string()) return {};
    const auto& ip = value->get_ref<const std::string&>();
    return looks_like_ip(ip) ? text::lower_copy(ip) : std::string{};
}

std::string user_of(const nlohmann::json& metadata) {
    constexpr std::size_t kLongestUser = 256;
    const nlohmann::json* value = find_field(metadata, {"user", "username", "user_id", "account"});
    if (value == nullptr) return {};
    if (value->is_number_integer()) return value->dump();
    if (!value->is_string()) return {};
    const auto& user = value->get_ref<const std::string&>();
    if (user.empty() || user.size() > kLongestUser) return {};
    return text::lower_copy(user);
}

std::optional<int> port_of(const nlohmann::json& metadata) {
    constexpr int kHighestPort = 65535;
    const nlohmann::json* value = find_field(metadata, {"dst_port", "dest_port", "port"});
    if (value == nullptr) return std::nullopt;
    int port = -1;
    if (value->is_number_integer()) {
        const auto number = value->get<std::int64_t>();
        if (number >= 0 && number <= kHighestPort) port = static_cast<int>(number);
    } else if (value->is_string()) {
        const auto& digits = value->get_ref<const std::string&>();
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (error != std::errc{} || end != digits.data() + digits.size()) port = -1;
    }
    if (port < 0 || port > kHighestPort) return std::nullopt;
    return port;
}

} // namespace sentinel::security
