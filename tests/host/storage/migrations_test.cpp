// Schema migrations on both backends.
#include "storage/migrations.hpp"
#include "test_databases.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <thread>

namespace sentinel::host::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const Migration create_notes{1, "create notes",
                             "CREATE TABLE notes (id {{serial_pk}}, body TEXT NOT NULL, attachment {{blob}});\n"
                             "CREATE INDEX notes_body ON notes (body);"};
const Migration seed_notes{2, "seed notes", "INSERT INTO notes (body) VALUES ('first'); -- a comment; with ;\n"
                                            "INSERT INTO notes (body) VALUES ('it''s; second');"};
const Migration add_tags{3, "add tags", "CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes (id), tag TEXT)"};

class MigrationsTest : public BackendTest {
protected:
    std::vector<std::string> messages_of(const std::vector<Migration>& migrations, const std::string& owner = "demo") {
        try {
            apply_migrations(db(), owner, migrations);
        } catch (const MigrationError& e) {
            return {e.what()};
        }
        return {};
    }
};

TEST_P(MigrationsTest, AppliesPendingMigrationsInOrderAndRecordsThem) {
    const MigrationReport report = apply_migrations(db(), "demo", {seed_notes, create_notes});  // any input order
    EXPECT_THAT(report.applied, ElementsAre(1u, 2u));
    EXPECT_EQ(query(db(), "SELECT body FROM notes ORDER BY id"), (std::vector<Row>{{"first"}, {"it's; second"}}));

    const auto records = query(db(), "SELECT owner, version, description, checksum, applied_at "
                                     "FROM sentinel_migrations ORDER BY version");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0][0], DbValue{"demo"});
    EXPECT_EQ(records[0][1], DbValue{std::int64_t{1}});
    EXPECT_EQ(records[0][2], DbValue{"create notes"});
    EXPECT_TRUE(std::regex_match(std::get<std::string>(records[0][3]), std::regex("[0-9a-f]{64}")));
    EXPECT_NE(records[0][3], records[1][3]);
    EXPECT_TRUE(std::regex_match(std::get<std::string>(records[0][4]),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
}

TEST_P(MigrationsTest, ChecksumIsTheSha256OfTheSqlText) {
    apply_migrations(db(), "demo", {Migration{1, "noop", "SELECT 1"}});
    // sha256("SELECT 1"), computed independently with coreutils sha256sum.
    EXPECT_EQ(scalar(db(), "SELECT checksum FROM sentinel_migrations WHERE owner = 'demo'"),
              DbValue{"e004ebd5b5532a4b85984a62f8ad48a81aa3460c1ca07701f386135d72cdecf5"});
}

TEST_P(MigrationsTest, RerunAppliesNothing) {
    apply_migrations(db(), "demo", {create_notes, seed_notes});
    EXPECT_THAT(apply_migrations(db(), "demo", {create_notes, seed_notes}).applied, IsEmpty());
    EXPECT_EQ(count_rows(db(), "notes"), 2);
}

TEST_P(MigrationsTest, AppendedVersionAppliesOnlyTheNewOne) {
    apply_migrations(db(), "demo", {create_notes, seed_notes});
    EXPECT_THAT(apply_migrations(db(), "demo", {create_notes, seed_notes, add_tags}).applied, ElementsAre(3u));
    EXPECT_EQ(count_rows(db(), "notes"), 2);
    EXPECT_TRUE(table_exists(db(), "tags"));
}

TEST_P(MigrationsTest, OwnersAreIndependent) {
    apply_migrations(db(), "demo", {create_notes});
    const Migration other{1, "other table", "CREATE TABLE other_plugin_data (x INTEGER)"};
    EXPECT_THAT(apply_migrations(db(), "other", {other}).applied, ElementsAre(1u));
    EXPECT_THAT(apply_migrations(db(), "demo", {create_notes, seed_notes}).applied, ElementsAre(2u));
}

TEST_P(MigrationsTest, ChangedMigrationIsRefused) {
    apply_migrations(db(), "demo", {create_notes, seed_notes});
    Migration edited = seed_notes;
    edited.sql += "\nINSERT INTO notes (body) VALUES ('sneaky');";
    EXPECT_THAT(messages_of({create_notes, edited, add_tags}),
                ElementsAre("migration demo#2 changed after it was applied"));
    EXPECT_FALSE(table_exists(db(), "tags"));
    EXPECT_EQ(count_rows(db(), "notes"), 2);
}

TEST_P(MigrationsTest, GapsDuplicatesAndZeroAreRefusedBeforeTouchingTheDatabase) {
    Migration third = add_tags;
    EXPECT_THAT(messages_of({create_notes, third}),
                ElementsAre("migration versions of demo must be 1..n without gaps: expected v2, found v3"));
    EXPECT_THAT(messages_of({create_notes, create_notes}), ElementsAre("duplicate migration demo#1"));
    EXPECT_THAT(messages_of({Migration{0, "zero", "SELECT 1"}}),
                ElementsAre("migration versions of demo must be 1..n without gaps: expected v1, found v0"));
    EXPECT_THAT(messages_of({create_notes}, ""), ElementsAre("the migration owner must not be empty"));
    EXPECT_FALSE(table_exists(db(), "sentinel_migrations"));
    EXPECT_FALSE(table_exists(db(), "notes"));
}

TEST_P(MigrationsTest, FailingStatementRollsBackTheWholeBatch) {
    const Migration broken{3, "broken", "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1)"};
    const auto messages = messages_of({create_notes, seed_notes, broken});
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_THAT(messages[0], HasSubstr("migration demo#3 (broken) failed: "));
    EXPECT_THAT(messages[0], HasSubstr("no_such_table"));
    EXPECT_FALSE(table_exists(db(), "notes"));
    EXPECT_FALSE(table_exists(db(), "half_done"));
    EXPECT_FALSE(table_exists(db(), "sentinel_migrations"));

    // Fixed, the same batch applies completely.
    const Migration fixed{3, "fixed", "CREATE TABLE half_done (x INTEGER)"};
    EXPECT_THAT(apply_migrations(db(), "demo", {create_notes, seed_notes, fixed}).applied, ElementsAre(1u, 2u, 3u));
}

TEST_P(MigrationsTest, FailureLeavesEarlierBatchesApplied) {
    apply_migrations(db(), "demo", {create_notes});
    const Migration broken{2, "broken", "INSERT INTO notes (body) VALUES ('x'); INSERT INTO notes (body) VALUES (NULL)"};
    EXPECT_THAT(messages_of({create_notes, broken}), ElementsAre(HasSubstr("migration demo#2 (broken) failed")));
    EXPECT_EQ(count_rows(db(), "notes"), 0);
    EXPECT_EQ(scalar(db(), "SELECT max(version) FROM sentinel_migrations WHERE owner = 'demo'"),
              DbValue{std::int64_t{1}});
}

TEST_P(MigrationsTest, NewerDatabaseVersionIsRefused) {
    apply_migrations(db(), "demo", {create_notes, seed_notes, add_tags});
    EXPECT_THAT(messages_of({create_notes, seed_notes}),
                ElementsAre("database has demo migration v3 but the code knows only up to v2"));
}

TEST_P(MigrationsTest, ConcurrentHostsApplyEachMigrationOnce) {
    const auto second_host = scratch_->open();
    MigrationReport first_report;
    MigrationReport second_report;
    std::thread other([&] { second_report = apply_migrations(*second_host, "demo", {create_notes, seed_notes}); });
    first_report = apply_migrations(db(), "demo", {create_notes, seed_notes});
    other.join();
    std::vector<std::uint32_t> all = first_report.applied;
    all.insert(all.end(), second_report.applied.begin(), second_report.applied.end());
    std::sort(all.begin(), all.end());
    EXPECT_THAT(all, ElementsAre(1u, 2u));
    EXPECT_EQ(count_rows(db(), "notes"), 2);
}

SENTINEL_INSTANTIATE_FOR_BACKENDS(MigrationsTest);

}  // namespace
}  // namespace sentinel::host::testing
