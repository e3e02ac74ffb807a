// Tenant secrets with libsodium: argon2id password hashes, random API tokens stored as SHA-256,
// and a bounded in-memory cache of recent successful password checks (argon2id is slow by
// design: ~50 ms and 64 MiB per check), keyed by a keyed hash so the cache never holds a password.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sentinel::security {

std::string hash_password(std::string_view password);                    // argon2id, encoded
bool verify_password(std::string_view encoded_hash, std::string_view password);
std::string new_api_token();                                             // "sst_" + 43 base64url chars
std::string token_digest(std::string_view token);                        // SHA-256, hex

// "Basic base64(user:password)" → {user, password}; nullopt when malformed.
std::optional<std::pair<std::string, std::string>> parse_basic(std::string_view authorization);

class PasswordCheckCache {
public:
    explicit PasswordCheckCache(std::chrono::seconds ttl = std::chrono::minutes(5), std::size_t capacity = 10000);
    // The tenant id a recent check of exactly this username and password succeeded for.
    std::optional<std::int64_t> find(std::string_view username, std::string_view password, std::int64_t now_ms);
    void remember(std::string_view username, std::string_view password, std::int64_t tenant_id, std::int64_t now_ms);
    void forget_tenant(std::int64_t tenant_id);

private:
    std::string key_of(std::string_view username, std::string_view password) const;
    struct Entry {
        std::int64_t tenant_id;
        std::int64_t expires_ms;
    };
    std::chrono::seconds ttl_;
    std::size_t capacity_;
    unsigned char secret_[32];
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

} // namespace sentinel::security
