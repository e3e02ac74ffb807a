#include "tenant_credentials.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace sentinel::security {
namespace {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

std::string hex(const unsigned char* data, std::size_t len) {
    std::string out(len * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, len);
    out.pop_back();
    return out;
}

} // namespace

std::string hash_password(std::string_view password) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
    ensure_sodium();
    const std::string hash(encoded_hash);
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string new_api_token() {
    ensure_sodium();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return std::string("sst_") + out;
}

std::string token_digest(std::string_view token) {
    ensure_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    return hex(digest, sizeof digest);
}

std::optional<std::pair<std::string, std::string>> parse_basic(std::string_view authorization) {
    ensure_sodium();
    constexpr std::string_view scheme = "basic ";
    if (authorization.size() <= scheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return std::nullopt;
    auto encoded = authorization.substr(scheme.size());
    while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
    if (encoded.empty() || encoded.size() > 4096) return std::nullopt;
    std::vector<unsigned char> decoded(encoded.size());
    std::size_t len = 0;
    if (sodium_base642bin(decoded.data(), decoded.size(), encoded.data(), encoded.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    const std::string text(reinterpret_cast<const char*>(decoded.data()), len);
    const auto colon = text.find(':');
    if (colon == std::string::npos) return std::nullopt;
    return std::pair{text.substr(0, colon), text.substr(colon + 1)};
}

PasswordCheckCache::PasswordCheckCache(std::chrono::seconds ttl, std::size_t capacity) : ttl_(ttl), capacity_(capacity) {
    ensure_sodium();
    randombytes_buf(secret_, sizeof secret_);
}

std::string PasswordCheckCache::key_of(std::string_view username, std::string_view password) const {
    crypto_generichash_state state;
    crypto_generichash_init(&state, secret_, sizeof secret_, 32);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(username.data()), username.size());
    const unsigned char separator = 0;
    crypto_generichash_update(&state, &separator, 1);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(password.data()), password.size());
    unsigned char out[32];
    crypto_generichash_final(&state, out, sizeof out);
    return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::optional<std::int64_t> PasswordCheckCache::find(std::string_view username, std::string_view password,
                                                     std::int64_t now_ms) {
    const auto key = key_of(username, password);
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    if (it->second.expires_ms <= now_ms) {
        entries_.erase(it);
        return std::nullopt;
    }
    return it->second.tenant_id;
}

void PasswordCheckCache::remember(std::string_view username, std::string_view password, std::int64_t tenant_id,
                                  std::int64_t now_ms) {
    const auto key = key_of(username, password);
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) {
        for (auto it = entries_.begin(); it != entries_.end();)
            it = it->second.expires_ms <= now_ms ? entries_.erase(it) : std::next(it);
        if (entries_.size() >= capacity_) entries_.clear();
    }
    entries_[key] = Entry{tenant_id, now_ms + std::chrono::duration_cast<std::chrono::milliseconds>(ttl_).count()};
}

void PasswordCheckCache::forget_tenant(std::int64_t tenant_id) {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();)
        it = it->second.tenant_id == tenant_id ? entries_.erase(it) : std::next(it);
}

} // namespace sentinel::security
