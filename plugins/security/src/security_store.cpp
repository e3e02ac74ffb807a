#include "security_store.hpp"

#include <sentinel/sdk/errors.hpp>

namespace sentinel::security {
namespace {

using json = nlohmann::json;

constexpr const char* kTenantColumns =
    "id, username, password_hash, plan, rule_source, rule_updated_at_ms, created_at_ms, updated_at_ms";

Tenant tenant_of(const sdk::Row& row) {
    Tenant t;
    t.id = row.get<std::int64_t>("id");
    t.username = row.get<std::string>("username");
    t.password_hash = row.get<std::string>("password_hash");
    t.plan = row.get<std::string>("plan");
    t.rule_source = row.get_optional<std::string>("rule_source").value_or("");
    t.rule_updated_at_ms = row.get_optional<std::int64_t>("rule_updated_at_ms").value_or(0);
    t.created_at_ms = row.get<std::int64_t>("created_at_ms");
    t.updated_at_ms = row.get<std::int64_t>("updated_at_ms");
    return t;
}

// The entry's own fields; the analysis is left to the caller.
StoredEntry stored_entry_of(const sdk::Row& row) {
    StoredEntry s;
    s.id = row.get<std::int64_t>("id");
    s.entry.source = row.get<std::string>("source");
    s.entry.event_id = row.get<std::int64_t>("event_id");
    s.entry.severity_level = row.get<std::string>("severity_level");
    s.entry.message = row.get<std::string>("message");
    s.entry.metadata = json::parse(row.get<std::string>("metadata"), nullptr, false);
    if (s.entry.metadata.is_discarded()) s.entry.metadata = json::object();
    s.created_at_ms = row.get<std::int64_t>("created_at_ms");
    return s;
}

bool is_constraint(const sdk::HostError& e) { return e.code() == SNL_ERR_CONSTRAINT; }

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

} // namespace

std::vector<sdk::Migration> SecurityStore::migrations() {
    return {{1, "security tenants and scored log entries",
             "CREATE TABLE security_tenants ("
             " id {{serial_pk}},"
             " username TEXT NOT NULL UNIQUE,"
             " password_hash TEXT NOT NULL,"
             " token_hash TEXT NOT NULL UNIQUE,"
             " plan TEXT NOT NULL,"
             " rule_source TEXT,"
             " rule_updated_at_ms BIGINT,"
             " created_at_ms BIGINT NOT NULL,"
             " updated_at_ms BIGINT NOT NULL);"
             "CREATE TABLE security_logs ("
             " id {{serial_pk}},"
             " tenant_id BIGINT NOT NULL REFERENCES security_tenants (id) ON DELETE CASCADE,"
             " source TEXT NOT NULL,"
             " event_id BIGINT NOT NULL,"
             " severity_level TEXT NOT NULL,"
             " message TEXT NOT NULL,"
             " metadata TEXT NOT NULL,"
             " score INTEGER NOT NULL,"
             " severity TEXT NOT NULL,"
             " summary TEXT NOT NULL,"
             " prevention_measures TEXT NOT NULL,"
             " findings TEXT NOT NULL,"
             " created_at_ms BIGINT NOT NULL,"
             " resolved_at_ms BIGINT);"
             "CREATE INDEX security_logs_tenant_time ON security_logs (tenant_id, created_at_ms);"
             "CREATE INDEX security_logs_open ON security_logs (tenant_id, resolved_at_ms, created_at_ms)"},
            {2, "when the LLM enrichment rewrote an entry's texts",
             "ALTER TABLE security_logs ADD COLUMN enriched_at_ms BIGINT"}};
}

Tenant SecurityStore::create_tenant(const std::string& username, const std::string& password_hash,
                                    const std::string& token_hash, std::int64_t now_ms) {
    try {
        auto tx = db_.begin();
        auto rows = tx->query("INSERT INTO security_tenants (username, password_hash, token_hash, plan, created_at_ms, "
                              "updated_at_ms) VALUES (?, ?, ?, 'Free', ?, ?) RETURNING id",
                              {username, password_hash, token_hash, now_ms, now_ms});
        const auto id = rows.at(0).get<std::int64_t>("id");
        tx->commit();
        return Tenant{id, username, password_hash, "Free", "", 0, now_ms, now_ms};
    } catch (const sdk::HostError& e) {
        if (is_constraint(e)) throw UsernameTaken();
        throw;
    }
}

std::optional<Tenant> SecurityStore::tenant_by_name(const std::string& username) {
    auto row = db_.query_one(std::string("SELECT ") + kTenantColumns + " FROM security_tenants WHERE username = ?", {username});
    return row ? std::optional(tenant_of(*row)) : std::nullopt;
}

std::optional<Tenant> SecurityStore::tenant_by_token(const std::string& token_hash) {
    auto row = db_.query_one(std::string("SELECT ") + kTenantColumns + " FROM security_tenants WHERE token_hash = ?", {token_hash});
    return row ? std::optional(tenant_of(*row)) : std::nullopt;
}

std::optional<Tenant> SecurityStore::tenant_by_id(std::int64_t id) {
    auto row = db_.query_one(std::string("SELECT ") + kTenantColumns + " FROM security_tenants WHERE id = ?", {id});
    return row ? std::optional(tenant_of(*row)) : std::nullopt;
}

Tenant SecurityStore::update_tenant(std::int64_t id, const std::optional<std::string>& username,
                                    const std::optional<std::string>& plan,
                                    const std::optional<std::string>& password_hash, std::int64_t now_ms) {
    try {
        auto tx = db_.begin();
        if (username) tx->execute("UPDATE security_tenants SET username = ? WHERE id = ?", {*username, id});
        if (plan) tx->execute("UPDATE security_tenants SET plan = ? WHERE id = ?", {*plan, id});
        if (password_hash) tx->execute("UPDATE security_tenants SET password_hash = ? WHERE id = ?", {*password_hash, id});
        tx->execute("UPDATE security_tenants SET updated_at_ms = ? WHERE id = ?", {now_ms, id});
        tx->commit();
    } catch (const sdk::HostError& e) {
        if (is_constraint(e)) throw UsernameTaken();
        throw;
    }
    return tenant_by_id(id).value();
}

void SecurityStore::set_rule(std::int64_t id, const std::string& source, std::int64_t now_ms) {
    db_.execute("UPDATE security_tenants SET rule_source = ?, rule_updated_at_ms = ? WHERE id = ?",
                {source.empty() ? sdk::Value(nullptr) : sdk::Value(source), now_ms, id});
}

std::vector<std::int64_t> SecurityStore::insert(std::int64_t tenant_id, const std::vector<LogEntry>& entries,
                                                const std::vector<Analysis>& analyses, std::int64_t now_ms) {
    const ScoredEntries group{tenant_id, &entries, &analyses, now_ms};
    return insert_all({&group}).at(0);
}

std::vector<std::vector<std::int64_t>> SecurityStore::insert_all(const std::vector<const ScoredEntries*>& groups) {
    std::vector<std::vector<std::int64_t>> ids(groups.size());
    auto tx = db_.begin();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto& group = *groups[g];
        ids[g].reserve(group.entries->size());
        for (std::size_t i = 0; i < group.entries->size(); ++i) {
            const auto& e = (*group.entries)[i];
            const auto& a = (*group.analyses)[i];
            json findings = json::array();
            for (const auto& f : a.findings)
                findings.push_back({{"detector", f.detector}, {"score", f.score}, {"summary", f.summary}});
            auto rows = tx->query(
                "INSERT INTO security_logs (tenant_id, source, event_id, severity_level, message, metadata, "
                "score, severity, summary, prevention_measures, findings, created_at_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {group.tenant_id, e.source, e.event_id, e.severity_level, e.message, dump(e.metadata), a.score,
                 std::string(severity_name(a.severity)), a.summary, a.prevention_measures, dump(findings),
                 group.now_ms});
            ids[g].push_back(rows.at(0).get<std::int64_t>("id"));
        }
    }
    tx->commit();
    return ids;
}

