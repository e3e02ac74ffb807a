// The metadata fields several detectors read: who (IP, user) and where (destination port).
// Keys match case-insensitively; values are validated so that nothing odd reaches advice text.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace sentinel::security {

// metadata ip / src_ip / source_ip / client_ip when it looks like an IPv4 or IPv6 address
// (lower-cased), else "".
std::string client_ip(const nlohmann::json& metadata);

// metadata user / username / user_id / account (string or integer), lower-cased, at most 256
// characters, else "".
std::string user_of(const nlohmann::json& metadata);

// metadata dst_port / dest_port / port (integer or numeric string) in 0..65535.
std::optional<int> port_of(const nlohmann::json& metadata);

} // namespace sentinel::security
