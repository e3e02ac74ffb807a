// The host's sandboxed Lua 5.4 engine: runs user-written alert rules and drift remediations.
//
// Every script (a file under the scripts directory, or an in-memory chunk) gets its own
// lua_State with a reduced standard library, an instruction budget per call and a memory cap.
// Values cross the boundary as JSON:
//   JSON -> Lua: object -> table, array -> sequence table, null -> nil (so a null inside an
//                array leaves a hole and a null member disappears), integer -> integer,
//                float -> float, string -> string (bytes as-is, NUL included).
//   Lua -> JSON: nil -> null, boolean, integer -> integer, float -> float (nan/inf refused),
//                string -> string (must be valid UTF-8), table with exactly the keys 1..n -> array,
//                EMPTY TABLE -> EMPTY OBJECT {}, any other table -> object whose number keys
//                become strings (1 -> "1", 1.5 -> "1.5"); functions, userdata, threads, boolean or
//                table keys are refused ("cannot convert <type> to JSON").
//   Nesting deeper than 64 levels is refused in both directions (this also stops cyclic tables).
// All member functions are thread-safe. Calls to one script are serialised; different scripts
// run in parallel.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::host {

struct LuaLimits {
    std::uint64_t instruction_limit = 10'000'000; // per call (and per run of a top-level chunk)
    std::size_t memory_limit_bytes = 32u << 20;   // per script state
};

enum class LuaErrorKind {
    None,
    NotFound,         // script file missing, or no such global function
    BadArguments,     // args not a JSON array / not convertible, or a script path that escapes
    Load,             // syntax error, binary chunk, or an error in the top-level chunk
    Runtime,          // error raised while the function ran, or a result not convertible to JSON
    InstructionLimit, // instruction budget exhausted; the state is rebuilt on the next call
    MemoryLimit,      // memory cap reached; the state is rebuilt on the next call
};

struct LuaResult {
    LuaErrorKind error_kind = LuaErrorKind::None;
    std::string error;   // e.g. "alerts/three_of_five.lua:12: attempt to index a nil value"
    nlohmann::json value; // the first return value (null when none)
    bool ok() const { return error_kind == LuaErrorKind::None; }
};

class LuaEngine {
public:
    LuaEngine(std::filesystem::path scripts_dir, LuaLimits limits);
    ~LuaEngine();
    LuaEngine(const LuaEngine&) = delete;
    LuaEngine& operator=(const LuaEngine&) = delete;

    // Calls global `function` of the script at `script_path` (relative to scripts_dir()) with the
    // elements of the JSON array `args`. The script is (re)loaded when its mtime or size changed.
    LuaResult call_file(const std::string& script_path, const std::string& function,
                        const nlohmann::json& args);

    // Same for an in-memory chunk. The compiled state is cached per chunk_name and replaced when
    // `source` differs from the cached text. Cached chunks live as long as the engine.
    LuaResult call_source(const std::string& chunk_name, std::string_view source,
                          const std::string& function, const nlohmann::json& args);

    // Every *.lua file under scripts_dir(), recursively, as sorted relative paths ("a/b.lua").
    std::vector<std::string> list_scripts() const;
    // The *.lua files directly in `folder` of scripts_dir() ("security/10-x.lua"), sorted. Throws
    // std::invalid_argument for an empty or absolute folder, or one with a ".." segment.
    std::vector<std::string> list_scripts_in(std::string_view folder) const;

    const std::filesystem::path& scripts_dir() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace sentinel::host
