// Loading a chunk into a sandbox and calling its functions, with errors sorted into kinds.
#include "lua/lua_script.hpp"

#include "lua/lua_failure.hpp"
#include "lua/lua_json.hpp"

#include <optional>
#include <string>
#include <utility>

namespace sentinel::host::lua_detail {

namespace {

bool is_limit(LuaErrorKind kind) {
    return kind == LuaErrorKind::InstructionLimit || kind == LuaErrorKind::MemoryLimit;
}

// Most Lua errors start with "<chunk>:<line>:"; the rest (error("x", 0), assert, errors from
// load()ed chunks) get the script's name in front so every message says where it came from.
std::string naming_the_script(const std::string& chunk_name, std::string message) {
    if (message.starts_with(chunk_name + ":")) {
        return message;
    }
    return chunk_name + ": " + message;
}

// The error object on top of the stack, without calling metamethods (we are unprotected here).
std::string error_object_text(lua_State* L) {
    switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
        std::size_t length = 0;
        const char* text = lua_tolstring(L, -1, &length);
        return std::string(text, length);
    }
    case LUA_TNUMBER: // converting in place with lua_tolstring could raise "out of memory"
        return lua_isinteger(L, -1) ? std::to_string(lua_tointeger(L, -1))
                                    : std::to_string(lua_tonumber(L, -1));
    default:
        return std::string("(error object is a ") + luaL_typename(L, -1) + " value)";
    }
}

// Describes a failed lua_load/lua_pcall; `plain_kind` is the kind of an ordinary error.
LuaResult describe_failure(const SandboxedState& sandbox, int status, LuaErrorKind plain_kind) {
    const std::string& chunk_name = sandbox.chunk_name();
    if (sandbox.instruction_limit_hit()) {
        return lua_failure(LuaErrorKind::InstructionLimit,
                       naming_the_script(chunk_name, sandbox.instruction_limit_message()));
    }
    if (status == LUA_ERRMEM) {
        return lua_failure(LuaErrorKind::MemoryLimit,
                       chunk_name + ": not enough memory (memory limit of " +
                           std::to_string(sandbox.limits().memory_limit_bytes) + " bytes)");
    }
    return lua_failure(plain_kind, naming_the_script(chunk_name, error_object_text(sandbox.lua())));
}

struct CallRequest {
    const std::string* function = nullptr;
    const nlohmann::json* args = nullptr;
    int function_type = LUA_TFUNCTION; // what the global turned out to be
};

// Runs under lua_pcall, so looking up the global (which may run an __index metamethod on _G),
// converting the arguments and the call itself are all protected and all count against the
// instruction budget.
int call_in_protected_mode(lua_State* L) {
    auto* request = static_cast<CallRequest*>(lua_touserdata(L, 1));
    lua_settop(L, 0);
    request->function_type = lua_getglobal(L, request->function->c_str());
    if (request->function_type != LUA_TFUNCTION) {
        return 0;
    }
    const int argument_count = push_json_values(L, *request->args);
    lua_call(L, argument_count, 1);
    return 1;
}

} // namespace

LuaScript::LuaScript(SandboxedState sandbox) : sandbox_(std::move(sandbox)) {}

std::variant<LuaScript, LuaResult> LuaScript::load(const std::string& chunk_name,
                                                   std::string_view source,
                                                   const LuaLimits& limits) {
    std::optional<SandboxedState> sandbox = SandboxedState::create(chunk_name, limits);
    if (!sandbox) {
        return lua_failure(LuaErrorKind::MemoryLimit,
                       chunk_name + ": not enough memory to create a Lua state (memory limit of " +
                           std::to_string(limits.memory_limit_bytes) + " bytes)");
    }
    lua_State* L = sandbox->lua();
    // "@name" makes Lua print the name as-is in messages ("alerts/x.lua:3: ...").
    const std::string lua_chunk_name = "@" + chunk_name;
    int status = luaL_loadbufferx(L, source.data(), source.size(), lua_chunk_name.c_str(), "t");
    if (status == LUA_OK) {
        sandbox->start_budget();
        status = lua_pcall(L, 0, 0, 0);
    }
    if (status != LUA_OK) {
        return describe_failure(*sandbox, status, LuaErrorKind::Load);
    }
    lua_settop(L, 0);
    return LuaScript(std::move(*sandbox));
}

LuaResult LuaScript::call(const std::string& function, const nlohmann::json& args) {
    lua_State* L = sandbox_.lua();
    lua_settop(L, 0);
    CallRequest request{&function, &args};
    sandbox_.start_budget();
    lua_pushcfunction(L, call_in_protected_mode);
    lua_pushlightuserdata(L, &request);
    const int status = lua_pcall(L, 1, 1, 0);

    LuaResult result;
    if (status != LUA_OK) {
        result = describe_failure(sandbox_, status, LuaErrorKind::Runtime);
        must_be_discarded_ = is_limit(result.error_kind);
    } else if (request.function_type != LUA_TFUNCTION) {
        result = lua_failure(LuaErrorKind::NotFound,
                         sandbox_.chunk_name() + ": no global function '" + function + "' (it is " +
                             lua_typename(L, request.function_type) + ")");
    } else {
        try {
            result.value = lua_to_json(L, -1);
        } catch (const LuaToJsonError& error) {
            result = lua_failure(LuaErrorKind::Runtime, sandbox_.chunk_name() + ": result of '" +
                                                        function + "': " + error.what());
        }
    }
    lua_settop(L, 0);
    return result;
}

} // namespace sentinel::host::lua_detail
