// API keys: created once (the raw key is shown to the operator and never stored), kept as SHA-256
// hashes with a role and an optional team, and checked on every authenticated request.
#pragma once

#include "common/time_text.hpp"
#include "http/http_types.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace sentinel::host {

class Database;
class Clock;

struct ApiKeyRecord {
    std::string id;
    std::string name;
    std::string prefix; // the first characters of the raw key, to recognise it in lists
    Role role = Role::Viewer;
    std::string team_id;
    std::string plan = "free"; // "free" or "pro": the quotas of plan-limited routes
    std::string created_at;
    std::string expires_at;   // empty: never
    std::string last_used_at; // empty: never used
    std::string revoked_at;   // empty: active
};

struct CreatedKey {
    ApiKeyRecord record;
    std::string secret; // the raw key; shown once
};

enum class AuthFailure { Invalid, Expired };

class KeyStore {
public:
    KeyStore(Database& db, const Clock& clock);

    CreatedKey create(const std::string& name, Role role, const std::string& team_id,
                      std::optional<TimePoint> expires_at, const std::string& plan = "free");
    std::vector<ApiKeyRecord> list(bool include_revoked) const;
    // Revokes by id; false when no active key has that id.
    bool revoke(const std::string& id);

    std::variant<Principal, AuthFailure> authenticate(const std::string& secret);

private:
    struct Cached {
        std::optional<ApiKeyRecord> record; // nullopt caches "no such key"
        std::chrono::steady_clock::time_point fetched;
    };
    std::optional<ApiKeyRecord> lookup(const std::string& hash);
    void touch(const ApiKeyRecord& record);

    Database& db_;
    const Clock& clock_;
    std::mutex mutex_;
    std::unordered_map<std::string, Cached> cache_;
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> last_touch_;
};

} // namespace sentinel::host
