#include "ping_plugin.hpp"

#include "ping_monitor.hpp"

#include <netinet/in.h>

namespace ping_plugin {
namespace sdk = sentinel::sdk;

PingPlugin::PingPlugin(const sdk::HostServices& host)
    : prober_(static_cast<std::size_t>(host.config.get_int("resolver_threads", 4, 1, 64))) {
    const IcmpSocket& v4 = prober_.socket(AF_INET);
    const IcmpSocket& v6 = prober_.socket(AF_INET6);
    if (!v4.usable()) host.log.error("ping monitors cannot run over IPv4: " + v4.error);
    else host.log.info(std::string("ping: IPv4 echo over a ") + v4.mode_name() + " ICMP socket");
    if (!v6.usable()) host.log.warn("ping monitors cannot run over IPv6: " + v6.error);
}

void PingPlugin::monitor_types(sdk::MonitorTypeTable& types) {
    types.pull({"ping", "Checks that a host answers ICMP echo requests", {"dns", "domain"}},
               [](const nlohmann::json& monitor) { return validate_ping_monitor(monitor); },
               [this](const nlohmann::json& monitor, sdk::CheckDone done) { check(monitor, std::move(done)); });
}

void PingPlugin::check(const nlohmann::json& monitor, sdk::CheckDone done) {
    auto ping_check = read_ping_check(monitor);
    if (!ping_check) {
        done(sdk::CheckResult::down("invalid monitor: url must name a host", {{"error_kind", "invalid"}}));
        return;
    }
    auto request = ping_check->request;
    prober_.start(std::move(request), [check = std::move(*ping_check), done = std::move(done)](const PingOutcome& outcome) {
        done(to_check_result(check, outcome));
    });
}

} // namespace ping_plugin
