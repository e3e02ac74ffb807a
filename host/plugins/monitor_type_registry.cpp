#include "plugins/monitor_type_registry.hpp"

#include "plugins/loaded_plugin.hpp"

#include <spdlog/spdlog.h>

#include <shared_mutex>
#include <stdexcept>

namespace sentinel::host {
namespace {

bool valid_type_name(std::string_view name) {
    if (name.empty() || name.size() > 32) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

void text_sink(void* user, const char* data, size_t len) noexcept {
    try {
        static_cast<std::string*>(user)->append(data, len);
    } catch (...) {
    }
}

} // namespace

void MonitorTypeRegistry::add_plugin(LoadedPlugin& plugin) {
    const snl_plugin* d = plugin.descriptor;
    constexpr std::size_t kSize = offsetof(snl_plugin, monitor_next_expected) + sizeof(void*);
    if (d->struct_size < kSize || !d->monitor_types) return; // built before API 1.1, or no types
    if (!d->monitor_validate) throw std::invalid_argument("it declares monitor types without monitor_validate");

    std::size_t count = 0;
    const snl_monitor_type_def* defs = d->monitor_types(plugin.state, &count);
    if (count > 0 && !defs) throw std::invalid_argument("monitor_types returned no array");
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < count; ++i) {
        const auto& def = defs[i];
        if (def.struct_size < sizeof(snl_monitor_type_def) || !def.name || !valid_type_name(def.name))
            throw std::invalid_argument("monitor type #" + std::to_string(i) + " is malformed (name must be [a-z0-9_-], at most 32)");
        Entry e;
        e.info.name = def.name;
        e.info.owner = plugin.name();
        e.info.summary = def.summary ? def.summary : "";
        if (def.kind == SNL_MONITOR_PULL && d->monitor_check_start) e.info.kind = sdk::MonitorKind::Pull;
        else if (def.kind == SNL_MONITOR_PUSH && d->monitor_next_expected) e.info.kind = sdk::MonitorKind::Push;
        else throw std::invalid_argument("monitor type '" + e.info.name + "' has an unknown kind or lacks its hook");
        for (std::size_t c = 0; c < def.check_type_count; ++c) {
            if (!def.check_types || !def.check_types[c])
                throw std::invalid_argument("monitor type '" + e.info.name + "' has a null check type");
            e.info.check_types.emplace_back(def.check_types[c]);
        }
        e.plugin = &plugin;
        e.index = i;
        entries.push_back(std::move(e));
    }

