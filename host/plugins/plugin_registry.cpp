#include "plugins/plugin_registry.hpp"

#include "http/stream_hub.hpp"

#include "events/event_bus.hpp"
#include "http/route_table.hpp"
#include "plugins/api_version.hpp"
#include "plugins/loaded_plugin.hpp"
#include "plugins/monitor_type_registry.hpp"
#include "plugins/plugin_invoke.hpp"
#include "storage/migrations.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace sentinel::host {
namespace {

namespace fs = std::filesystem;

// The size of the descriptor in API 1.0: every plugin has at least these members.
constexpr std::size_t kMinDescriptorSize = offsetof(snl_plugin, on_event) + sizeof(void*);

const ApiVersion kHostVersion{SNL_API_VERSION_MAJOR, SNL_API_VERSION_MINOR, SNL_API_VERSION_PATCH};

// [a-z0-9][a-z0-9-]{0,63}
bool valid_plugin_name(std::string_view name) {
    auto allowed = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
    return !name.empty() && name.size() <= 64 && name.front() != '-' && std::all_of(name.begin(), name.end(), allowed);
}

std::optional<std::string> descriptor_problem(const snl_plugin* d) {
    if (!d) return "sentinel_plugin_get returned NULL";
    if (d->struct_size < kMinDescriptorSize)
        return "its descriptor is " + std::to_string(d->struct_size) + " bytes, smaller than the " +
               std::to_string(kMinDescriptorSize) + " of API 1.0";
    if (!d->name || !valid_plugin_name(d->name))
        return std::string("its name '") + (d->name ? d->name : "(null)") +
               "' is not valid (lower-case letters, digits and '-', at most 64)";
    if (!d->version || !*d->version) return "it declares no version";
    if (!d->init || !d->destroy) return "it lacks a required hook (init and destroy are required)";
    if (!d->routes != !d->handle_request) return "routes and handle_request must be set together";
    if (!d->jobs != !d->run_job) return "jobs and run_job must be set together";
    if (!d->subscriptions != !d->on_event) return "subscriptions and on_event must be set together";
    return std::nullopt;
}

std::vector<Migration> migrations_of(const snl_plugin& d) {
    std::vector<Migration> out;
    if (!d.migrations) return out;
    size_t count = 0;
    const snl_migration* defs = d.migrations(&count);
    if (count && !defs) throw std::runtime_error("migrations() returned NULL with a count of " + std::to_string(count));
    for (size_t i = 0; i < count; ++i) {
        const auto& m = defs[i];
        if (m.struct_size < sizeof(snl_migration) || !m.sql)
            throw std::runtime_error("migration #" + std::to_string(i) + " is malformed");
        out.push_back(Migration{m.version, m.description ? m.description : "", m.sql});
    }
    return out;
}

std::vector<Route> routes_of(LoadedPlugin& p) {
    std::vector<Route> out;
    if (!p.descriptor->routes) return out;
    size_t count = 0;
    const snl_route_def* defs = p.descriptor->routes(p.state, &count);
    if (count && !defs) throw std::runtime_error("routes() returned NULL");
    // The array's elements are the plugin's snl_route_def, which is shorter for plugins built
    // before 1.3 (no max_body_bytes): step by the plugin's struct_size, and read each element
    // into a zeroed host-sized copy.
    const std::size_t stride = count ? defs[0].struct_size : 0;
    constexpr std::size_t oldest = offsetof(snl_route_def, max_body_bytes);
    if (count && (stride < oldest || stride % alignof(snl_route_def) != 0))
        throw std::runtime_error("routes() returned entries of an unknown size (" + std::to_string(stride) + ")");
    for (size_t i = 0; i < count; ++i) {
        snl_route_def d{};
        std::memcpy(&d, reinterpret_cast<const char*>(defs) + i * stride, std::min(stride, sizeof d));
        if (d.struct_size != stride || !d.method || !d.path)
            throw std::runtime_error("route #" + std::to_string(i) + " is malformed");
        if (d.min_role < SNL_ROLE_PUBLIC || d.min_role > SNL_ROLE_ADMIN)
            throw std::runtime_error(std::string("route ") + d.path + " has an unknown role " +
                                     std::to_string(static_cast<int>(d.min_role)));
        Route r;
        r.owner = p.name();
        r.method = d.method;
        r.path = d.path;
        r.min_role = static_cast<Role>(d.min_role);
        r.audit = (d.flags & SNL_ROUTE_NO_AUDIT) == 0;
        r.rate_limit_per_minute = d.rate_limit_per_minute;
        r.plan_quota = (d.flags & SNL_ROUTE_PLAN_QUOTA) != 0;
        r.summary = d.summary ? d.summary : "";
        r.max_body_bytes = d.max_body_bytes; // 0 (the server default) for older plugins
        r.handler = [plugin = &p, i](RequestContext& ctx) { return invoke_route(*plugin, i, ctx); };
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace

PluginRegistry::PluginRegistry(HostServiceSet services, RouteTable& routes, Scheduler& scheduler,
                               PluginConfigLookup config)
    : services_(services), routes_(routes), scheduler_(scheduler), config_(std::move(config)) {}

PluginRegistry::~PluginRegistry() { unload_all(); }

void PluginRegistry::refuse(const fs::path& file, const std::string& reason) {
    spdlog::error("plugin {} refused: {}", file.string(), reason);
    std::lock_guard lock(mutex_);
    refused_.push_back({file.string(), reason});
}

void PluginRegistry::load_directory(const fs::path& dir, const std::set<std::string>& disabled) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        spdlog::warn("plugins directory {} does not exist; no plugins loaded", dir.string());
        return;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".so") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load(f, disabled);
    spdlog::info("plugins: {} loaded, {} refused", loaded_names().size(), refused().size());
}

bool PluginRegistry::load(const fs::path& file, const std::set<std::string>& disabled) {
    auto plugin = std::make_unique<LoadedPlugin>();
    plugin->file = file;
    try {
        plugin->library = std::make_unique<boost::dll::shared_library>(
            file.string(), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        refuse(file, std::string("it cannot be loaded as a shared object: ") + e.what());
        return false;
    }
    auto& lib = *plugin->library;
    if (!lib.has(SNL_SYMBOL_API_VERSION)) {
        refuse(file, "it is not a Sentinel plugin (it exports no " SNL_SYMBOL_API_VERSION " symbol)");
        return false;
    }
    const char* version_text = lib.get<const char*()>(SNL_SYMBOL_API_VERSION)();
    auto version = parse_api_version(version_text ? version_text : "");
    if (!version) {
        refuse(file, std::string("it reports an unreadable plugin API version '") +
                         (version_text ? version_text : "(null)") + "'");
        return false;
    }
    if (auto reason = incompatibility(kHostVersion, *version)) {
        refuse(file, *reason);
        return false;
    }
    if (!lib.has(SNL_SYMBOL_GET_PLUGIN)) {
        refuse(file, "it lacks the required symbol " SNL_SYMBOL_GET_PLUGIN);
        return false;
    }
    plugin->api_version = version->to_string();
    plugin->descriptor = lib.get<const snl_plugin*()>(SNL_SYMBOL_GET_PLUGIN)();
    if (auto problem = descriptor_problem(plugin->descriptor)) {
        refuse(file, *problem);
        return false;
    }
    const std::string name = plugin->name();
    if (disabled.count(name)) {
        spdlog::info("plugin {} ({}) is disabled in the configuration; not loaded", name, file.string());
        return false;
    }
    if (auto names = loaded_names(); std::find(names.begin(), names.end(), name) != names.end()) {
        refuse(file, "a plugin named '" + name + "' is already loaded");
        return false;
    }

    try {
        auto migrations = migrations_of(*plugin->descriptor);
        plugin->migration_count = migrations.size();
        if (!migrations.empty()) {
            auto report = apply_migrations(services_.db, name, migrations);
            if (!report.applied.empty())
                spdlog::info("plugin {}: applied {} schema migration(s)", name, report.applied.size());
        }
    } catch (const std::exception& e) {
        refuse(file, std::string("its schema migrations failed: ") + e.what());
        return false;
    }

    plugin->ctx = std::make_unique<snl_host_ctx>();
    plugin->ctx->plugin_name = name;
    plugin->ctx->services = &services_;
    if (config_) plugin->ctx->config = config_(name);

    snl_plugin_state* state = nullptr;
    snl_rc rc = SNL_ERR;
    try {
        rc = plugin->descriptor->init(&host_api_table(), plugin->ctx.get(), &state);
    } catch (...) {
        rc = SNL_ERR; // a C hook must not throw; treat it as a failed init
    }
    if (rc != SNL_OK) {
        refuse(file, "its init failed: " + plugin->last_error());
        return false;
    }
    plugin->state = state;

    try {
        auto routes = routes_of(*plugin);
        if (!routes.empty()) plugin->capabilities.push_back("routes");
        routes_.add_all(std::move(routes));

        if (plugin->descriptor->jobs) {
            plugin->capabilities.push_back("jobs");
            size_t count = 0;
            const snl_job_def* defs = plugin->descriptor->jobs(plugin->state, &count);
            if (count && !defs) throw std::runtime_error("jobs() returned NULL");
            for (size_t i = 0; i < count; ++i) scheduler_.add(job_spec(*plugin, defs[i], i));
        }
        if (plugin->descriptor->subscriptions) {
            plugin->capabilities.push_back("events");
            size_t count = 0;
            const snl_subscription_def* defs = plugin->descriptor->subscriptions(plugin->state, &count);
            if (count && !defs) throw std::runtime_error("subscriptions() returned NULL");
            for (size_t i = 0; i < count; ++i) {
                if (defs[i].struct_size < sizeof(snl_subscription_def) || !defs[i].topic)
                    throw std::runtime_error("subscription #" + std::to_string(i) + " is malformed");
                services_.events.subscribe(name, defs[i].topic,
                                           [p = plugin.get(), i](const Event& e) { invoke_event(*p, i, e); });
                plugin->subscriptions.emplace_back(defs[i].topic);
            }
        }
        services_.monitor_types.add_plugin(*plugin);
    } catch (const std::exception& e) {
        teardown(*plugin);
        refuse(file, std::string("its registration failed and was undone: ") + e.what());
        return false;
    }
    if (plugin->descriptor->migrations) plugin->capabilities.insert(plugin->capabilities.begin(), "migrations");

    spdlog::info("plugin {} {} loaded from {} (API {}; {})", name, plugin->descriptor->version,
                 file.string(), plugin->api_version,
                 plugin->capabilities.empty() ? std::string("no capabilities") : [&] {
                     std::string caps;
                     for (const auto& c : plugin->capabilities) caps += (caps.empty() ? "" : ", ") + c;
                     return caps;
                 }());
    std::lock_guard lock(mutex_);
    plugins_.push_back(std::move(plugin));
    return true;
}

void PluginRegistry::teardown(LoadedPlugin& plugin) {
    const std::string name = plugin.name();
    scheduler_.remove_owner(name);
    services_.events.unsubscribe_owner(name);
    routes_.remove_owner(name);
    services_.streams.close_owner(name);
    services_.monitor_types.remove_plugin(name);
    {
        std::unique_lock gate(plugin.gate); // waits for requests still inside the plugin
        plugin.open = false;
    }
    if (plugin.state) {
        plugin.descriptor->destroy(plugin.state);
        plugin.state = nullptr;
    }
}

void PluginRegistry::unload_all() {
    std::vector<std::unique_ptr<LoadedPlugin>> plugins;
    {
        std::lock_guard lock(mutex_);
        plugins.swap(plugins_);
    }
    for (auto it = plugins.rbegin(); it != plugins.rend(); ++it) {
        spdlog::info("plugin {} unloading", (*it)->name());
        teardown(**it);
        it->reset(); // releases the library last, after everything from it is gone
    }
}

std::vector<std::string> PluginRegistry::loaded_names() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& p : plugins_) out.push_back(p->name());
    return out;
}

