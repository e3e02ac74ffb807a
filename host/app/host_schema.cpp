#include "app/host_schema.hpp"

namespace sentinel::host {

const std::vector<Migration>& host_migrations() {
    static const std::vector<Migration> migrations = {
        {1, "API keys and the audit log", R"sql(
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    key_prefix TEXT NOT NULL,
    role TEXT NOT NULL,
    team_id TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE TABLE audit_log (
    id {{serial_pk}},
    created_at TEXT NOT NULL,
    key_id TEXT,
    key_name TEXT,
    team_id TEXT,
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    resource_id TEXT,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL,
    result TEXT NOT NULL,
    ip_address TEXT,
    request_id TEXT
);
CREATE INDEX audit_log_created_at ON audit_log (created_at);
CREATE INDEX audit_log_key_id ON audit_log (key_id, created_at);
CREATE INDEX audit_log_resource ON audit_log (resource, resource_id);
)sql"},
        {2, "API key plans", R"sql(
ALTER TABLE api_keys ADD COLUMN plan TEXT NOT NULL DEFAULT 'free';
)sql"},
    };
    return migrations;
}

} // namespace sentinel::host
