#include "audit/audit_log.hpp"

#include "common/time_text.hpp"
#include "scheduling/clock.hpp"
#include "storage/database.hpp"

#include <vector>

namespace sentinel::host {
namespace {

DbValue optional_text(const std::string& s) { return s.empty() ? DbValue{} : DbValue{s}; }

nlohmann::json json_of(const DbValue& v) {
    if (auto s = std::get_if<std::string>(&v)) return *s;
    if (auto i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto d = std::get_if<double>(&v)) return *d;
    return nullptr;
}

} // namespace

bool is_mutating(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string default_audit_action(std::string_view method) {
    if (method == "POST") return "CREATE";
    if (method == "PUT" || method == "PATCH") return "UPDATE";
    if (method == "DELETE") return "DELETE";
    return "READ";
}

std::string default_audit_resource(std::string_view route_path) {
    std::string out;
    std::size_t pos = 0;
    int index = 0;
    while (pos < route_path.size()) {
        auto next = route_path.find('/', pos);
        auto part = route_path.substr(pos, next == std::string_view::npos ? next : next - pos);
        pos = next == std::string_view::npos ? route_path.size() : next + 1;
        if (part.empty()) continue;
        bool prefix = (index == 0 && part == "api") || (index == 1 && part == "v1" && out.empty());
        ++index;
        if (prefix) continue;
        if (part.front() == ':') break;
        if (!out.empty()) out += '/';
        out += part;
    }
    return out.empty() ? "root" : out;
}

AuditLog::AuditLog(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

void AuditLog::record(const AuditEntry& e) {
    std::vector<DbValue> params = {
        format_iso8601(clock_.now()), optional_text(e.key_id), optional_text(e.key_name),
        optional_text(e.team_id), e.action, e.resource, optional_text(e.resource_id), e.method,
        e.path, static_cast<std::int64_t>(e.status),
        std::string(e.status < 400 ? "success" : "failure"), optional_text(e.ip_address),
        optional_text(e.request_id)};
    db_.execute("INSERT INTO audit_log (created_at, key_id, key_name, team_id, action, resource, "
                "resource_id, method, path, status, result, ip_address, request_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params);
}

nlohmann::json AuditLog::query(const AuditQuery& q) const {
    std::string where = " WHERE 1 = 1";
    std::vector<DbValue> params;
    auto filter = [&](const std::string& value, const char* clause) {
        if (value.empty()) return;
        where += clause;
        params.emplace_back(value);
    };
    filter(q.user_id, " AND key_id = ?");
    filter(q.team_id, " AND team_id = ?");
    filter(q.action, " AND action = ?");
    filter(q.resource, " AND resource = ?");
    filter(q.resource_id, " AND resource_id = ?");
    filter(q.from, " AND created_at >= ?");
    filter(q.to, " AND created_at <= ?");

    std::int64_t total = 0;
    db_.execute("SELECT COUNT(*) FROM audit_log" + where, params,
                [&](const auto&, const std::vector<DbValue>& v) {
                    if (auto i = std::get_if<std::int64_t>(&v[0])) total = *i;
                    return false;
                });

    auto page_params = params;
    page_params.emplace_back(q.page.limit);
    page_params.emplace_back(q.page.offset());
    nlohmann::json items = nlohmann::json::array();
    db_.execute("SELECT id, created_at, key_id, key_name, team_id, action, resource, resource_id, "
                "method, path, status, result, ip_address, request_id FROM audit_log" + where +
                    " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                page_params, [&](const auto&, const std::vector<DbValue>& v) {
                    items.push_back({{"id", json_of(v[0])},
                                     {"timestamp", json_of(v[1])},
                                     {"userId", json_of(v[2])},
                                     {"userName", json_of(v[3])},
                                     {"userEmail", nullptr},
                                     {"teamId", json_of(v[4])},
                                     {"action", json_of(v[5])},
                                     {"resource", json_of(v[6])},
                                     {"resourceId", json_of(v[7])},
                                     {"metadata",
                                      {{"method", json_of(v[8])},
                                       {"path", json_of(v[9])},
                                       {"status", json_of(v[10])},
                                       {"result", json_of(v[11])},
                                       {"requestId", json_of(v[13])}}},
                                     {"ipAddress", json_of(v[12])}});
                    return true;
                });
    return sdk::paginated(std::move(items), q.page, total);
}

} // namespace sentinel::host
