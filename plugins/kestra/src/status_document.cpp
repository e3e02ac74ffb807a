#include "status_document.hpp"

#include <sentinel/sdk/time.hpp>

namespace sentinel::kestra {
namespace {

nlohmann::json iso_or_null(const std::optional<std::int64_t>& ms) {
    return ms ? nlohmann::json(sdk::iso_utc(*ms)) : nlohmann::json(nullptr);
}

} // namespace

nlohmann::json status_document(const StatusSnapshot& snapshot, const MonitorBindings& bindings) {
    nlohmann::json services = nlohmann::json::object();
    for (const auto& s : snapshot.services) {
        nlohmann::json entry = {{"status", status_name(s.status)},
                                {"code", s.code},
                                {"lastUpdated", iso_or_null(s.updated_at_ms)},
                                {"source", s.source}};
        if (auto monitor = bindings.monitor_of(s.name)) entry["monitorId"] = *monitor;
        services[s.name] = std::move(entry);
    }
    for (const auto& [name, monitor] : bindings.by_service()) {
        if (services.contains(name)) continue;
        services[name] = {{"status", status_name(Status::Unknown)},
                          {"code", 0},
                          {"lastUpdated", nullptr},
                          {"source", "monitor"},
                          {"monitorId", monitor}};
    }
    return {{"services", std::move(services)},
            {"aiAnalysis", snapshot.ai_analysis},
            {"lastUpdated", iso_or_null(snapshot.last_updated_ms)}};
}

nlohmann::json activity_document(const std::vector<ActivityEntry>& entries) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& e : entries) {
        items.push_back({{"id", e.id},
                         {"message", e.message},
                         {"type", e.type},
                         {"severity", e.severity},
                         {"timestamp", sdk::iso_utc(e.created_at_ms)}});
    }
    return {{"activity", std::move(items)}};
}

nlohmann::json insights_document(const std::vector<InsightEntry>& entries) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& e : entries) {
        items.push_back({{"id", e.id},
                         {"analysis", e.analysis},
                         {"metrics", e.metrics},
                         {"summary", e.summary},
                         {"timestamp", sdk::iso_utc(e.created_at_ms)}});
    }
    return {{"insights", std::move(items)}};
}

} // namespace sentinel::kestra
