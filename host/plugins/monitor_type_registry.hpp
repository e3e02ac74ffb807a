// The host's side of the "monitor types" extension point (plugin API 1.1): which plugin
// contributes which type, calls into those plugins under their gate, and the checks in flight
// (completed by the plugins through monitor_check_done, or failed at their deadline).
#pragma once

#include "monitors/monitor_type_catalog.hpp"

#include <sentinel/plugin_api.h>

#include <map>
#include <mutex>
#include <string>

namespace sentinel::host {

struct LoadedPlugin;

class MonitorTypeRegistry final : public MonitorTypeCatalog {
public:
    // Registers the plugin's types; throws std::invalid_argument (malformed declaration, type
    // name already taken) and registers nothing then.
    void add_plugin(LoadedPlugin& plugin);
    // Unregisters the plugin's types and fails its checks in flight ("plugin unloaded").
    void remove_plugin(const std::string& plugin_name);
    // From monitor_check_done. SNL_ERR_NOT_FOUND for an unknown or finished check.
    snl_rc complete(std::uint64_t check_id, const char* json, std::size_t len, std::string& error);

    std::optional<MonitorTypeInfo> find(std::string_view name) const override;
    std::vector<MonitorTypeInfo> list() const override;
    TypeValidation validate(const std::string& type, const nlohmann::json& monitor) override;
    void start_check(const std::string& type, const nlohmann::json& monitor,
                     std::chrono::milliseconds deadline, CheckCallback done) override;
    void expire_overdue() override;
    std::optional<std::int64_t> next_expected(const std::string& type, const nlohmann::json& monitor,
                                              std::int64_t after_ms) override;
    std::size_t checks_in_flight() const;

private:
    struct Entry {
        MonitorTypeInfo info;
        LoadedPlugin* plugin = nullptr;
        std::size_t index = 0;
    };
    struct Pending {
        std::string owner;
        std::chrono::steady_clock::time_point deadline;
        std::chrono::milliseconds budget{0};
        CheckCallback done;
    };
    Entry entry_of(const std::string& type) const;
    std::optional<Pending> take(std::uint64_t check_id);

    mutable std::mutex mutex_;
    std::map<std::string, Entry, std::less<>> types_;
    std::map<std::uint64_t, Pending> pending_;
    std::uint64_t next_check_id_ = 1;
};

} // namespace sentinel::host