std::vector<RefusedPlugin> PluginRegistry::refused() const {
    std::lock_guard lock(mutex_);
    return refused_;
}

nlohmann::json PluginRegistry::describe() const {
    std::lock_guard lock(mutex_);
    nlohmann::json plugins = nlohmann::json::array();
    for (const auto& p : plugins_) {
        const std::string name = p->name();
        nlohmann::json routes = nlohmann::json::array();
        for (const auto& r : routes_.routes_of(name)) {
            routes.push_back({{"method", r->method}, {"path", r->path},
                              {"minRole", sdk::role_name(r->min_role)}, {"summary", r->summary}});
        }
        nlohmann::json jobs = nlohmann::json::array();
        for (const auto& s : scheduler_.stats(name)) {
            jobs.push_back({{"name", s.name},
                            {"intervalMs", s.interval.count()},
                            {"runs", s.runs},
                            {"failures", s.failures},
                            {"skipped", s.skipped},
                            {"running", s.running},
                            {"lastDurationMs", s.last_duration.count() / 1000.0},
                            {"lastError", s.last_error.empty() ? nlohmann::json() : nlohmann::json(s.last_error)}});
        }
        plugins.push_back({{"name", name},
                           {"version", p->descriptor->version},
                           {"description", p->descriptor->description ? p->descriptor->description : ""},
                           {"file", p->file.string()},
                           {"apiVersion", p->api_version},
                           {"capabilities", p->capabilities},
                           {"migrations", p->migration_count},
                           {"routes", routes},
                           {"jobs", jobs},
                           {"subscriptions", p->subscriptions}});
    }
    nlohmann::json refused = nlohmann::json::array();
    for (const auto& r : refused_) refused.push_back({{"file", r.file}, {"reason", r.reason}});
    return {{"hostApiVersion", SNL_API_VERSION_STRING}, {"plugins", plugins}, {"refused", refused}};
}

} // namespace sentinel::host
