// JSON <-> Lua value conversion (rules in lua_engine.hpp). Internal to sentinel_lua.
#pragma once

#include <lua.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace sentinel::host::lua_detail {

inline constexpr int kMaxJsonDepth = 64;

// Empty when `value` can be pushed onto a Lua stack, otherwise the reason it cannot (too deep,
// an unsigned integer beyond lua_Integer, binary data). Check before push_json_values.
std::string json_to_lua_obstacle(const nlohmann::json& value);

// Pushes the elements of the JSON array `values` and returns how many. Must run inside a
// protected call: it raises Lua errors (out of memory, stack overflow) and nothing else.
int push_json_values(lua_State* L, const nlohmann::json& values);

class LuaToJsonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Converts the value at `index`. Uses only Lua API calls that cannot raise, so it is safe outside
// a protected call. Throws LuaToJsonError; the Lua stack is left as it was either way.
nlohmann::json lua_to_json(lua_State* L, int index);

} // namespace sentinel::host::lua_detail
