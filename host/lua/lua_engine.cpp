// The script cache: one slot per script, each with its own mutex; reload on change; calls.
#include "lua/lua_engine.hpp"

#include "lua/lua_failure.hpp"
#include "lua/lua_json.hpp"
#include "lua/lua_script.hpp"
#include "lua/lua_script_files.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace sentinel::host {

using lua_detail::LuaScript;
using lua_detail::lua_failure;

namespace {

// One cached script. Its mutex is held for a whole call: a lua_State is not thread-safe.
struct ScriptSlot {
    std::mutex mutex;
    std::optional<LuaScript> script;        // empty: not loaded yet, or discarded after a limit
    std::optional<LuaResult> load_failure;  // a Load error, repeated until the script changes
    lua_detail::FileVersion file_version;   // files: the version script/load_failure came from
    std::string source;                     // in-memory chunks: the text script/load_failure came from
};

// Slots are created on first use and never erased, so references to them stay valid
// (std::unordered_map never moves its elements).
class SlotTable {
public:
    ScriptSlot& slot_for(const std::string& name) {
        std::lock_guard lock(mutex_);
        return slots_[name];
    }

private:
    std::mutex mutex_;
    std::unordered_map<std::string, ScriptSlot> slots_;
};

std::optional<LuaResult> check_arguments(const std::string& script, const nlohmann::json& args) {
    if (!args.is_array()) {
        return lua_failure(LuaErrorKind::BadArguments,
                           script + ": arguments must be a JSON array, not " +
                               std::string(args.type_name()));
    }
    for (const nlohmann::json& argument : args) {
        if (std::string reason = lua_detail::json_to_lua_obstacle(argument); !reason.empty()) {
            return lua_failure(LuaErrorKind::BadArguments, script + ": " + reason);
        }
    }
    return std::nullopt;
}

bool needs_loading(const ScriptSlot& slot) {
    return !slot.script && !slot.load_failure;
}

// Replaces the slot's script with a fresh load of `source` and returns the failure, if any.
// Caller holds slot.mutex.
std::optional<LuaResult> reload(ScriptSlot& slot, const std::string& name, std::string_view source,
                                const LuaLimits& limits) {
    slot.script.reset(); // free the old state before building the new one
    slot.load_failure.reset();
    auto loaded = LuaScript::load(name, source, limits);
    if (auto* script = std::get_if<LuaScript>(&loaded)) {
        slot.script.emplace(std::move(*script));
        spdlog::debug("lua: loaded {}", name);
        return std::nullopt;
    }
    LuaResult failure = std::get<LuaResult>(std::move(loaded));
    spdlog::warn("lua: cannot load {}: {}", name, failure.error);
    // A Load error would only repeat, so it is kept until the script changes; after a limit
    // failure the next call tries again with a fresh state.
    if (failure.error_kind == LuaErrorKind::Load) {
        slot.load_failure = failure;
    }
    return failure;
}

// Caller holds slot.mutex and has brought the slot up to date.
LuaResult call_loaded(ScriptSlot& slot, const std::string& function, const nlohmann::json& args) {
    if (slot.load_failure) {
        return *slot.load_failure;
    }
    LuaResult result = slot.script->call(function, args);
    if (slot.script->must_be_discarded()) {
        spdlog::warn("lua: {} (its state is rebuilt on the next call)", result.error);
        slot.script.reset();
    }
    return result;
}

} // namespace

struct LuaEngine::Impl {
    std::filesystem::path scripts_dir;
    LuaLimits limits;
    SlotTable file_slots;
    SlotTable source_slots; // separate, so a chunk name never collides with a file path
};

LuaEngine::LuaEngine(std::filesystem::path scripts_dir, LuaLimits limits)
    : impl_(std::make_unique<Impl>()) {
    impl_->scripts_dir = std::move(scripts_dir);
    impl_->limits = limits;
}

LuaEngine::~LuaEngine() = default;

LuaResult LuaEngine::call_file(const std::string& script_path, const std::string& function,
                               const nlohmann::json& args) {
    if (auto bad_arguments = check_arguments(script_path, args)) {
        return *bad_arguments;
    }
    auto located = lua_detail::locate_script(impl_->scripts_dir, script_path);
    if (auto* failure = std::get_if<LuaResult>(&located)) {
        return *failure;
    }
    const auto& location = std::get<lua_detail::ScriptLocation>(located);

    ScriptSlot& slot = impl_->file_slots.slot_for(location.name);
    std::lock_guard lock(slot.mutex);
    const std::optional<lua_detail::FileVersion> version =
        lua_detail::current_file_version(location.file);
    if (!version) {
        slot.script.reset();
        slot.load_failure.reset();
        return lua_failure(LuaErrorKind::NotFound, "script '" + location.name + "' not found in " +
                                                       impl_->scripts_dir.string());
    }
    if (*version != slot.file_version || needs_loading(slot)) {
        // The version is taken before reading: if the file changes meanwhile, the next call sees
        // a newer version and loads again.
        const std::optional<std::string> source = lua_detail::read_whole_file(location.file);
        if (!source) {
            return lua_failure(LuaErrorKind::NotFound, "script '" + location.name +
                                                           "' cannot be read");
        }
        slot.file_version = *version;
        if (auto failure = reload(slot, location.name, *source, impl_->limits)) {
            return *failure;
        }
    }
    return call_loaded(slot, function, args);
}

LuaResult LuaEngine::call_source(const std::string& chunk_name, std::string_view source,
                                 const std::string& function, const nlohmann::json& args) {
    if (auto bad_arguments = check_arguments(chunk_name, args)) {
        return *bad_arguments;
    }
    ScriptSlot& slot = impl_->source_slots.slot_for(chunk_name);
    std::lock_guard lock(slot.mutex);
    if (slot.source != source || needs_loading(slot)) {
        slot.source = source;
        if (auto failure = reload(slot, chunk_name, source, impl_->limits)) {
            return *failure;
        }
    }
    return call_loaded(slot, function, args);
}

std::vector<std::string> LuaEngine::list_scripts() const {
    return lua_detail::list_lua_scripts(impl_->scripts_dir);
}

std::vector<std::string> LuaEngine::list_scripts_in(std::string_view folder) const {
    while (!folder.empty() && folder.back() == '/') folder.remove_suffix(1);
    const std::filesystem::path dir(folder);
    if (folder.empty() || dir.is_absolute() ||
        std::any_of(dir.begin(), dir.end(), [](const std::filesystem::path& part) { return part == ".."; }))
        throw std::invalid_argument("script folder '" + std::string(folder) +
                                    "' must be a relative path inside the scripts directory");
    const std::string prefix = dir.generic_string() + "/";
    std::vector<std::string> names;
    for (auto& name : list_scripts())
        if (name.compare(0, prefix.size(), prefix) == 0 && name.find('/', prefix.size()) == std::string::npos)
            names.push_back(std::move(name));
    return names;
}

const std::filesystem::path& LuaEngine::scripts_dir() const {
    return impl_->scripts_dir;
}

} // namespace sentinel::host
