// JSON <-> Lua value conversion.
#include "lua/lua_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

namespace sentinel::host::lua_detail {

using nlohmann::json;

namespace {

// ---- JSON -> Lua ---------------------------------------------------------------------------

std::string obstacle_at_depth(const json& value, int depth) {
    switch (value.type()) {
    case json::value_t::object:
    case json::value_t::array:
        if (depth > kMaxJsonDepth) {
            return "arguments nest deeper than " + std::to_string(kMaxJsonDepth) + " levels";
        }
        for (const json& element : value) {
            if (std::string reason = obstacle_at_depth(element, depth + 1); !reason.empty()) {
                return reason;
            }
        }
        return {};
    case json::value_t::number_unsigned:
        if (value.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<lua_Integer>::max())) {
            return "integer " + value.dump() + " is out of Lua's integer range";
        }
        return {};
    case json::value_t::binary:
        return "binary JSON values cannot be passed to Lua";
    case json::value_t::discarded:
        return "discarded JSON value cannot be passed to Lua";
    default:
        return {};
    }
}

// Called inside a protected call: longjmp may leave this frame at any Lua API call, so it holds
// nothing that needs a destructor (references, pointers and std::map/std::vector iterators).
void push_json(lua_State* L, const json& value) {
    luaL_checkstack(L, 3, "JSON value nests too deeply");
    switch (value.type()) {
    case json::value_t::object: {
        const auto* members = value.get_ptr<const json::object_t*>();
        lua_createtable(L, 0, static_cast<int>(members->size()));
        for (const auto& [key, member] : *members) {
            lua_pushlstring(L, key.data(), key.size());
            push_json(L, member);
            lua_rawset(L, -3);
        }
        return;
    }
    case json::value_t::array: {
        const auto* elements = value.get_ptr<const json::array_t*>();
        lua_createtable(L, static_cast<int>(elements->size()), 0);
        lua_Integer position = 1;
        for (const json& element : *elements) {
            push_json(L, element);
            lua_rawseti(L, -2, position++);
        }
        return;
    }
    case json::value_t::string: {
        const auto* text = value.get_ptr<const json::string_t*>();
        lua_pushlstring(L, text->data(), text->size());
        return;
    }
    case json::value_t::boolean:
        lua_pushboolean(L, *value.get_ptr<const json::boolean_t*>() ? 1 : 0);
        return;
    case json::value_t::number_integer:
        lua_pushinteger(L, static_cast<lua_Integer>(*value.get_ptr<const json::number_integer_t*>()));
        return;
    case json::value_t::number_unsigned: // range checked by json_to_lua_obstacle
        lua_pushinteger(L, static_cast<lua_Integer>(*value.get_ptr<const json::number_unsigned_t*>()));
        return;
    case json::value_t::number_float:
        lua_pushnumber(L, static_cast<lua_Number>(*value.get_ptr<const json::number_float_t*>()));
        return;
    default: // null (binary and discarded are refused up front)
        lua_pushnil(L);
        return;
    }
}

// ---- Lua -> JSON ---------------------------------------------------------------------------

bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code_point = 0;
        if ((lead & 0xE0) == 0xC0) {
            length = 2;
            code_point = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            code_point = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            code_point = lead & 0x07;
        } else {
            return false;
        }
        if (text.size() - i < length) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto continuation = static_cast<unsigned char>(text[i + k]);
            if ((continuation & 0xC0) != 0x80) {
                return false;
            }
            code_point = (code_point << 6) | (continuation & 0x3F);
        }
        constexpr std::uint32_t kSmallestForLength[] = {0, 0, 0x80, 0x800, 0x10000};
        const bool overlong = code_point < kSmallestForLength[length];
        const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
        if (overlong || surrogate || code_point > 0x10FFFF) {
            return false;
        }
        i += length;
    }
    return true;
}

std::string type_name(lua_State* L, int index) {
    return lua_typename(L, lua_type(L, index));
}

json value_to_json(lua_State* L, int index, int depth);

