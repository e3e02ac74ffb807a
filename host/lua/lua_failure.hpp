// Shorthand for a failed LuaResult. Internal to sentinel_lua.
#pragma once

#include "lua/lua_engine.hpp"

#include <string>
#include <utility>

namespace sentinel::host::lua_detail {

inline LuaResult lua_failure(LuaErrorKind kind, std::string message) {
    LuaResult result;
    result.error_kind = kind;
    result.error = std::move(message);
    return result;
}

} // namespace sentinel::host::lua_detail
