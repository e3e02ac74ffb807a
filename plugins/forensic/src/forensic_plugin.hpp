// The forensic plugin: anomaly scans of uploaded CSV/XLS/XLSX audit spreadsheets (spec 001,
// /audit/...). POST /audit/scan (OPERATOR; synchronous, or ?async=true with progress at
// GET /audit/scan/{id}) and GET /audit/logs, the scan history (VIEWER); an hourly job prunes
// history older than history_retention_days.
#pragma once

#include "forensic_settings.hpp"
#include "scan_service.hpp"
#include "scan_store.hpp"

#include <sentinel/sdk.hpp>

#include <vector>

namespace sentinel::forensic {

class ForensicPlugin {
public:
    static constexpr sdk::PluginInfo info{
        "forensic", "1.0.0", "Forensic anomaly scans of uploaded CSV, XLS and XLSX audit spreadsheets"};

    explicit ForensicPlugin(sdk::HostServices& host);

    static std::vector<sdk::Migration> migrations() { return ScanStore::migrations(); }
    void routes(sdk::RouteTable& routes);
    void jobs(sdk::JobTable& jobs);

    sdk::Response post_scan(const sdk::Request& request);
    sdk::Response get_scan(const sdk::Request& request);
    sdk::Response get_logs(const sdk::Request& request);
    void prune_history(std::int64_t now_ms);

private:
    sdk::HostServices host_;
    ForensicSettings settings_;
    ScanStore store_;
    ScanService scans_; // last: its workers use the members above
};

} // namespace sentinel::forensic
