// PostgreSQL bytea in its text "hex" form: \x followed by two hex digits per byte.
#pragma once

#include <string>
#include <string_view>

namespace sentinel::host {

std::string encode_bytea_hex(std::string_view bytes);

// Throws DbError(Other) when `text` is not \x-prefixed hex with an even number of digits.
std::string decode_bytea_hex(std::string_view text);

}  // namespace sentinel::host
