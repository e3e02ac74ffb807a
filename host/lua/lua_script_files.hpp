// Finding, identifying and reading script files under the scripts directory. Internal to
// sentinel_lua.
#pragma once

#include "lua/lua_engine.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sentinel::host::lua_detail {

struct ScriptLocation {
    std::string name;           // normalised relative path with '/': cache key and chunk name
    std::filesystem::path file; // absolute, symlinks resolved
};

// Resolves `relative` inside `scripts_dir`. Refuses (BadArguments) empty and absolute paths, any
// ".." component, and paths that resolve outside the directory through symlinks. The file need
// not exist yet.
std::variant<ScriptLocation, LuaResult> locate_script(const std::filesystem::path& scripts_dir,
                                                      const std::string& relative);

// Every *.lua regular file below `scripts_dir` that locate_script accepts, sorted.
std::vector<std::string> list_lua_scripts(const std::filesystem::path& scripts_dir);

// What tells one version of a file from the next, cheaply.
struct FileVersion {
    std::filesystem::file_time_type modified{};
    std::uintmax_t size = 0;
    bool operator==(const FileVersion&) const = default;
};

// nullopt when `file` is not an existing regular file.
std::optional<FileVersion> current_file_version(const std::filesystem::path& file);

std::optional<std::string> read_whole_file(const std::filesystem::path& file);

} // namespace sentinel::host::lua_detail
