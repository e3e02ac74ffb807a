// The kestra plugin: the service-status feed of spec 000. Routes (status, activity, insights, the
// Kestra webhook, a live SSE status stream), services bound to uptime monitors through the event
// bus, and an hourly retention job. Shared state lives in the database; the store serialises this
// process's writes, so every member is safe to call concurrently.
#pragma once

#include "plugin_settings.hpp"
#include "status_store.hpp"

#include <sentinel/sdk.hpp>

#include <cstdint>
#include <vector>

namespace sentinel::kestra {

class KestraPlugin {
public:
    static constexpr sdk::PluginInfo info{
        "kestra", "1.0.0", "Service status feed: Kestra AI reports, activity, insights and a live status stream"};

    explicit KestraPlugin(sdk::HostServices& host);

    static std::vector<sdk::Migration> migrations();
    void routes(sdk::RouteTable& routes);
    void jobs(sdk::JobTable& jobs);
    void subscriptions(sdk::SubscriptionTable& subscriptions);

    // The route handlers, jobs and event handlers (public for tests).
    sdk::Response get_status(const sdk::Request& request);
    sdk::Response get_status_stream(const sdk::Request& request);
    sdk::Response get_activity(const sdk::Request& request);
    sdk::Response get_insights(const sdk::Request& request);
    sdk::Response post_webhook(const sdk::Request& request);
    void on_monitor_status_changed(const sdk::Event& event);
    void on_monitor_deleted(const sdk::Event& event);
    // Deletes data older than the retention; returns the number of rows deleted.
    std::int64_t prune(std::int64_t now_ms);
    // The retention that applies: retention_days, else the plan's.
    std::int64_t retention_days();

    const Settings& settings() const noexcept { return settings_; }

private:
    nlohmann::json current_document();
    // After a commit: one "status.service_changed" bus event per change and the new status
    // document to the SSE subscribers. Failures are logged; the data is already stored.
    void announce(const std::vector<Change>& changes);

    sdk::HostServices host_;
    Settings settings_;
    StatusStore store_;
};

} // namespace sentinel::kestra
