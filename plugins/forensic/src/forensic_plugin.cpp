#include "forensic_plugin.hpp"

#include "multipart.hpp"

#include <sentinel/sdk/time.hpp>

#include <charconv>

namespace sentinel::forensic {
namespace {

using json = nlohmann::json;

std::optional<double> parse_double(const std::string& text) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

std::optional<std::int64_t> parse_int(const std::string& text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

// The last path segment of a client-supplied file name (browsers may send a full path).
std::string base_name(const std::string& name) {
    const auto slash = name.find_last_of("/\\");
    return slash == std::string::npos ? name : name.substr(slash + 1);
}

json history_entry(const ScanRecord& r) {
    return {{"scan_id", std::to_string(r.id)},
            {"timestamp", sdk::iso_utc(r.created_at_ms)},
            {"total_scanned", r.total_scanned},
            {"threats_detected", r.threats_detected},
            {"threshold_used", r.threshold},
            {"file_name", r.file_name},
            {"file_bytes", r.file_bytes},
            {"method", r.method},
            {"duration_ms", r.duration_ms},
            {"scanned_by", r.scanned_by},
            {"status", r.status},
            {"error", r.error.empty() ? json(nullptr) : json(r.error)}};
}

} // namespace

ForensicPlugin::ForensicPlugin(sdk::HostServices& host)
    : host_(host), settings_(ForensicSettings::load(host.config)), store_(host.db), scans_(host_, store_, settings_) {
    if (auto n = store_.fail_interrupted(host.clock.now_ms()); n > 0)
        host_.log.warn("forensic: " + std::to_string(n) + " scan(s) cut short by the last stop were marked failed");
}

void ForensicPlugin::routes(sdk::RouteTable& r) {
    r.post("/audit/scan", sdk::Role::Operator, [this](const sdk::Request& q) { return post_scan(q); },
           {.summary = "Scan an uploaded CSV/XLS/XLSX file for anomalous rows (multipart field 'file')",
            .max_body_bytes = settings_.max_upload_bytes + 64 * 1024});
    r.get("/audit/scan/:id", sdk::Role::Viewer, [this](const sdk::Request& q) { return get_scan(q); },
          {.summary = "A scan's progress, then its result"});
    r.get("/audit/logs", sdk::Role::Viewer, [this](const sdk::Request& q) { return get_logs(q); },
          {.summary = "Scan history, newest first"});
}

void ForensicPlugin::jobs(sdk::JobTable& jobs) {
    jobs.add("prune-history", 3'600'000, [this](const sdk::JobRun& run) {
        if (settings_.history_retention_days == 0) return;
        const auto cutoff = run.started_at_ms - settings_.history_retention_days * 86'400'000;
        if (auto n = store_.prune_before(cutoff); n > 0)
            host_.log.info("forensic: pruned " + std::to_string(n) + " scan(s) older than " +
                           std::to_string(settings_.history_retention_days) + " days");
    });
}

sdk::Response ForensicPlugin::post_scan(const sdk::Request& request) {
    sdk::ValidationErrors errors;
    ScanRequest scan;
    scan.threshold = settings_.threshold;
    if (auto t = request.query_value("threshold")) {
        auto q = parse_double(*t);
        if (!q || !(*q >= 0.5 && *q <= 0.9999)) errors.add("threshold", "must be a quantile from 0.5 to 0.9999");
        else scan.threshold = *q;
    }
    if (auto m = request.query_value("method")) {
        if (*m != "auto" && *m != "autoencoder" && *m != "statistical")
            errors.add("method", "must be auto, autoencoder or statistical");
        else scan.method = *m;
    }
    bool async = false;
    if (auto a = request.query_value("async")) {
        if (*a != "true" && *a != "false") errors.add("async", "must be true or false");
        async = *a == "true";
    }
    errors.throw_if_any("Invalid scan parameters");

    const auto boundary = multipart_boundary(request.header("content-type").value_or(""));
    if (!boundary)
        throw sdk::HttpError(400, "Upload the file as multipart/form-data with a boundary, in a field named 'file'");
    std::vector<FormPart> parts;
    try {
        parts = parse_multipart(request.body, *boundary);
    } catch (const std::invalid_argument& e) {
        throw sdk::HttpError(400, std::string("Malformed multipart body: ") + e.what());
    }
    const FormPart* file = nullptr;
    for (const auto& p : parts)
        if (p.name == "file" && p.filename) file = &p;
    if (!file) throw sdk::HttpError(400, "No file: send it in a multipart field named 'file' with a filename");
    if (file->content.size() > settings_.max_upload_bytes)
        throw sdk::HttpError(413, "The file is " + std::to_string(file->content.size()) + " bytes, above the limit of " +
                                      std::to_string(settings_.max_upload_bytes) + " bytes (max_upload_mb)");
    scan.file_name = base_name(*file->filename);
    try {
        scan.kind = file_kind_from_name(scan.file_name);
    } catch (const ReadError& e) {
        throw sdk::HttpError(415, e.what());
    }
    scan.bytes.assign(file->content);
    scan.scanned_by = request.principal.name;
    host_.log.info("forensic: scan of '" + scan.file_name + "' (" + std::to_string(scan.bytes.size()) + " bytes) by " +
                   scan.scanned_by + (async ? ", queued" : ""));

    if (!async) return sdk::Response::json(scans_.run_now(std::move(scan)));
    auto id = scans_.submit(std::move(scan));
    if (!id)
        return sdk::Response::error(503, "Too many scans are waiting; retry later").with_header("Retry-After", "30");
    const auto sid = std::to_string(*id);
    return sdk::Response::json({{"scan_id", sid}, {"status", "queued"}, {"status_url", "/audit/scan/" + sid}}, 202)
        .with_header("Location", "/audit/scan/" + sid);
}

sdk::Response ForensicPlugin::get_scan(const sdk::Request& request) {
    const auto id = parse_int(request.path_param("id").value_or(""));
    if (!id) throw sdk::HttpError(404, "Scan not found");
    auto record = store_.get(*id);
    if (!record) throw sdk::HttpError(404, "Scan not found");
    json out = {{"scan_id", std::to_string(record->id)},
                {"file_name", record->file_name},
                {"created_at", sdk::iso_utc(record->created_at_ms)},
                {"status", record->status}};
    if (auto live = scans_.progress(*id); live && (record->status == "queued" || record->status == "running")) {
        out["status"] = live->status;
        out["phase"] = live->phase;
        out["rows_read"] = live->rows_read;
        out["progress_percent"] = live->percent;
        return sdk::Response::json(out);
    }
    if (record->status == "done") {
        out["phase"] = "done";
        out["progress_percent"] = 100;
        out["rows_read"] = record->total_scanned;
        out["result"] = record->result;
    } else if (record->status == "failed") {
        out["phase"] = "failed";
        out["progress_percent"] = 100;
        out["error"] = record->error;
    } else {
        out["phase"] = record->status;
        out["progress_percent"] = 0;
    }
    return sdk::Response::json(out);
}

sdk::Response ForensicPlugin::get_logs(const sdk::Request& request) {
    sdk::ValidationErrors errors;
    std::int64_t limit = 50, offset = 0;
    if (auto l = request.query_value("limit")) {
        auto v = parse_int(*l);
        if (!v || *v < 1 || *v > 500) errors.add("limit", "must be an integer from 1 to 500");
        else limit = *v;
    }
    if (auto o = request.query_value("offset")) {
        auto v = parse_int(*o);
        if (!v || *v < 0) errors.add("offset", "must be a non-negative integer");
        else offset = *v;
    }
    std::string status;
    if (auto s = request.query_value("status")) {
        if (*s != "queued" && *s != "running" && *s != "done" && *s != "failed")
            errors.add("status", "must be queued, running, done or failed");
        else status = *s;
    }
    errors.throw_if_any("Invalid query parameters");
    json out = json::array();
    for (const auto& r : store_.list(limit, offset, status)) out.push_back(history_entry(r));
    return sdk::Response::json(out).with_header("X-Total-Count", std::to_string(store_.count(status)));
}

} // namespace sentinel::forensic
