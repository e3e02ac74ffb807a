// The audit log: one row per mutating request (who, what, which resource, when, result),
// readable by admins at GET /api/v1/audit.
#pragma once

#include <sentinel/sdk/http.hpp>
#include <sentinel/sdk/pagination.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sentinel::host {

class Database;
class Clock;

struct AuditEntry {
    std::string key_id; // empty when unauthenticated
    std::string key_name;
    std::string team_id;
    std::string action; // CREATE, UPDATE, DELETE, EXECUTE, ...
    std::string resource;
    std::string resource_id;
    std::string method;
    std::string path;
    int status = 0;
    std::string ip_address;
    std::string request_id;
};

struct AuditQuery {
    std::string user_id, team_id, action, resource, resource_id, from, to; // empty: no filter
    sdk::PageRequest page{1, 50};
};

class AuditLog {
public:
    AuditLog(Database& db, const Clock& clock);
    void record(const AuditEntry& entry);
    // {"data": [...], "pagination": {...}}, newest first.
    nlohmann::json query(const AuditQuery& q) const;

private:
    Database& db_;
    const Clock& clock_;
};

// The default action of a method: POST CREATE, PUT/PATCH UPDATE, DELETE DELETE.
std::string default_audit_action(std::string_view method);
// The resource a route path names: "/api/v1/alerts/rules/:id" -> "alerts/rules".
std::string default_audit_resource(std::string_view route_path);
bool is_mutating(std::string_view method);

} // namespace sentinel::host
