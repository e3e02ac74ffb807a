#include "forensic_plugin.hpp"

#include "request_parameters.hpp"
#include "scan_documents.hpp"
#include "upload.hpp"

#include <algorithm>
#include <charconv>

namespace sentinel::forensic {
namespace {

using json = nlohmann::json;

// The multipart framing around the file: headers, boundaries and small fields.
constexpr std::uint64_t kMultipartOverheadBytes = 64 * 1024;

std::optional<std::int64_t> scan_id(const sdk::Request& request) {
    const auto text = request.path_param("id").value_or("");
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
}

std::string logs_page_url(const HistoryQuery& query, std::int64_t offset) {
    return "</audit/logs?limit=" + std::to_string(query.limit) + "&offset=" + std::to_string(offset) +
           (query.status.empty() ? "" : "&status=" + query.status) + ">";
}

// RFC 8288 links to the neighbouring pages, empty on a single page.
std::string logs_link_header(const HistoryQuery& query, std::int64_t total) {
    std::string links;
    if (query.offset + query.limit < total) links = logs_page_url(query, query.offset + query.limit) + "; rel=\"next\"";
    if (query.offset > 0) {
        if (!links.empty()) links += ", ";
        links += logs_page_url(query, std::max<std::int64_t>(0, query.offset - query.limit)) + "; rel=\"prev\"";
    }
    return links;
}

} // namespace

ForensicPlugin::ForensicPlugin(sdk::HostServices& host)
    : host_(host), settings_(ForensicSettings::load(host.config)), store_(host.db), scans_(host_, store_, settings_) {
    if (const auto n = store_.fail_unfinished("interrupted by a restart", host.clock.now_ms()); n > 0)
        host_.log.warn("forensic: " + std::to_string(n) + " scan(s) cut short by the last stop were marked failed");
}

void ForensicPlugin::routes(sdk::RouteTable& r) {
    r.post("/audit/scan", sdk::Role::Operator, [this](const sdk::Request& q) { return post_scan(q); },
           {.summary = "Scan an uploaded CSV/XLS/XLSX file for anomalous rows (multipart field 'file')",
            .max_body_bytes = settings_.max_upload_bytes + kMultipartOverheadBytes});
    r.get("/audit/scan/:id", sdk::Role::Viewer, [this](const sdk::Request& q) { return get_scan(q); },
          {.summary = "A scan's progress, then its result"});
    r.get("/audit/logs", sdk::Role::Viewer, [this](const sdk::Request& q) { return get_logs(q); },
          {.summary = "Scan history, newest first"});
}

void ForensicPlugin::jobs(sdk::JobTable& jobs) {
    jobs.add("prune-history", 3'600'000, [this](const sdk::JobRun& run) { prune_history(run.started_at_ms); });
}

void ForensicPlugin::prune_history(std::int64_t now_ms) {
    if (settings_.history_retention_days == 0) return;
    const auto cutoff = now_ms - settings_.history_retention_days * 86'400'000;
    if (const auto n = store_.prune_before(cutoff); n > 0)
        host_.log.info("forensic: pruned " + std::to_string(n) + " scan(s) older than " +
                       std::to_string(settings_.history_retention_days) + " days");
}

sdk::Response ForensicPlugin::post_scan(const sdk::Request& request) {
    const auto parameters = parse_scan_parameters(request, settings_.threshold);
    const auto upload = find_upload(request, settings_.max_upload_bytes);
    ScanRequest scan{upload.file_name, upload.kind, parameters.method, parameters.threshold, request.principal.name};
    if (!parameters.async) return sdk::Response::json(scans_.run_now(scan, upload.content));

    const auto id = scans_.submit(std::move(scan), std::string(upload.content));
    if (!id)
        return sdk::Response::error(503, "Too many scans are waiting (max_queued_scans); retry later")
            .with_header("Retry-After", "30");
    const auto sid = std::to_string(*id);
    return sdk::Response::json({{"scan_id", sid}, {"status", "queued"}, {"status_url", "/audit/scan/" + sid}}, 202)
        .with_header("Location", "/audit/scan/" + sid);
}

sdk::Response ForensicPlugin::get_scan(const sdk::Request& request) {
    const auto id = scan_id(request);
    if (!id) throw sdk::HttpError(404, "Scan not found");
    const auto live = scans_.progress(*id); // before the record: see scan_status()
    const auto record = store_.get(*id);
    if (!record) throw sdk::HttpError(404, "Scan not found");
    return sdk::Response::json(scan_status(*record, live));
}

sdk::Response ForensicPlugin::get_logs(const sdk::Request& request) {
    const auto query = parse_history_query(request);
    json entries = json::array();
    for (const auto& record : store_.list(query.limit, query.offset, query.status))
        entries.push_back(history_entry(record));
    const auto total = store_.count(query.status);
    auto response = sdk::Response::json(entries);
    response.with_header("X-Total-Count", std::to_string(total));
    if (const auto links = logs_link_header(query, total); !links.empty()) response.with_header("Link", links);
    return response;
}

} // namespace sentinel::forensic
