// Calls into a loaded plugin's hooks: a request, a job run, an event. Each call holds the
// plugin's gate shared, so teardown waits for it, and a call after teardown began does nothing.
#pragma once

#include "http/route_table.hpp"
#include "scheduling/scheduler.hpp"

#include <sentinel/plugin_api.h>

namespace sentinel::host {

struct LoadedPlugin;
struct Event;

HttpResponse invoke_route(LoadedPlugin& plugin, std::size_t route_index, RequestContext& ctx);
JobSpec job_spec(LoadedPlugin& plugin, const snl_job_def& def, std::size_t job_index);
void invoke_event(LoadedPlugin& plugin, std::size_t subscription_index, const Event& event);

} // namespace sentinel::host