    std::lock_guard lock(mutex_);
    for (const auto& e : entries) {
        auto it = types_.find(e.info.name);
        if (it != types_.end())
            throw std::invalid_argument("monitor type '" + e.info.name + "' is already provided by plugin '" +
                                        it->second.info.owner + "'");
    }
    for (auto& e : entries) {
        plugin.capabilities.push_back("monitor type " + e.info.name);
        types_.emplace(e.info.name, std::move(e));
    }
}

void MonitorTypeRegistry::remove_plugin(const std::string& plugin_name) {
    std::vector<CheckCallback> orphaned;
    {
        std::lock_guard lock(mutex_);
        std::erase_if(types_, [&](const auto& kv) { return kv.second.info.owner == plugin_name; });
        for (auto it = pending_.begin(); it != pending_.end();) {
            if (it->second.owner == plugin_name) {
                orphaned.push_back(std::move(it->second.done));
                it = pending_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& done : orphaned) done(failed_check("the plugin '" + plugin_name + "' was unloaded during the check"));
}

std::optional<MonitorTypeInfo> MonitorTypeRegistry::find(std::string_view name) const {
    std::lock_guard lock(mutex_);
    auto it = types_.find(name);
    if (it == types_.end()) return std::nullopt;
    return it->second.info;
}

std::vector<MonitorTypeInfo> MonitorTypeRegistry::list() const {
    std::lock_guard lock(mutex_);
    std::vector<MonitorTypeInfo> out;
    for (const auto& [_, e] : types_) out.push_back(e.info);
    return out;
}

MonitorTypeRegistry::Entry MonitorTypeRegistry::entry_of(const std::string& type) const {
    std::lock_guard lock(mutex_);
    auto it = types_.find(type);
    if (it == types_.end()) throw MonitorTypeUnavailable("monitor type '" + type + "' is not available (its plugin is not loaded)");
    return it->second;
}

TypeValidation MonitorTypeRegistry::validate(const std::string& type, const nlohmann::json& monitor) {
    Entry e = entry_of(type);
    std::shared_lock gate(e.plugin->gate);
    if (!e.plugin->open) throw MonitorTypeUnavailable("monitor type '" + type + "' is being unloaded");
    std::string input = monitor.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string output;
    snl_rc rc = e.plugin->descriptor->monitor_validate(e.plugin->state, e.index, input.data(), input.size(),
                                                       &text_sink, &output);
    if (rc != SNL_OK) {
        spdlog::error("[{}] validating a '{}' monitor failed: {}", e.info.owner, type, e.plugin->last_error());
        throw MonitorTypeUnavailable("the '" + type + "' monitor type failed to validate the monitor");
    }
    auto parsed = nlohmann::json::parse(output, nullptr, false);
    TypeValidation v;
    if (!parsed.is_object()) throw MonitorTypeUnavailable("the '" + type + "' monitor type returned malformed validation output");
    if (auto it = parsed.find("errors"); it != parsed.end() && it->is_array()) v.errors = *it;
    if (auto it = parsed.find("fields"); it != parsed.end() && it->is_object()) v.fields = *it;
    return v;
}

void MonitorTypeRegistry::start_check(const std::string& type, const nlohmann::json& monitor,
                                      std::chrono::milliseconds deadline, CheckCallback done) {
    Entry e;
    try {
        e = entry_of(type);
    } catch (const std::exception& ex) {
        done(failed_check(ex.what()));
        return;
    }
    if (e.info.kind != sdk::MonitorKind::Pull) {
        done(failed_check("monitor type '" + type + "' has no outbound check"));
        return;
    }
    std::uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = next_check_id_++;
        pending_.emplace(id, Pending{e.info.owner, std::chrono::steady_clock::now() + deadline, deadline, std::move(done)});
    }
    std::string input = monitor.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    snl_rc rc = SNL_ERR;
    std::string why;
    {
        std::shared_lock gate(e.plugin->gate);
        if (e.plugin->open) {
            rc = e.plugin->descriptor->monitor_check_start(e.plugin->state, e.index, id, input.data(), input.size());
            if (rc != SNL_OK) why = e.plugin->last_error();
        } else {
            why = "the plugin is being unloaded";
        }
    }
    if (rc != SNL_OK) {
        if (auto p = take(id)) p->done(failed_check("the check could not start: " + why));
    }
}

std::optional<MonitorTypeRegistry::Pending> MonitorTypeRegistry::take(std::uint64_t check_id) {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(check_id);
    if (it == pending_.end()) return std::nullopt;
    Pending p = std::move(it->second);
    pending_.erase(it);
    return p;
}

snl_rc MonitorTypeRegistry::complete(std::uint64_t check_id, const char* json, std::size_t len, std::string& error) {
    auto parsed = json ? nlohmann::json::parse(json, json + len, nullptr, false) : nlohmann::json();
    auto pending = take(check_id);
    if (!pending) {
        error = "check " + std::to_string(check_id) + " is unknown, already completed or past its deadline";
        return SNL_ERR_NOT_FOUND;
    }
    auto is_up = parsed.is_object() ? parsed.find("is_up") : parsed.end();
    if (!parsed.is_object() || is_up == parsed.end() || !is_up->is_boolean()) {
        error = "a check result must be a JSON object with a boolean \"is_up\"";
        spdlog::warn("[{}] {}", pending->owner, error);
        pending->done(failed_check("the plugin returned a malformed result"));
        return SNL_ERR_INVALID_ARGUMENT;
    }
    pending->done(std::move(parsed));
    return SNL_OK;
}

void MonitorTypeRegistry::expire_overdue() {
    std::vector<Pending> overdue;
    auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        for (auto it = pending_.begin(); it != pending_.end();) {
            if (it->second.deadline <= now) {
                overdue.push_back(std::move(it->second));
                it = pending_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& p : overdue)
        p.done(failed_check("no result within " + std::to_string(p.budget.count()) + " ms"));
}

std::optional<std::int64_t> MonitorTypeRegistry::next_expected(const std::string& type, const nlohmann::json& monitor,
                                                               std::int64_t after_ms) {
    Entry e = entry_of(type);
    if (e.info.kind != sdk::MonitorKind::Push) throw MonitorTypeUnavailable("monitor type '" + type + "' is not a push type");
    std::shared_lock gate(e.plugin->gate);
    if (!e.plugin->open) throw MonitorTypeUnavailable("monitor type '" + type + "' is being unloaded");
    std::string input = monitor.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::int64_t out = 0;
    snl_rc rc = e.plugin->descriptor->monitor_next_expected(e.plugin->state, e.index, input.data(), input.size(),
                                                            after_ms, &out);
    if (rc == SNL_ERR_NOT_FOUND) return std::nullopt;
    if (rc != SNL_OK) {
        spdlog::error("[{}] next expected ping of a '{}' monitor failed: {}", e.info.owner, type, e.plugin->last_error());
        throw MonitorTypeUnavailable("the '" + type + "' monitor type could not compute the next expected ping");
    }
    return out;
}

std::size_t MonitorTypeRegistry::checks_in_flight() const {
    std::lock_guard lock(mutex_);
    return pending_.size();
}

} // namespace sentinel::host
