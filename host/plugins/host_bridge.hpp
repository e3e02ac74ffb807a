// The host side of the C ABI: the snl_host_api callback table and the host's definitions of the
// opaque handles it hands to plugins.
#pragma once

#include "auth/plans.hpp"
#include "http/http_types.hpp"

#include <sentinel/plugin_api.h>

#include <map>
#include <memory>
#include <string>

namespace sentinel::host {

class Database;
class EventBus;
class LuaEngine;
class RateLimiter;
class Clock;
class MonitorTypeRegistry;
class StreamHub;

// What the host offers every plugin.
struct HostServiceSet {
    Database& db;
    EventBus& events;
    LuaEngine& lua;
    RateLimiter& limiter;
    const Clock& clock;
    MonitorTypeRegistry& monitor_types;
    StreamHub& streams;
    const PlanTable& plans;
};

const snl_host_api& host_api_table();

} // namespace sentinel::host

// One per loaded plugin.
struct snl_host_ctx {
    std::string plugin_name;
    sentinel::host::HostServiceSet* services = nullptr;
    std::map<std::string, std::string, std::less<>> config;
};

// One per request being handled by a plugin.
struct snl_response {
    sentinel::host::HttpResponse* response = nullptr;
    sentinel::sdk::AuditNote* audit = nullptr;
    const std::string* owner = nullptr; // the plugin answering
};