std::vector<std::pair<std::string, StoredEntry>> SecurityStore::entries_since(std::int64_t since_ms, std::int64_t after_id,
                                                                             std::int64_t limit) {
    std::vector<std::pair<std::string, StoredEntry>> out;
    for (const auto& row : db_.query("SELECT l.id, t.username, l.source, l.event_id, l.severity_level, l.message, "
                                     "l.metadata, l.created_at_ms FROM security_logs l "
                                     "JOIN security_tenants t ON t.id = l.tenant_id "
                                     "WHERE l.created_at_ms >= ? AND l.id > ? ORDER BY l.id LIMIT ?",
                                     {since_ms, after_id, limit}))
        out.emplace_back(row.get<std::string>("username"), stored_entry_of(row));
    return out;
}

std::vector<StoredEntry> SecurityStore::open_threats(std::int64_t tenant_id, int min_score, std::int64_t limit) {
    std::vector<StoredEntry> out;
    for (const auto& row : db_.query("SELECT id, source, event_id, severity_level, message, metadata, score, severity, "
                                     "summary, prevention_measures, created_at_ms FROM security_logs "
                                     "WHERE tenant_id = ? AND resolved_at_ms IS NULL AND score >= ? "
                                     "ORDER BY created_at_ms DESC, id DESC LIMIT ?",
                                     {tenant_id, min_score, limit})) {
        StoredEntry s = stored_entry_of(row);
        s.analysis.score = static_cast<int>(row.get<std::int64_t>("score"));
        s.analysis.severity = parse_severity(row.get<std::string>("severity")).value_or(Severity::Low);
        s.analysis.summary = row.get<std::string>("summary");
        s.analysis.prevention_measures = row.get<std::string>("prevention_measures");
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<std::pair<std::int64_t, int>> SecurityStore::scores_since(std::int64_t tenant_id, std::int64_t since_ms) {
    std::vector<std::pair<std::int64_t, int>> out;
    for (const auto& row : db_.query("SELECT created_at_ms, score FROM security_logs WHERE tenant_id = ? AND created_at_ms > ?",
                                     {tenant_id, since_ms}))
        out.emplace_back(row.get<std::int64_t>("created_at_ms"), static_cast<int>(row.get<std::int64_t>("score")));
    return out;
}

std::optional<std::int64_t> SecurityStore::resolve(std::int64_t tenant_id, std::int64_t entry_id, std::int64_t now_ms) {
    db_.execute("UPDATE security_logs SET resolved_at_ms = ? WHERE id = ? AND tenant_id = ? AND resolved_at_ms IS NULL",
                {now_ms, entry_id, tenant_id});
    auto row = db_.query_one("SELECT resolved_at_ms FROM security_logs WHERE id = ? AND tenant_id = ?", {entry_id, tenant_id});
    if (!row) return std::nullopt;
    return row->get_optional<std::int64_t>("resolved_at_ms");
}

bool SecurityStore::enrich(std::int64_t entry_id, const std::string& summary, const std::string& prevention_measures,
                           std::int64_t now_ms) {
    return db_.execute("UPDATE security_logs SET summary = ?, prevention_measures = ?, enriched_at_ms = ? WHERE id = ?",
                       {summary, prevention_measures, now_ms, entry_id}) > 0;
}

std::int64_t SecurityStore::prune(std::int64_t tenant_id, std::int64_t before_ms) {
    return db_.execute("DELETE FROM security_logs WHERE tenant_id = ? AND created_at_ms < ?", {tenant_id, before_ms});
}

std::vector<Tenant> SecurityStore::tenants() {
    std::vector<Tenant> out;
    for (const auto& row : db_.query(std::string("SELECT ") + kTenantColumns + " FROM security_tenants")) out.push_back(tenant_of(row));
    return out;
}

} // namespace sentinel::security
