// Finding, identifying and reading script files under the scripts directory.
#include "lua/lua_script_files.hpp"

#include "lua/lua_failure.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

namespace sentinel::host::lua_detail {

namespace fs = std::filesystem;

namespace {

bool is_strictly_inside(const fs::path& directory, const fs::path& candidate) {
    const fs::path relative = candidate.lexically_relative(directory);
    return !relative.empty() && relative != "." && *relative.begin() != "..";
}

} // namespace

std::variant<ScriptLocation, LuaResult> locate_script(const fs::path& scripts_dir,
                                                      const std::string& relative) {
    const std::string quoted = "script path '" + relative + "'";
    if (relative.empty()) {
        return lua_failure(LuaErrorKind::BadArguments, "script path is empty");
    }
    if (relative.find('\0') != std::string::npos) {
        return lua_failure(LuaErrorKind::BadArguments, quoted + " contains a NUL byte");
    }
    const fs::path requested(relative);
    if (requested.has_root_path()) {
        return lua_failure(LuaErrorKind::BadArguments,
                       quoted + " must be relative to the scripts directory");
    }
    if (std::any_of(requested.begin(), requested.end(),
                    [](const fs::path& part) { return part == ".."; })) {
        return lua_failure(LuaErrorKind::BadArguments, quoted + " must not contain '..'");
    }
    const fs::path normalized = requested.lexically_normal();
    if (!normalized.has_filename() || normalized.filename() == ".") {
        return lua_failure(LuaErrorKind::BadArguments, quoted + " does not name a file");
    }

    std::error_code error;
    const fs::path root = fs::weakly_canonical(scripts_dir, error);
    if (error) {
        return lua_failure(LuaErrorKind::NotFound, "scripts directory '" + scripts_dir.string() +
                                                   "' is not accessible: " + error.message());
    }
    const fs::path resolved = fs::weakly_canonical(root / normalized, error);
    if (error) {
        return lua_failure(LuaErrorKind::NotFound, quoted + " is not accessible: " + error.message());
    }
    if (!is_strictly_inside(root, resolved)) {
        return lua_failure(LuaErrorKind::BadArguments,
                       quoted + " resolves outside the scripts directory");
    }
    return ScriptLocation{normalized.generic_string(), resolved};
}

std::vector<std::string> list_lua_scripts(const fs::path& scripts_dir) {
    std::vector<std::string> names;
    std::error_code error;
    fs::recursive_directory_iterator entries(
        scripts_dir, fs::directory_options::skip_permission_denied, error);
    for (; !error && entries != fs::recursive_directory_iterator(); entries.increment(error)) {
        const fs::directory_entry& entry = *entries;
        std::error_code type_error;
        if (entry.path().extension() != ".lua" || !entry.is_regular_file(type_error)) {
            continue;
        }
        std::string name = entry.path().lexically_relative(scripts_dir).generic_string();
        if (std::holds_alternative<ScriptLocation>(locate_script(scripts_dir, name))) {
            names.push_back(std::move(name));
        }
    }
    if (error) {
        spdlog::warn("lua: listing scripts in {}: {}", scripts_dir.string(), error.message());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::optional<FileVersion> current_file_version(const fs::path& file) {
    std::error_code error;
    if (!fs::is_regular_file(file, error)) {
        return std::nullopt;
    }
    FileVersion version;
    version.modified = fs::last_write_time(file, error);
    if (error) {
        return std::nullopt;
    }
    version.size = fs::file_size(file, error);
    if (error) {
        return std::nullopt;
    }
    return version;
}

std::optional<std::string> read_whole_file(const fs::path& file) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        return std::nullopt;
    }
    std::string contents{std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
    if (stream.bad()) {
        return std::nullopt;
    }
    return contents;
}

} // namespace sentinel::host::lua_detail
