#include "plugins/plugin_invoke.hpp"

#include "events/event_bus.hpp"
#include "plugins/loaded_plugin.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <stdexcept>

namespace sentinel::host {
namespace {

std::vector<snl_kv> to_kv(const Pairs& pairs) {
    std::vector<snl_kv> out;
    out.reserve(pairs.size());
    for (const auto& [k, v] : pairs) out.push_back({k.c_str(), v.c_str()});
    return out;
}

std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

const char* or_null(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

} // namespace

HttpResponse invoke_route(LoadedPlugin& plugin, std::size_t route_index, RequestContext& ctx) {
    std::shared_lock gate(plugin.gate);
    if (!plugin.open) return error_response(503, "The plugin serving this route is being unloaded");

    const HttpRequest& req = ctx.request;
    auto path_params = to_kv(ctx.path_params);
    auto query = to_kv(req.query);
    auto headers = to_kv(req.headers);
    snl_principal principal{sizeof(snl_principal), or_null(ctx.principal.key_id),
                            or_null(ctx.principal.name), or_null(ctx.principal.team_id),
                            static_cast<snl_role>(ctx.principal.role), or_null(ctx.principal.plan)};
    snl_request request{};
    request.struct_size = sizeof request;
    request.request_id = ctx.request_id.c_str();
    request.method = req.method.c_str();
    request.path = req.path.c_str();
    request.path_params = path_params.data();
    request.path_param_count = path_params.size();
    request.query = query.data();
    request.query_count = query.size();
    request.headers = headers.data();
    request.header_count = headers.size();
    request.body = req.body.c_str(); // std::string keeps a '\0' after its data
    request.body_len = req.body.size();
    request.principal = &principal;
    request.remote_addr = req.remote_addr.c_str();

    HttpResponse response;
    response.content_type.clear();
    const std::string owner = plugin.name();
    snl_response handle{&response, &ctx.audit, &owner};
    snl_rc rc = SNL_ERR;
    try {
        rc = plugin.descriptor->handle_request(plugin.state, route_index, &request, &handle);
    } catch (...) {
        rc = SNL_ERR;
    }
    if (rc != SNL_OK) {
        spdlog::error("[{}] {} {} failed: {}", plugin.name(), req.method, req.path, plugin.last_error());
        return error_response(500, "An unexpected error occurred");
    }
    return response;
}

JobSpec job_spec(LoadedPlugin& plugin, const snl_job_def& def, std::size_t job_index) {
    if (def.struct_size < sizeof(snl_job_def) || !def.name)
        throw std::invalid_argument("job #" + std::to_string(job_index) + " is malformed");
    JobSpec spec;
    spec.owner = plugin.name();
    spec.name = def.name;
    spec.interval = std::chrono::milliseconds(def.interval_ms);
    spec.initial_delay = std::chrono::milliseconds(def.initial_delay_ms);
    spec.run = [p = &plugin, job_index](const JobRunInfo& info) {
        std::shared_lock gate(p->gate);
        if (!p->open) return;
        snl_job_run run{sizeof(snl_job_run), epoch_ms(info.scheduled_at), epoch_ms(info.started_at)};
        if (p->descriptor->run_job(p->state, job_index, &run) != SNL_OK) throw std::runtime_error(p->last_error());
    };
    return spec;
}

void invoke_event(LoadedPlugin& plugin, std::size_t subscription_index, const Event& event) {
    std::shared_lock gate(plugin.gate);
    if (!plugin.open) return;
    snl_event ev{sizeof(snl_event), event.topic.c_str(), event.source.c_str(), event.payload_json.c_str(),
                 event.payload_json.size(), epoch_ms(event.published_at), event.sequence};
    if (plugin.descriptor->on_event(plugin.state, subscription_index, &ev) != SNL_OK)
        throw std::runtime_error(plugin.last_error());
}

} // namespace sentinel::host
