// The "dns" monitor type (plugin API 1.1): the host's /api/monitors stores, schedules and reports
// dns monitors; this class validates their fields and runs their checks on its own threads.
#pragma once

#include "check_worker.hpp"
#include "dns_check.hpp"

#include <sentinel/sdk.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace tcp_probe {

// A dns monitor's own fields, as validated.
struct DnsMonitorSettings {
    std::string host;                    // "url": the name to resolve
    std::optional<std::string> expected; // "dns_expected": canonical IP that must be an answer
    RecordFamily family = RecordFamily::Any; // "record_family"
};

// Reads the fields from a monitor's JSON; problems go to `errors` under the field's name.
DnsMonitorSettings read_dns_settings(const nlohmann::json& monitor, sentinel::sdk::ValidationErrors& errors);

// The check's outcome from the resolver's answer (no timeout involved).
sentinel::sdk::CheckResult dns_check_result(const DnsMonitorSettings& settings, const DnsAnswer& answer);

class DnsMonitorType {
public:
    static constexpr std::size_t kThreads = 4;      // concurrent resolutions
    static constexpr std::size_t kMaxQueued = 1000; // checks waiting for a thread

    static sentinel::sdk::MonitorTypeInfo info();

    DnsMonitorType() : worker_(kThreads, kMaxQueued) {}

    // The validator: {errors, fields} with fields {"url", "dns_expected", "record_family"}.
    sentinel::sdk::MonitorValidation validate(const nlohmann::json& monitor) const;
    // The checker: queues the resolution and returns at once; `done` is called exactly once, from
    // a worker thread (or from here when the check cannot be queued).
    void check(const nlohmann::json& monitor, sentinel::sdk::CheckDone done);

private:
    CheckWorker worker_;
};

} // namespace tcp_probe
