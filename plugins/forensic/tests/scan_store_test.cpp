#include "scan_store.hpp"

#include "sqlite_test_database.hpp"

#include <gmock/gmock.h>

namespace sentinel::forensic {
namespace {

class ScanStoreTest : public ::testing::Test {
protected:
    ScanStoreTest() { db_.migrate(ScanStore::migrations()); }

    std::int64_t add(const std::string& status, std::int64_t created_at_ms, const std::string& file = "a.csv") {
        return store_.create({status, file, 1234, "csv", "auto", 0.98, "ann", created_at_ms});
    }

    testing::SqliteTestDatabase db_;
    ScanStore store_{db_};
};

TEST_F(ScanStoreTest, RecordsAScanAndItsResult) {
    const auto id = add("running", 1000);
    auto scan = store_.get(id);
    ASSERT_TRUE(scan);
    EXPECT_EQ(scan->status, "running");
    EXPECT_EQ(scan->file_kind, "csv");
    EXPECT_EQ(scan->scanned_by, "ann");
    EXPECT_TRUE(scan->result.is_null());

    const nlohmann::json result = {{"method", "statistical"}, {"total_scanned", 500}, {"threats_detected", 10},
                                   {"columns_scanned", {"x", "y"}}, {"duration_ms", 42}, {"threats", nlohmann::json::array()}};
    store_.finish(id, result, 2000);
    scan = store_.get(id);
    EXPECT_EQ(scan->status, "done");
    EXPECT_EQ(scan->method, "statistical");
    EXPECT_EQ(scan->total_scanned, 500);
    EXPECT_EQ(scan->threats_detected, 10);
    EXPECT_EQ(scan->columns_scanned, 2);
    EXPECT_EQ(scan->duration_ms, 42);
    EXPECT_EQ(scan->finished_at_ms, 2000);
    EXPECT_EQ(scan->result, result);
    EXPECT_FALSE(store_.get(id + 1));
}

TEST_F(ScanStoreTest, RecordsAFailure) {
    const auto id = add("running", 1000);
    store_.fail(id, "the file is empty", 3, 1500);
    const auto scan = store_.get(id);
    EXPECT_EQ(scan->status, "failed");
    EXPECT_EQ(scan->error, "the file is empty");
    EXPECT_EQ(scan->finished_at_ms, 1500);
}

TEST_F(ScanStoreTest, MarksOnlyUnfinishedScansFailed) {
    const auto queued = add("queued", 1), running = add("running", 2), done = add("running", 3);
    store_.finish(done, {{"method", "statistical"}}, 4);
    EXPECT_EQ(store_.fail_unfinished("interrupted by a restart", 10), 2);
    EXPECT_EQ(store_.get(queued)->status, "failed");
    EXPECT_EQ(store_.get(queued)->error, "interrupted by a restart");
    EXPECT_EQ(store_.get(running)->status, "failed");
    EXPECT_EQ(store_.get(done)->status, "done");
    EXPECT_EQ(store_.fail_unfinished("again", 11), 0);
}

TEST_F(ScanStoreTest, MarksRunningOnlyFromQueued) {
    const auto queued = add("queued", 1), failed = add("queued", 2);
    store_.fail(failed, "cancelled", 0, 3);
    store_.mark_running(queued);
    store_.mark_running(failed);
    EXPECT_EQ(store_.get(queued)->status, "running");
    EXPECT_EQ(store_.get(failed)->status, "failed");
}

TEST_F(ScanStoreTest, ListsNewestFirstWithPagesAndAStatusFilter) {
    const auto a = add("queued", 100, "a.csv"), b = add("queued", 300, "b.csv"), c = add("queued", 200, "c.csv");
    const auto d = add("queued", 300, "d.csv"); // same time as b: the later id first
    store_.fail(c, "bad", 0, 400);
    auto ids = [](const std::vector<ScanRecord>& records) {
        std::vector<std::int64_t> out;
        for (const auto& r : records) out.push_back(r.id);
        return out;
    };
    EXPECT_THAT(ids(store_.list(50, 0, "")), ::testing::ElementsAre(d, b, c, a));
    EXPECT_THAT(ids(store_.list(2, 1, "")), ::testing::ElementsAre(b, c));
    EXPECT_THAT(ids(store_.list(2, 4, "")), ::testing::IsEmpty());
    EXPECT_THAT(ids(store_.list(50, 0, "failed")), ::testing::ElementsAre(c));
    EXPECT_EQ(store_.count(""), 4);
    EXPECT_EQ(store_.count("failed"), 1);
    EXPECT_EQ(store_.count("done"), 0);
}

TEST_F(ScanStoreTest, PrunesOnlyFinishedScansBeforeTheCutoff) {
    const auto old_done = add("running", 100), old_queued = add("queued", 100), recent = add("running", 900);
    store_.fail(old_done, "x", 0, 150);
    store_.fail(recent, "x", 0, 950);
    EXPECT_EQ(store_.prune_before(500), 1);
    EXPECT_FALSE(store_.get(old_done));
    EXPECT_TRUE(store_.get(old_queued));
    EXPECT_TRUE(store_.get(recent));
}

} // namespace
} // namespace sentinel::forensic
