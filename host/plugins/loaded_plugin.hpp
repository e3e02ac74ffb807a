// One loaded plugin and the gate that keeps its hooks from running once teardown starts.
#pragma once

#include "plugins/host_bridge.hpp"
#include "scheduling/scheduler.hpp"

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace sentinel::host {

struct LoadedPlugin {
    // Declared first so it is destroyed last: nothing from the library may outlive it.
    std::unique_ptr<boost::dll::shared_library> library;
    std::filesystem::path file;
    std::string api_version;
    const snl_plugin* descriptor = nullptr;
    std::unique_ptr<snl_host_ctx> ctx;
    snl_plugin_state* state = nullptr;
    std::vector<std::string> capabilities;
    std::size_t migration_count = 0;
    std::vector<std::string> subscriptions;

    // Hooks hold it shared while they run; teardown closes it exclusively.
    std::shared_mutex gate;
    bool open = true;

    std::string name() const { return descriptor->name; }
    // The plugin's own words for its last failure, for the log.
    std::string last_error() const {
        const char* text = descriptor->last_error ? descriptor->last_error(state) : nullptr;
        return text && *text ? text : "no error text given";
    }
};

} // namespace sentinel::host
