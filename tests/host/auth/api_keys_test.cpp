// API keys: the created key's format, that only its SHA-256 is stored, listing and revoking, and
// authentication (cache across stores, expiry on the injected clock).
#include "auth/api_keys.hpp"

#include "common/random_token.hpp"
#include "host_database.hpp"
#include "scheduling/clock.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <variant>

namespace sentinel::host::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class KeyStoreTest : public ::testing::Test {
protected:
    HostDatabase database;
    ManualClock clock{kTestStart};
    KeyStore keys{database.db(), clock};

    // `text` is `prefix` followed by exactly `digits` lower-case hex digits.
    static bool is_prefixed_hex(const std::string& text, std::string_view prefix, std::size_t digits) {
        return text.size() == prefix.size() + digits && text.starts_with(prefix) &&
               std::all_of(text.begin() + static_cast<long>(prefix.size()), text.end(),
                           [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    }
    static const Principal* principal_of(const std::variant<Principal, AuthFailure>& result) {
        return std::get_if<Principal>(&result);
    }
    static bool failed_with(const std::variant<Principal, AuthFailure>& result, AuthFailure failure) {
        const auto* f = std::get_if<AuthFailure>(&result);
        return f != nullptr && *f == failure;
    }
};

TEST_F(KeyStoreTest, CreatedKeyIsSnlAnd64LowerHexDigits) {
    const auto created = keys.create("ops", Role::Admin, "", std::nullopt);

    EXPECT_TRUE(is_prefixed_hex(created.secret, "snl_", 64)) << created.secret;
    EXPECT_TRUE(is_prefixed_hex(created.record.id, "key_", 16)) << created.record.id;
    EXPECT_EQ(created.record.prefix, created.secret.substr(0, 12));
    EXPECT_EQ(created.record.name, "ops");
    EXPECT_EQ(created.record.role, Role::Admin);
    EXPECT_EQ(created.record.created_at, "2026-05-29T10:30:00.000Z");
    EXPECT_EQ(created.record.expires_at, "");
    EXPECT_EQ(created.record.revoked_at, "");

    const auto other = keys.create("ops", Role::Admin, "", std::nullopt);
    EXPECT_NE(other.secret, created.secret);
    EXPECT_NE(other.record.id, created.record.id);
}

TEST_F(KeyStoreTest, StoresOnlyTheSha256OfTheKey) {
    const auto created = keys.create("ci", Role::Developer, "team-7", kTestStart + 24h);

    const auto rows = database.rows("SELECT * FROM api_keys");
    ASSERT_EQ(rows.size(), 1u);
    for (const auto& value : rows.front()) {
        if (const auto* text = std::get_if<std::string>(&value)) {
            EXPECT_THAT(*text, Not(HasSubstr(created.secret.substr(4)))) << "a column holds the raw key";
        }
    }
    const auto hash = database.rows("SELECT key_hash, key_prefix, role, team_id, expires_at FROM api_keys");
    EXPECT_EQ(hash.front()[0], DbValue{sha256_hex(created.secret)});
    EXPECT_EQ(hash.front()[1], DbValue{created.secret.substr(0, 12)});
    EXPECT_EQ(hash.front()[2], DbValue{std::string("DEVELOPER")});
    EXPECT_EQ(hash.front()[3], DbValue{std::string("team-7")});
    EXPECT_EQ(hash.front()[4], DbValue{std::string("2026-05-30T10:30:00.000Z")});
}

TEST_F(KeyStoreTest, KeyWithoutTeamOrExpiryStoresNulls) {
    keys.create("ops", Role::Viewer, "", std::nullopt);
    const auto rows = database.rows("SELECT team_id, expires_at, last_used_at, revoked_at FROM api_keys");
    ASSERT_EQ(rows.size(), 1u);
    for (const auto& value : rows.front()) EXPECT_TRUE(std::holds_alternative<std::monostate>(value));
}

TEST_F(KeyStoreTest, ListsActiveKeysOrAllOfThemInCreationOrder) {
    const auto first = keys.create("first", Role::Viewer, "", std::nullopt);
    clock.advance(1s);
    const auto second = keys.create("second", Role::Operator, "team-1", std::nullopt);
    clock.advance(1s);
    const auto third = keys.create("third", Role::Admin, "", std::nullopt);
    clock.advance(1s);
    ASSERT_TRUE(keys.revoke(second.record.id));

    auto ids = [](const std::vector<ApiKeyRecord>& records) {
        std::vector<std::string> out;
        for (const auto& r : records) out.push_back(r.id);
        return out;
    };
    EXPECT_THAT(ids(keys.list(false)), ElementsAre(first.record.id, third.record.id));
    const auto all = keys.list(true);
    EXPECT_THAT(ids(all), ElementsAre(first.record.id, second.record.id, third.record.id));
    EXPECT_EQ(all[1].revoked_at, "2026-05-29T10:30:03.000Z");
    EXPECT_EQ(all[1].role, Role::Operator);
    EXPECT_EQ(all[1].team_id, "team-1");
    EXPECT_EQ(all[1].prefix, second.secret.substr(0, 12));
    EXPECT_EQ(all[0].revoked_at, "");
}

TEST_F(KeyStoreTest, RevokeReportsWhetherAnActiveKeyWasRevoked) {
    const auto created = keys.create("ops", Role::Admin, "", std::nullopt);
    EXPECT_FALSE(keys.revoke("key_does_not_exist"));
    EXPECT_TRUE(keys.revoke(created.record.id));
    EXPECT_FALSE(keys.revoke(created.record.id)); // already revoked
}

TEST_F(KeyStoreTest, AuthenticatesAValidKeyAsItsPrincipal) {
    const auto created = keys.create("deployer", Role::Operator, "team-9", std::nullopt);

    const auto result = keys.authenticate(created.secret);

    const auto* principal = principal_of(result);
    ASSERT_NE(principal, nullptr);
    EXPECT_EQ(principal->key_id, created.record.id);
    EXPECT_EQ(principal->name, "deployer");
    EXPECT_EQ(principal->team_id, "team-9");
    EXPECT_EQ(principal->role, Role::Operator);
    EXPECT_TRUE(principal->authenticated());
}

TEST_F(KeyStoreTest, RecordsLastUseOnTheInjectedClock) {
    const auto created = keys.create("ops", Role::Viewer, "", std::nullopt);
    clock.advance(5min);
    ASSERT_NE(principal_of(keys.authenticate(created.secret)), nullptr);
    EXPECT_EQ(keys.list(false).front().last_used_at, "2026-05-29T10:35:00.000Z");
}

TEST_F(KeyStoreTest, RejectsUnknownEmptyAndOversizedKeys) {
    keys.create("ops", Role::Admin, "", std::nullopt);
    EXPECT_TRUE(failed_with(keys.authenticate("snl_" + std::string(64, '0')), AuthFailure::Invalid));
    EXPECT_TRUE(failed_with(keys.authenticate(""), AuthFailure::Invalid));
    EXPECT_TRUE(failed_with(keys.authenticate(std::string(257, 'a')), AuthFailure::Invalid));
}

TEST_F(KeyStoreTest, RevokeThroughTheSameStoreTakesEffectImmediately) {
    const auto created = keys.create("ops", Role::Admin, "", std::nullopt);
    ASSERT_NE(principal_of(keys.authenticate(created.secret)), nullptr); // now cached

    ASSERT_TRUE(keys.revoke(created.record.id));

    EXPECT_TRUE(failed_with(keys.authenticate(created.secret), AuthFailure::Invalid));
}

TEST_F(KeyStoreTest, RevokeThroughAnotherStoreIsNotSeenWhileCached) {
    const auto created = keys.create("ops", Role::Admin, "", std::nullopt);
    ASSERT_NE(principal_of(keys.authenticate(created.secret)), nullptr); // cached for 10 s
    KeyStore other_process{database.db(), clock};                         // e.g. the CLI

    ASSERT_TRUE(other_process.revoke(created.record.id));

    // The first store still has the key cached: accepted for up to 10 s of real time.
    EXPECT_NE(principal_of(keys.authenticate(created.secret)), nullptr);
    // A store without a cached entry sees the revocation at once.
    EXPECT_TRUE(failed_with(other_process.authenticate(created.secret), AuthFailure::Invalid));
    KeyStore fresh{database.db(), clock};
    EXPECT_TRUE(failed_with(fresh.authenticate(created.secret), AuthFailure::Invalid));
}

TEST_F(KeyStoreTest, ExpiryFollowsTheInjectedClock) {
    const auto created = keys.create("temp", Role::Viewer, "", kTestStart + 1h);
    ASSERT_NE(principal_of(keys.authenticate(created.secret)), nullptr);

    clock.advance(1h - 1ms);
    EXPECT_NE(principal_of(keys.authenticate(created.secret)), nullptr) << "still valid 1 ms before";

    clock.advance(1ms); // exactly at expires_at: expired, even though the record is cached
    EXPECT_TRUE(failed_with(keys.authenticate(created.secret), AuthFailure::Expired));
}

TEST_F(KeyStoreTest, KeyCreatedAlreadyExpiredIsExpired) {
    const auto created = keys.create("old", Role::Admin, "", kTestStart - 1s);
    EXPECT_TRUE(failed_with(keys.authenticate(created.secret), AuthFailure::Expired));
}

TEST_F(KeyStoreTest, RevokedBeatsExpired) {
    const auto created = keys.create("old", Role::Admin, "", kTestStart - 1s);
    ASSERT_TRUE(keys.revoke(created.record.id));
    EXPECT_TRUE(failed_with(keys.authenticate(created.secret), AuthFailure::Invalid));
}

} // namespace
} // namespace sentinel::host::testing
