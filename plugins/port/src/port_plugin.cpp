#include "port_plugin.hpp"

#include "port_monitor.hpp"

namespace port_plugin {
namespace sdk = sentinel::sdk;

PortPlugin::PortPlugin(const sdk::HostServices& host)
    : prober_(static_cast<std::size_t>(host.config.get_int("resolver_threads", 4, 1, 64))) {}

void PortPlugin::monitor_types(sdk::MonitorTypeTable& types) {
    types.pull({"port", "Checks that a TCP port accepts connections", {"dns", "domain"}},
               [](const nlohmann::json& monitor) { return validate_port_monitor(monitor); },
               [this](const nlohmann::json& monitor, sdk::CheckDone done) { check(monitor, std::move(done)); });
}

void PortPlugin::check(const nlohmann::json& monitor, sdk::CheckDone done) {
    auto port_check = read_port_check(monitor);
    if (!port_check) {
        auto result = sdk::CheckResult::down("invalid monitor: url and port 1-65535 are required",
                                             {{"error_kind", "invalid"}});
        done(result);
        return;
    }
    auto request = port_check->request;
    prober_.start(std::move(request), [check = std::move(*port_check), done = std::move(done)](const ConnectOutcome& outcome) {
        done(to_check_result(check, outcome));
    });
}

} // namespace port_plugin
