// One sandboxed lua_State: capped allocator, instruction-count hook, whitelisted libraries.
// Internal to sentinel_lua.
#pragma once

#include "lua/lua_engine.hpp"

#include <lua.hpp>

#include <memory>
#include <optional>
#include <string>

namespace sentinel::host::lua_detail {

struct SandboxContext;

struct LuaStateCloser {
    void operator()(lua_State* state) const noexcept { lua_close(state); }
};
using LuaStatePtr = std::unique_ptr<lua_State, LuaStateCloser>;

class SandboxedState {
public:
    // A fresh state with the sandboxed libraries opened; nullopt when even that does not fit in
    // limits.memory_limit_bytes. `chunk_name` is what print() and error messages call the script.
    static std::optional<SandboxedState> create(std::string chunk_name, const LuaLimits& limits);

    SandboxedState(SandboxedState&&) noexcept;
    // A defaulted one would free the old context before closing the old state that uses it.
    SandboxedState& operator=(SandboxedState&&) = delete;
    ~SandboxedState();

    lua_State* lua() const { return state_.get(); }
    const std::string& chunk_name() const;
    const LuaLimits& limits() const;

    // Resets the instruction budget; call before running anything in the state.
    void start_budget();
    bool instruction_limit_hit() const;
    // "<source>:<line>: instruction limit of N exceeded", pointing at where the budget ran out.
    std::string instruction_limit_message() const;

private:
    SandboxedState(std::unique_ptr<SandboxContext> context, LuaStatePtr state);

    // Declared before state_ so that it outlives it: the allocator and hook use the context
    // until lua_close returns.
    std::unique_ptr<SandboxContext> context_;
    LuaStatePtr state_;
};

} // namespace sentinel::host::lua_detail
