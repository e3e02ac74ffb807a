// The security plugin's tables: tenants (security_tenants) and their scored log entries
// (security_logs). A tenant's entries reference its id, so a rename moves them all in one update.
#pragma once

#include "detectors/threat_model.hpp"

#include <sentinel/sdk/database.hpp>
#include <sentinel/sdk/tables.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::security {

struct Tenant {
    std::int64_t id = 0;
    std::string username;
    std::string password_hash;
    std::string plan; // "Free" or "Pro"
    std::string rule_source;
    std::int64_t rule_updated_at_ms = 0;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
};

struct StoredEntry {
    std::int64_t id = 0;
    LogEntry entry;
    Analysis analysis;
    std::int64_t created_at_ms = 0;
    bool resolved = false;
};

// Entries of one tenant with their analyses (same length), to be stored at `now_ms`.
struct ScoredEntries {
    std::int64_t tenant_id = 0;
    const std::vector<LogEntry>* entries = nullptr;
    const std::vector<Analysis>* analyses = nullptr;
    std::int64_t now_ms = 0;
};

// Thrown when a username is taken (a unique constraint).
struct UsernameTaken : std::runtime_error {
    UsernameTaken() : std::runtime_error("username taken") {}
};

class SecurityStore {
public:
    explicit SecurityStore(sdk::Database& db) : db_(db) {}
    static std::vector<sdk::Migration> migrations();

    Tenant create_tenant(const std::string& username, const std::string& password_hash, const std::string& token_hash,
                         std::int64_t now_ms); // throws UsernameTaken
    std::optional<Tenant> tenant_by_name(const std::string& username);
    std::optional<Tenant> tenant_by_token(const std::string& token_hash);
    std::optional<Tenant> tenant_by_id(std::int64_t id);
    // Any of the optional changes, in one transaction; throws UsernameTaken.
    Tenant update_tenant(std::int64_t id, const std::optional<std::string>& username,
                         const std::optional<std::string>& plan, const std::optional<std::string>& password_hash,
                         std::int64_t now_ms);
    void set_rule(std::int64_t id, const std::string& source, std::int64_t now_ms); // "" removes it

    // Stores the entries in one transaction; returns their ids in order.
    std::vector<std::int64_t> insert(std::int64_t tenant_id, const std::vector<LogEntry>& entries,
                                     const std::vector<Analysis>& analyses, std::int64_t now_ms);
    // Stores several tenants' scored entries in one transaction; the ids of each, in order.
    std::vector<std::vector<std::int64_t>> insert_all(const std::vector<const ScoredEntries*>& groups);
    // Entries created at or after `since_ms` with an id above `after_id`, by id, at most `limit`,
    // each with its tenant's username.
    std::vector<std::pair<std::string, StoredEntry>> entries_since(std::int64_t since_ms, std::int64_t after_id,
                                                                   std::int64_t limit);
    std::vector<StoredEntry> open_threats(std::int64_t tenant_id, int min_score, std::int64_t limit);
    // (created_at_ms, score) of the tenant's entries since `since_ms`, resolved ones included.
    std::vector<std::pair<std::int64_t, int>> scores_since(std::int64_t tenant_id, std::int64_t since_ms);
    // Resolves the tenant's entry; its resolved time (the first one when already resolved), or
    // nullopt when the tenant has no such entry.
    std::optional<std::int64_t> resolve(std::int64_t tenant_id, std::int64_t entry_id, std::int64_t now_ms);
    // Replaces the entry's texts with the LLM's; false when the entry is gone (pruned).
    bool enrich(std::int64_t entry_id, const std::string& summary, const std::string& prevention_measures,
                std::int64_t now_ms);
    std::int64_t prune(std::int64_t tenant_id, std::int64_t before_ms);
    std::vector<Tenant> tenants();

private:
    sdk::Database& db_;
};

} // namespace sentinel::security
