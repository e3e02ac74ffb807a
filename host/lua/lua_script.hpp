// A script whose top-level chunk ran in its own sandbox, ready for calls. Internal to sentinel_lua.
// Not thread-safe: the engine serialises calls per script.
#pragma once

#include "lua/lua_engine.hpp"
#include "lua/lua_sandbox.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace sentinel::host::lua_detail {

class LuaScript {
public:
    // Compiles `source` (text only, never bytecode) in a fresh sandbox and runs its top-level
    // chunk under the limits. `chunk_name` appears in error messages and print() output.
    // On failure the result's kind is Load, InstructionLimit or MemoryLimit.
    static std::variant<LuaScript, LuaResult> load(const std::string& chunk_name,
                                                   std::string_view source,
                                                   const LuaLimits& limits);

    // Calls global `function` with the elements of the JSON array `args`, which the caller has
    // checked with json_to_lua_obstacle.
    LuaResult call(const std::string& function, const nlohmann::json& args);

    // True after a limit error: the state may be inconsistent and must be rebuilt.
    bool must_be_discarded() const { return must_be_discarded_; }

private:
    explicit LuaScript(SandboxedState sandbox);

    SandboxedState sandbox_;
    bool must_be_discarded_ = false;
};

} // namespace sentinel::host::lua_detail
