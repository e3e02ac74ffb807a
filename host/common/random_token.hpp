#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sentinel::host {

// `bytes` bytes from libsodium's CSPRNG, as lower-case hex.
std::string random_hex(std::size_t bytes);

// SHA-256 of `data`, as lower-case hex.
std::string sha256_hex(std::string_view data);

} // namespace sentinel::host
