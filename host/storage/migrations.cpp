#include "storage/migrations.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

namespace sentinel::host {
namespace {

// pg_advisory_xact_lock key shared by every owner: "SENTINEL" in ASCII.
constexpr std::int64_t migration_lock_key = 0x53454E54494E454C;

std::string sha256_hex(std::string_view text) {
    if (sodium_init() < 0) throw MigrationError("libsodium could not be initialised");
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string utc_now_iso8601() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

std::string label(const std::string& owner, std::uint32_t version) {
    return owner + "#" + std::to_string(version);
}

// The migrations sorted by version, after checking that the versions are exactly 1..n.
std::vector<const Migration*> validated_in_order(const std::string& owner, const std::vector<Migration>& migrations) {
    std::vector<const Migration*> ordered;
    ordered.reserve(migrations.size());
    for (const Migration& migration : migrations) ordered.push_back(&migration);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Migration* a, const Migration* b) { return a->version < b->version; });
    for (std::size_t i = 0; i < ordered.size(); ++i) {
        const std::uint32_t expected = static_cast<std::uint32_t>(i + 1);
        const std::uint32_t version = ordered[i]->version;
        if (version == expected) continue;
        if (i > 0 && version == ordered[i - 1]->version) {
            throw MigrationError("duplicate migration " + label(owner, version));
        }
        throw MigrationError("migration versions of " + owner + " must be 1..n without gaps: expected v" +
                             std::to_string(expected) + ", found v" + std::to_string(version));
    }
    return ordered;
}

struct AppliedMigration {
    std::int64_t version = 0;
    std::string checksum;
};

std::vector<AppliedMigration> read_applied(Database::Transaction& transaction, const std::string& owner) {
    std::vector<AppliedMigration> applied;
    const DbValue owner_param = owner;
    transaction.execute("SELECT version, checksum FROM sentinel_migrations WHERE owner = ? ORDER BY version",
                        std::span(&owner_param, 1), [&](const auto&, const std::vector<DbValue>& values) {
                            AppliedMigration row;
                            if (const auto* v = std::get_if<std::int64_t>(&values.at(0))) row.version = *v;
                            if (const auto* c = std::get_if<std::string>(&values.at(1))) row.checksum = *c;
                            applied.push_back(std::move(row));
                            return true;
                        });
    return applied;
}

void check_applied(const std::string& owner, const std::vector<const Migration*>& known,
                   const std::vector<AppliedMigration>& applied) {
    std::int64_t newest = 0;
    for (const AppliedMigration& row : applied) newest = std::max(newest, row.version);
    if (newest > static_cast<std::int64_t>(known.size())) {
        throw MigrationError("database has " + owner + " migration v" + std::to_string(newest) +
                             " but the code knows only up to v" + std::to_string(known.size()));
    }
    for (const AppliedMigration& row : applied) {
        if (row.version < 1) throw MigrationError("database has an invalid " + owner + " migration version");
        const Migration& migration = *known[static_cast<std::size_t>(row.version - 1)];
        if (row.checksum != sha256_hex(migration.sql)) {
            throw MigrationError("migration " + label(owner, migration.version) + " changed after it was applied");
        }
    }
}

void apply_one(Database::Transaction& transaction, Dialect dialect, const std::string& owner,
               const Migration& migration) {
    const std::string sql = apply_dialect_tokens(migration.sql, dialect);
    for (const std::string& statement : split_sql_statements(sql)) {
        try {
            transaction.execute(statement);
        } catch (const DbError& e) {
            throw MigrationError("migration " + label(owner, migration.version) + " (" + migration.description +
                                 ") failed: " + e.what());
        }
    }
    const DbValue record[] = {owner, std::int64_t{migration.version}, migration.description,
                              sha256_hex(migration.sql), utc_now_iso8601()};
    transaction.execute(
        "INSERT INTO sentinel_migrations (owner, version, description, checksum, applied_at) VALUES (?, ?, ?, ?, ?)",
        record);
}

}  // namespace

MigrationReport apply_migrations(Database& db, const std::string& owner, const std::vector<Migration>& migrations) {
    if (owner.empty()) throw MigrationError("the migration owner must not be empty");
    const std::vector<const Migration*> ordered = validated_in_order(owner, migrations);

    const auto transaction = db.begin();  // SQLite: BEGIN IMMEDIATE serialises concurrent hosts
    if (db.dialect() == Dialect::Postgresql) {
        transaction->execute("SELECT 1 FROM pg_advisory_xact_lock(" + std::to_string(migration_lock_key) + ")");
    }
    transaction->execute(
        "CREATE TABLE IF NOT EXISTS sentinel_migrations (owner TEXT NOT NULL, version INTEGER NOT NULL, "
        "description TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (owner, version))");
    const std::vector<AppliedMigration> applied = read_applied(*transaction, owner);
    check_applied(owner, ordered, applied);

    std::set<std::int64_t> applied_versions;
    for (const AppliedMigration& row : applied) applied_versions.insert(row.version);
    MigrationReport report;
    for (const Migration* migration : ordered) {
        if (applied_versions.contains(migration->version)) continue;
        apply_one(*transaction, db.dialect(), owner, *migration);
        report.applied.push_back(migration->version);
    }
    try {
        transaction->commit();
    } catch (const DbError& e) {
        if (e.kind() == DbErrorKind::Unavailable) throw;
        throw MigrationError("committing the migrations of " + owner + " failed: " + e.what());
    }
    for (const Migration* migration : ordered) {
        if (!applied_versions.contains(migration->version)) {
            spdlog::info("database: applied migration {}: {}", label(owner, migration->version), migration->description);
        }
    }
    return report;
}

}  // namespace sentinel::host
