// Conversions between database values and the C ABI's snl_value, used by the SDK and by the host
// (which stores the same variant), so both sides of the boundary agree on one mapping.
#pragma once

#include <sentinel/plugin_api.h>
#include <sentinel/sdk/database.hpp>

#include <string>
#include <type_traits>
#include <variant>

namespace sentinel::sdk::detail {

// OWNERSHIP: the result points into `v`; it is valid while `v` is alive and unchanged.
inline snl_value to_abi(const Value::Storage& v) {
    snl_value out{};
    std::visit(
        [&out](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                out.type = SNL_VALUE_NULL;
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                out.type = SNL_VALUE_INT;
                out.i = x;
            } else if constexpr (std::is_same_v<T, double>) {
                out.type = SNL_VALUE_DOUBLE;
                out.d = x;
            } else if constexpr (std::is_same_v<T, std::string>) {
                out.type = SNL_VALUE_TEXT;
                out.s = x.data();
                out.len = x.size();
            } else {
                out.type = SNL_VALUE_BLOB;
                out.s = x.bytes.data();
                out.len = x.bytes.size();
            }
        },
        v);
    return out;
}

inline snl_value to_abi(const Value& v) { return to_abi(v.storage()); }

// Copies the value out of `v`. An unknown type is an error: the caller reports it.
inline Value::Storage storage_from_abi(const snl_value& v) {
    auto bytes = [&v] { return v.s ? std::string(v.s, v.len) : std::string(); };
    switch (v.type) {
    case SNL_VALUE_NULL: return std::monostate{};
    case SNL_VALUE_INT: return static_cast<std::int64_t>(v.i);
    case SNL_VALUE_DOUBLE: return v.d;
    case SNL_VALUE_TEXT: return bytes();
    case SNL_VALUE_BLOB: return Blob{bytes()};
    default: throw std::invalid_argument("unknown snl_value type " + std::to_string(v.type));
    }
}

inline Value from_abi(const snl_value& v) { return Value(storage_from_abi(v)); }

} // namespace sentinel::sdk::detail
