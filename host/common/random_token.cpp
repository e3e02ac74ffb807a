#include "common/random_token.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace sentinel::host {
namespace {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::string to_hex(const unsigned char* data, std::size_t len) {
    std::string out(len * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, len);
    out.pop_back();
    return out;
}

} // namespace

std::string random_hex(std::size_t bytes) {
    if (bytes == 0) return {};
    ensure_sodium();
    std::vector<unsigned char> buf(bytes);
    randombytes_buf(buf.data(), buf.size());
    return to_hex(buf.data(), buf.size());
}

std::string sha256_hex(std::string_view data) {
    ensure_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return to_hex(digest, sizeof digest);
}

} // namespace sentinel::host
