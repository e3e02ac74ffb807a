#include "storage/bytea_hex.hpp"

#include "storage/db_value.hpp"
#include "common/hex_digit.hpp"

namespace sentinel::host {

std::string encode_bytea_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out = "\\x";
    out.reserve(2 + bytes.size() * 2);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        out += digits[byte >> 4];
        out += digits[byte & 0x0f];
    }
    return out;
}

std::string decode_bytea_hex(std::string_view text) {
    if (!text.starts_with("\\x") || text.size() % 2 != 0) {
        throw DbError(DbErrorKind::Other, "bytea value is not in hex form (\\x...); is bytea_output = escape?");
    }
    std::string out;
    out.reserve((text.size() - 2) / 2);
    for (std::size_t i = 2; i < text.size(); i += 2) {
        const int high = hex_digit_value(text[i]);
        const int low = hex_digit_value(text[i + 1]);
        if (high < 0 || low < 0) throw DbError(DbErrorKind::Other, "bytea value has a non-hex digit");
        out += static_cast<char>(high * 16 + low);
    }
    return out;
}

}  // namespace sentinel::host
