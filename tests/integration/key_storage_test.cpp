// Acceptance point 4 (storage, SQLite only): raw API keys never reach the database files or the
// server log; only their SHA-256 hex digests are stored.
#include "support/child_process.hpp"
#include "support/integration_test.hpp"

#include <sodium.h>

namespace sentinel::it {
namespace {

std::string sha256_hex(const std::string& text) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

// The bytes of sentinel.db and its -wal/-shm companions, concatenated.
std::string database_bytes(const std::filesystem::path& db_file) {
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(db_file.parent_path()))
        if (entry.path().filename().string().starts_with(db_file.filename().string()))
            bytes += read_file(entry.path());
    return bytes;
}

class KeyStorageTest : public IntegrationTest {};

TEST_F(KeyStorageTest, DatabaseHoldsOnlyKeyHashesNeverRawKeys) {
    ASSERT_GE(sodium_init(), 0);
    const std::vector<std::string> keys = {create_key("ADMIN", "it-admin"), create_key("VIEWER", "it-viewer"),
                                           create_key("OPERATOR", "it-operator")};
    start_server();
    auto http = client();
    for (const auto& key : keys) {
        EXPECT_EQ(http.get("/fixture/v1/hello", bearer(key)).status, 200);
        http.post_json("/fixture/v1/items", R"({"name":"stored"})", api_key_header(key)); // audited
    }

    auto check = [&](const std::string& when) {
        const auto bytes = database_bytes(database_->sqlite_file());
        ASSERT_FALSE(bytes.empty());
        for (const auto& key : keys) {
            EXPECT_EQ(bytes.find(key), std::string::npos) << when << ": the raw key " << key.substr(0, 12)
                                                          << "... is in the database files";
            EXPECT_NE(bytes.find(sha256_hex(key)), std::string::npos)
                << when << ": the SHA-256 of key " << key.substr(0, 12) << "... is not in the database files";
        }
    };
    check("while running");
    ASSERT_EQ(server().stop(), 0);
    check("after shutdown");

    const auto log = server().log_text();
    for (const auto& key : keys) EXPECT_EQ(log.find(key), std::string::npos) << "the server log holds a raw key";
}

} // namespace
} // namespace sentinel::it
