// The security plugin: multi-tenant log scoring of spec 001 (/security/...). Tenants sign up
// and authenticate every {username} route with HTTP Basic or their API token; entries are scored
// by the built-in detectors and the Lua rules, stored, and HIGH or worse published on the bus as
// security.threat_detected. When an LLM backend is configured, entries at llm_min_severity or above
// get their texts rewritten by it in the background. Plan quotas per tenant; an hourly job applies
// plan retention.
#pragma once

#include "detectors/detectors.hpp"
#include "enricher.hpp"
#include "group_commit.hpp"
#include "lua_rules.hpp"
#include "security_settings.hpp"
#include "security_store.hpp"
#include "tenant_credentials.hpp"

#include <sentinel/sdk.hpp>

#include <functional>
#include <vector>

namespace sentinel::security {

class SecurityPlugin {
public:
    static constexpr sdk::PluginInfo info{
        "security", "1.0.0", "Multi-tenant security log ingestion and threat scoring (spec 001)"};

    explicit SecurityPlugin(sdk::HostServices& host);

    static std::vector<sdk::Migration> migrations() { return SecurityStore::migrations(); }
    void routes(sdk::RouteTable& routes);
    void jobs(sdk::JobTable& jobs);

    sdk::Response signup(const sdk::Request& request);
    sdk::Response update(const sdk::Request& request, const Tenant& tenant);
    sdk::Response analyze(const sdk::Request& request, const Tenant& tenant);
    sdk::Response analyze_batch(const sdk::Request& request, const Tenant& tenant);
    sdk::Response logs(const sdk::Request& request, const Tenant& tenant);
    sdk::Response stats(const sdk::Request& request, const Tenant& tenant);
    sdk::Response resolve(const sdk::Request& request, const Tenant& tenant);
    sdk::Response put_rule(const sdk::Request& request, const Tenant& tenant);
    sdk::Response get_rule(const sdk::Request& request, const Tenant& tenant);
    sdk::Response delete_rule(const sdk::Request& request, const Tenant& tenant);
    sdk::Response enrichment_status(const sdk::Request& request);
    void apply_retention(std::int64_t now_ms);

private:
    using TenantHandler = sdk::Response (SecurityPlugin::*)(const sdk::Request&, const Tenant&);
    // The route handler that authenticates the tenant first (and checks it owns {username} when
    // `owns_path` is set), answering 401/403 itself.
    sdk::RouteHandler as_tenant(TenantHandler handler, bool owns_path);
    Tenant authenticate(const sdk::Request& request);
    // Scores, stores (one transaction) and announces the entries; their {"log_id","analysis"}.
    nlohmann::json score_and_store(const Tenant& tenant, const std::vector<LogEntry>& entries);
    // Counts `entries` against the tenant's plan quotas; the 429 to answer when one is spent.
    std::optional<sdk::Response> charge_quota(const Tenant& tenant, std::size_t entries);
    // Feeds the entries of the last window back into the window detectors, so that a restart does
    // not reset brute-force and port-scan counts.
    void replay_recent_entries();
    // Hands the stored entries scored at llm_min_severity or above to the enricher.
    void submit_for_enrichment(const Tenant& tenant, const std::vector<LogEntry>& entries,
                               const std::vector<Analysis>& analyses, const std::vector<std::int64_t>& ids);

    sdk::HostServices host_;
    SecuritySettings settings_;
    SecurityStore store_;
    GroupCommit inserts_{store_};
    WindowDetectors windows_;
    LuaRules rules_;
    PasswordCheckCache password_checks_;
    std::string unknown_user_hash_; // checked against for unknown usernames (constant timing)
    Enricher enricher_;             // last: its worker stops before the store it writes to goes
};

} // namespace sentinel::security