std::string key_to_string(lua_State* L, int index) {
    if (lua_type(L, index) == LUA_TSTRING) {
        std::size_t length = 0;
        const char* text = lua_tolstring(L, index, &length); // a string: no in-place conversion
        return std::string(text, length);
    }
    if (lua_isinteger(L, index)) {
        return std::to_string(lua_tointeger(L, index));
    }
    if (lua_type(L, index) == LUA_TNUMBER) {
        std::array<char, 64> digits{};
        const auto [end, error] =
            std::to_chars(digits.data(), digits.data() + digits.size(), lua_tonumber(L, index));
        return std::string(digits.data(), error == std::errc{} ? end : digits.data());
    }
    throw LuaToJsonError("cannot convert a table key of type " + type_name(L, index) + " to JSON");
}

json table_to_json(lua_State* L, int table, int depth) {
    if (depth > kMaxJsonDepth) {
        throw LuaToJsonError("cannot convert a table nested deeper than " +
                             std::to_string(kMaxJsonDepth) + " levels to JSON (cyclic table?)");
    }
    if (lua_checkstack(L, 3) == 0) {
        throw LuaToJsonError("Lua stack exhausted while converting to JSON");
    }

    // Pass 1: is it a sequence, i.e. are the keys exactly 1..n?
    lua_Integer key_count = 0;
    lua_Integer largest_key = 0;
    bool only_positive_integer_keys = true;
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
        lua_pop(L, 1);
        ++key_count;
        if (only_positive_integer_keys && lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
            largest_key = std::max(largest_key, lua_tointeger(L, -1));
        } else {
            only_positive_integer_keys = false;
        }
    }

    if (key_count == 0) {
        return json::object();
    }
    if (only_positive_integer_keys && largest_key == key_count) {
        json array = json::array();
        for (lua_Integer position = 1; position <= key_count; ++position) {
            lua_rawgeti(L, table, position);
            array.push_back(value_to_json(L, lua_gettop(L), depth + 1));
            lua_pop(L, 1);
        }
        return array;
    }

    json object = json::object();
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
        std::string key = key_to_string(L, -2);
        if (object.contains(key)) {
            throw LuaToJsonError("table has two keys that both become \"" + key + "\" in JSON");
        }
        object[key] = value_to_json(L, lua_gettop(L), depth + 1);
        lua_pop(L, 1);
    }
    return object;
}

json value_to_json(lua_State* L, int index, int depth) {
    switch (lua_type(L, index)) {
    case LUA_TNONE:
    case LUA_TNIL:
        return nullptr;
    case LUA_TBOOLEAN:
        return lua_toboolean(L, index) != 0;
    case LUA_TNUMBER: {
        if (lua_isinteger(L, index)) {
            return static_cast<std::int64_t>(lua_tointeger(L, index));
        }
        const double number = lua_tonumber(L, index);
        if (!std::isfinite(number)) {
            throw LuaToJsonError("cannot convert " + std::string(std::isnan(number) ? "nan" : "inf") +
                                 " to JSON");
        }
        return number;
    }
    case LUA_TSTRING: {
        std::size_t length = 0;
        const char* text = lua_tolstring(L, index, &length);
        std::string bytes(text, length);
        if (!is_valid_utf8(bytes)) {
            throw LuaToJsonError("cannot convert a string that is not valid UTF-8 to JSON");
        }
        return bytes;
    }
    case LUA_TTABLE:
        return table_to_json(L, index, depth);
    default:
        throw LuaToJsonError("cannot convert " + type_name(L, index) + " to JSON");
    }
}

} // namespace

std::string json_to_lua_obstacle(const json& value) {
    return obstacle_at_depth(value, 1);
}

int push_json_values(lua_State* L, const json& values) {
    const auto* elements = values.get_ptr<const json::array_t*>();
    if (elements == nullptr) {
        return 0;
    }
    const auto count = static_cast<int>(elements->size());
    luaL_checkstack(L, count, "too many arguments");
    for (const json& element : *elements) {
        push_json(L, element);
    }
    return count;
}

json lua_to_json(lua_State* L, int index) {
    const int absolute_index = lua_absindex(L, index);
    const int top = lua_gettop(L);
    try {
        json result = value_to_json(L, absolute_index, 1);
        lua_settop(L, top);
        return result;
    } catch (...) {
        lua_settop(L, top);
        throw;
    }
}

} // namespace sentinel::host::lua_detail
