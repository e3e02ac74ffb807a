// Random hex tokens and SHA-256 digests (API keys are stored as these digests).
#include "common/random_token.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace sentinel::host {
namespace {

bool is_lower_hex(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

TEST(RandomHex, HasTwoLowerHexDigitsPerByteAndDoesNotRepeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const auto token = random_hex(12);
        EXPECT_EQ(token.size(), 24u);
        EXPECT_TRUE(is_lower_hex(token)) << token;
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 100u);
}

// An empty std::vector's data() is null, and libsodium declares randombytes_buf's buffer nonnull:
// UBSan stops here ("null pointer passed as argument 1").
TEST(RandomHex, ZeroBytesIsAnEmptyString) {
    EXPECT_EQ(random_hex(0), "");
}

TEST(Sha256Hex, MatchesKnownDigests) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

} // namespace
} // namespace sentinel::host
