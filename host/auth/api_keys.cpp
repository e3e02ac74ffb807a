#include "auth/api_keys.hpp"

#include "auth/roles.hpp"
#include "common/random_token.hpp"
#include "scheduling/clock.hpp"
#include "storage/database.hpp"

#include <spdlog/spdlog.h>

namespace sentinel::host {
namespace {

// Revocations made by another process (the CLI) are seen within this time.
constexpr auto kCacheTtl = std::chrono::seconds(10);
constexpr auto kTouchInterval = std::chrono::seconds(60);
constexpr std::size_t kMaxCacheEntries = 10000;
constexpr const char* kKeyColumns =
    "id, name, key_prefix, role, team_id, created_at, expires_at, last_used_at, revoked_at, plan";

std::string text_of(const DbValue& v) {
    if (auto s = std::get_if<std::string>(&v)) return *s;
    return {};
}

ApiKeyRecord record_from(const std::vector<DbValue>& v) {
    ApiKeyRecord r;
    r.id = text_of(v[0]);
    r.name = text_of(v[1]);
    r.prefix = text_of(v[2]);
    r.role = parse_role(text_of(v[3])).value_or(Role::Viewer);
    r.team_id = text_of(v[4]);
    r.created_at = text_of(v[5]);
    r.expires_at = text_of(v[6]);
    r.last_used_at = text_of(v[7]);
    r.revoked_at = text_of(v[8]);
    r.plan = text_of(v[9]);
    return r;
}

DbValue optional_text(const std::string& s) {
    return s.empty() ? DbValue{} : DbValue{s};
}

} // namespace

KeyStore::KeyStore(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

CreatedKey KeyStore::create(const std::string& name, Role role, const std::string& team_id,
                            std::optional<TimePoint> expires_at, const std::string& plan) {
    CreatedKey out;
    out.secret = "snl_" + random_hex(32);
    auto& r = out.record;
    r.id = "key_" + random_hex(8);
    r.name = name;
    r.prefix = out.secret.substr(0, 12);
    r.role = role;
    r.team_id = team_id;
    r.plan = plan;
    r.created_at = format_iso8601(clock_.now());
    r.expires_at = expires_at ? format_iso8601(*expires_at) : std::string();
    std::vector<DbValue> params = {r.id,  r.name, sha256_hex(out.secret), r.prefix,
                                   std::string(sdk::role_name(role)), optional_text(r.team_id),
                                   r.created_at, optional_text(r.expires_at), r.plan};
    db_.execute("INSERT INTO api_keys (id, name, key_hash, key_prefix, role, team_id, created_at, "
                "expires_at, plan) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params);
    return out;
}

std::vector<ApiKeyRecord> KeyStore::list(bool include_revoked) const {
    std::vector<ApiKeyRecord> out;
    std::string sql = std::string("SELECT ") + kKeyColumns + " FROM api_keys" +
                      (include_revoked ? "" : " WHERE revoked_at IS NULL") + " ORDER BY created_at, id";
    db_.execute(sql, {}, [&](const auto&, const std::vector<DbValue>& values) {
        out.push_back(record_from(values));
        return true;
    });
    return out;
}

bool KeyStore::revoke(const std::string& id) {
    std::vector<DbValue> params = {format_iso8601(clock_.now()), id};
    auto changed = db_.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                               params);
    std::lock_guard lock(mutex_);
    cache_.clear();
    return changed > 0;
}

std::optional<ApiKeyRecord> KeyStore::lookup(const std::string& hash) {
    auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(hash);
        if (it != cache_.end() && now - it->second.fetched < kCacheTtl) return it->second.record;
    }
    std::optional<ApiKeyRecord> found;
    std::vector<DbValue> params = {hash};
    db_.execute(std::string("SELECT ") + kKeyColumns + " FROM api_keys WHERE key_hash = ?", params,
                [&](const auto&, const std::vector<DbValue>& values) {
                    found = record_from(values);
                    return false;
                });
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kMaxCacheEntries) cache_.clear();
    cache_[hash] = Cached{found, now};
    return found;
}

void KeyStore::touch(const ApiKeyRecord& record) {
    auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto& last = last_touch_[record.id];
        if (last.time_since_epoch().count() != 0 && now - last < kTouchInterval) return;
        last = now;
    }
    try {
        std::vector<DbValue> params = {format_iso8601(clock_.now()), record.id};
        db_.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", params);
    } catch (const std::exception& e) {
        spdlog::warn("could not record the use of API key {}: {}", record.id, e.what());
    }
}

std::variant<Principal, AuthFailure> KeyStore::authenticate(const std::string& secret) {
    if (secret.empty() || secret.size() > 256) return AuthFailure::Invalid;
    auto record = lookup(sha256_hex(secret));
    if (!record || !record->revoked_at.empty()) return AuthFailure::Invalid;
    if (!record->expires_at.empty()) {
        auto expires = parse_iso8601(record->expires_at, false);
        if (expires && *expires <= clock_.now()) return AuthFailure::Expired;
    }
    touch(*record);
    return Principal{record->id, record->name, record->team_id, record->role, record->plan};
}

} // namespace sentinel::host
