// Owns every loaded plugin: loads it (handshake, migrations, init, registration, all or nothing),
// describes it for GET /api/v1/plugins, and tears it down in the safe order: stop its jobs and
// subscriptions, remove its routes and wait for requests in flight, destroy its instance, and
// only then release the library.
#pragma once

#include "plugins/host_bridge.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace sentinel::host {

class RouteTable;
class Scheduler;
struct LoadedPlugin;

struct RefusedPlugin {
    std::string file;
    std::string reason;
};

using PluginConfigLookup =
    std::function<std::map<std::string, std::string, std::less<>>(const std::string& plugin_name)>;

class PluginRegistry {
public:
    PluginRegistry(HostServiceSet services, RouteTable& routes, Scheduler& scheduler,
                   PluginConfigLookup config);
    ~PluginRegistry();
    PluginRegistry(const PluginRegistry&) = delete;
    PluginRegistry& operator=(const PluginRegistry&) = delete;

    // Loads every "*.so" in `dir` (sorted by file name), skipping plugin names in `disabled`.
    void load_directory(const std::filesystem::path& dir, const std::set<std::string>& disabled = {});
    // Loads one file; false when refused (logged once, with the file and the reason).
    bool load(const std::filesystem::path& file, const std::set<std::string>& disabled = {});
    void unload_all();

    std::vector<std::string> loaded_names() const;
    std::vector<RefusedPlugin> refused() const;
    nlohmann::json describe() const;

private:
    void refuse(const std::filesystem::path& file, const std::string& reason);
    void teardown(LoadedPlugin& plugin);

    HostServiceSet services_;
    RouteTable& routes_;
    Scheduler& scheduler_;
    PluginConfigLookup config_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
    std::vector<RefusedPlugin> refused_;
};

} // namespace sentinel::host
