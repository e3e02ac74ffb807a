// State creation for the sandbox: capped allocator, instruction hook, library whitelist.
//
// The C functions below are called by Lua, which reports errors with longjmp. They therefore
// keep only trivially destructible locals and never let a C++ exception escape.
#include "lua/lua_sandbox.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

namespace sentinel::host::lua_detail {

struct SandboxContext {
    std::string chunk_name;
    LuaLimits limits;
    std::string instruction_limit_text; // the limit in decimal, for error messages
    int hook_interval = 1;

    std::size_t bytes_in_use = 0;

    std::uint64_t instructions_executed = 0;
    bool instruction_limit_hit = false;
    std::array<char, LUA_IDSIZE + 24> limit_location{}; // "<source>:<line>"
};

namespace {

constexpr std::uint64_t kInstructionsPerHook = 1000;

// The allocator's user data is the context, which makes it reachable from every callback.
SandboxContext& context_of(lua_State* L) {
    void* context = nullptr;
    lua_getallocf(L, &context);
    return *static_cast<SandboxContext*>(context);
}

void* capped_allocate(void* user_data, void* block, std::size_t old_size,
                      std::size_t new_size) noexcept {
    auto& context = *static_cast<SandboxContext*>(user_data);
    // For a new block (block == nullptr) Lua passes the object type in old_size, not a size.
    const std::size_t previous_size = block != nullptr ? old_size : 0;
    if (new_size == 0) {
        std::free(block);
        context.bytes_in_use -= previous_size;
        return nullptr;
    }
    const std::size_t headroom = context.limits.memory_limit_bytes - context.bytes_in_use;
    if (new_size > previous_size && new_size - previous_size > headroom) {
        return nullptr; // Lua collects garbage, retries once, then raises "not enough memory"
    }
    void* resized = std::realloc(block, new_size);
    if (resized != nullptr) {
        context.bytes_in_use = context.bytes_in_use - previous_size + new_size;
    }
    return resized;
}

void count_instructions(lua_State* L, lua_Debug* debug_info) {
    SandboxContext& context = context_of(L);
    if (!context.instruction_limit_hit) {
        context.instructions_executed += static_cast<std::uint64_t>(context.hook_interval);
        if (context.instructions_executed <= context.limits.instruction_limit) {
            return;
        }
        context.instruction_limit_hit = true;
        lua_getinfo(L, "Sl", debug_info);
        std::snprintf(context.limit_location.data(), context.limit_location.size(), "%s:%d",
                      debug_info->short_src, debug_info->currentline);
        // From now on fail at every instruction, so a pcall in the script cannot swallow the limit.
        lua_sethook(L, count_instructions, LUA_MASKCOUNT, 1);
    }
    lua_getinfo(L, "Sl", debug_info);
    lua_pushfstring(L, "%s:%d: instruction limit of %s exceeded", debug_info->short_src,
                    debug_info->currentline, context.instruction_limit_text.c_str());
    lua_error(L);
}

void log_script_output(const std::string& chunk_name, std::string_view text) noexcept {
    try {
        spdlog::info("lua {}: {}", chunk_name, text);
    } catch (...) {
        // Logging must not unwind through Lua's C frames; a lost print line is acceptable.
    }
}

// print(...): tab-separated like the standard print, but into the host log.
int print_to_host_log(lua_State* L) {
    const int argument_count = lua_gettop(L);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (int i = 1; i <= argument_count; ++i) {
        if (i > 1) {
            luaL_addchar(&buffer, '\t');
        }
        luaL_tolstring(L, i, nullptr);
        luaL_addvalue(&buffer);
    }
    luaL_pushresult(&buffer);
    std::size_t length = 0;
    const char* text = lua_tolstring(L, -1, &length);
    log_script_output(context_of(L).chunk_name, std::string_view(text, length));
    return 0;
}

// load(chunk [, chunkname [, mode [, env]]]) with mode forced to "t": precompiled bytecode can
// crash the VM, so only source text may be loaded.
int text_only_load(lua_State* L) {
    if (lua_gettop(L) < 3) {
        lua_settop(L, 3); // an absent env must stay absent: an explicit nil env means "no globals"
    }
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

// Lua runs finalizers with debug hooks disabled, so a __gc metamethod could loop forever out of
// reach of the instruction budget. Metatables with __gc are therefore refused.
int setmetatable_without_finalizer(lua_State* L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) {
            return luaL_error(L, "__gc metamethods are not allowed in the sandbox");
        }
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

void open_global_library(lua_State* L, const char* name, lua_CFunction open) {
    luaL_requiref(L, name, open, 1);
    lua_pop(L, 1);
}

void remove_field(lua_State* L, int table_index, const char* name) {
    lua_pushnil(L);
    lua_setfield(L, table_index < 0 ? table_index - 1 : table_index, name);
}

// Runs under lua_pcall so that running out of memory here is an error, not a panic.
int open_sandbox_libraries(lua_State* L) {
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    for (const char* name : std::array{"dofile", "loadfile", "collectgarbage"}) {
        remove_field(L, -1, name);
    }
    lua_getfield(L, -1, "load");
    lua_pushcclosure(L, text_only_load, 1);
    lua_setfield(L, -2, "load");
    lua_getfield(L, -1, "setmetatable");
    lua_pushcclosure(L, setmetatable_without_finalizer, 1);
    lua_setfield(L, -2, "setmetatable");
    lua_pushcfunction(L, print_to_host_log);
    lua_setfield(L, -2, "print");
    lua_pop(L, 1);

    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    remove_field(L, -1, "dump"); // also gone from ("s"):dump, the string metatable's __index
    lua_pop(L, 1);
    open_global_library(L, LUA_TABLIBNAME, luaopen_table);
    open_global_library(L, LUA_MATHLIBNAME, luaopen_math);
    open_global_library(L, LUA_UTF8LIBNAME, luaopen_utf8);

    // The full os library stays unreachable in the registry; scripts see a copy of three fields.
    luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);
    lua_createtable(L, 0, 3);
    for (const char* name : std::array{"time", "clock", "date"}) {
        lua_getfield(L, -2, name);
        lua_setfield(L, -2, name);
    }
    lua_setglobal(L, LUA_OSLIBNAME);
    lua_pop(L, 1);
    return 0;
}

int report_panic(lua_State* L) {
    try {
        const char* message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
        spdlog::critical("lua {}: unprotected error: {}", context_of(L).chunk_name, message);
    } catch (...) {
    }
    return 0; // Lua aborts the process
}

} // namespace

SandboxedState::SandboxedState(std::unique_ptr<SandboxContext> context, LuaStatePtr state)
    : context_(std::move(context)), state_(std::move(state)) {}

SandboxedState::SandboxedState(SandboxedState&&) noexcept = default;
SandboxedState::~SandboxedState() = default;

std::optional<SandboxedState> SandboxedState::create(std::string chunk_name,
                                                     const LuaLimits& limits) {
    auto context = std::make_unique<SandboxContext>();
    context->chunk_name = std::move(chunk_name);
    context->limits = limits;
    context->instruction_limit_text = std::to_string(limits.instruction_limit);
    context->hook_interval =
        static_cast<int>(std::clamp<std::uint64_t>(limits.instruction_limit, 1, kInstructionsPerHook));

    LuaStatePtr state(lua_newstate(capped_allocate, context.get()));
    if (!state) {
        return std::nullopt;
    }
    lua_atpanic(state.get(), report_panic);
    lua_pushcfunction(state.get(), open_sandbox_libraries);
    if (lua_pcall(state.get(), 0, 0, 0) != LUA_OK) {
        return std::nullopt;
    }
    SandboxedState sandbox(std::move(context), std::move(state));
    sandbox.start_budget();
    return sandbox;
}

const std::string& SandboxedState::chunk_name() const {
    return context_->chunk_name;
}

const LuaLimits& SandboxedState::limits() const {
    return context_->limits;
}

void SandboxedState::start_budget() {
    context_->instructions_executed = 0;
    context_->instruction_limit_hit = false;
    // Re-installing the hook also restarts its countdown, so every call gets the full budget.
    lua_sethook(state_.get(), count_instructions, LUA_MASKCOUNT, context_->hook_interval);
}

bool SandboxedState::instruction_limit_hit() const {
    return context_->instruction_limit_hit;
}

std::string SandboxedState::instruction_limit_message() const {
    return std::string(context_->limit_location.data()) + ": instruction limit of " +
           context_->instruction_limit_text + " exceeded";
}

} // namespace sentinel::host::lua_detail
