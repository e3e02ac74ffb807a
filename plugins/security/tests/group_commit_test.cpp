#include "group_commit.hpp"

#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>

#include <atomic>
#include <future>
#include <thread>

namespace sentinel::security {
namespace {

using ::testing::_;
using ::testing::Invoke;
using ::testing::NiceMock;

// A database whose transactions hand out increasing ids and record how many entries each
// committed; commit() can be held until the test lets it go.
class CountingDatabase {
public:
    CountingDatabase() {
        ON_CALL(db, begin()).WillByDefault(Invoke([this] { return transaction(); }));
    }

    std::unique_ptr<sdk::Transaction> transaction() {
        auto tx = std::make_unique<NiceMock<sdk::testing::MockTransaction>>();
        auto inserted = std::make_shared<int>(0);
        ON_CALL(*tx, query(_, _)).WillByDefault(Invoke([this, inserted](std::string_view, const sdk::Params&) {
            ++*inserted;
            static const auto columns = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"id"});
            return sdk::Rows{sdk::Row(columns, {sdk::Value(std::int64_t{++next_id})})};
        }));
        ON_CALL(*tx, commit()).WillByDefault(Invoke([this, inserted] {
            ++entered_commit;
            if (hold_commit) released.wait();
            if (fail_commit) throw std::runtime_error("disk full");
            std::lock_guard lock(mutex);
            committed.push_back(*inserted);
        }));
        return tx;
    }

    NiceMock<sdk::testing::MockDatabase> db;
    std::atomic<std::int64_t> next_id{0};
    std::atomic<int> entered_commit{0};
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> hold_commit{false};
    std::atomic<bool> fail_commit{false};
    std::mutex mutex;
    std::vector<int> committed; // entries per committed transaction
};

template <typename Predicate>
void wait_until(Predicate done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(done());
}

std::vector<LogEntry> entries(std::size_t n) {
    return std::vector<LogEntry>(n, LogEntry{"app", 1, "INFO", "hello", nlohmann::json::object()});
}

TEST(GroupCommit, ALoneCallerCommitsItsOwnTransaction) {
    CountingDatabase database;
    SecurityStore store(database.db);
    GroupCommit commits(store);
    const auto batch = entries(3);
    const std::vector<Analysis> analyses(3);
    EXPECT_EQ(commits.insert({7, &batch, &analyses, 1000}), (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(database.committed, (std::vector<int>{3}));
    EXPECT_EQ(commits.stats().transactions, 1u);
}

TEST(GroupCommit, CallersArrivingDuringACommitShareTheNextTransaction) {
    CountingDatabase database;
    database.hold_commit = true;
    SecurityStore store(database.db);
    GroupCommit commits(store);
    const auto one = entries(1);
    const std::vector<Analysis> one_analysis(1);

    auto first = std::async(std::launch::async, [&] { return commits.insert({1, &one, &one_analysis, 1}); });
    wait_until([&] { return database.entered_commit == 1; }); // the first transaction is being committed
    std::vector<std::future<std::vector<std::int64_t>>> later;
    for (int i = 0; i < 3; ++i)
        later.push_back(std::async(std::launch::async, [&] { return commits.insert({2, &one, &one_analysis, 2}); }));
    wait_until([&] { return commits.waiting() == 3; });
    database.hold_commit = false;
    database.release.set_value();

    EXPECT_EQ(first.get().size(), 1u);
    std::vector<std::int64_t> ids;
    for (auto& f : later) {
        const auto got = f.get();
        ASSERT_EQ(got.size(), 1u);
        ids.push_back(got[0]);
    }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::int64_t>{2, 3, 4})) << "each caller gets its own ids";
    EXPECT_EQ(database.committed, (std::vector<int>{1, 3})) << "the three waiting callers were committed together";
    EXPECT_EQ(commits.stats().transactions, 2u);
    EXPECT_EQ(commits.stats().requests, 4u);
}

TEST(GroupCommit, AFailedCommitFailsEveryCallerOfTheGroupAndTheNextOneWorks) {
    CountingDatabase database;
    database.fail_commit = true;
    SecurityStore store(database.db);
    GroupCommit commits(store);
    const auto batch = entries(2);
    const std::vector<Analysis> analyses(2);
    EXPECT_THROW(commits.insert({1, &batch, &analyses, 1}), std::runtime_error);
    database.fail_commit = false;
    EXPECT_EQ(commits.insert({1, &batch, &analyses, 2}).size(), 2u);
    EXPECT_EQ(database.committed, (std::vector<int>{2}));
}

TEST(GroupCommit, AGroupStopsGrowingAtItsEntryCap) {
    CountingDatabase database;
    database.hold_commit = true;
    SecurityStore store(database.db);
    GroupCommit commits(store, /*max_group_entries=*/5);
    const auto one = entries(1);
    const std::vector<Analysis> one_analysis(1);
    const auto four = entries(4);
    const std::vector<Analysis> four_analyses(4);

    auto first = std::async(std::launch::async, [&] { return commits.insert({1, &one, &one_analysis, 1}); });
    wait_until([&] { return database.entered_commit == 1; });
    auto a = std::async(std::launch::async, [&] { return commits.insert({1, &four, &four_analyses, 2}); });
    wait_until([&] { return commits.waiting() == 1; });
    auto b = std::async(std::launch::async, [&] { return commits.insert({1, &four, &four_analyses, 3}); });
    wait_until([&] { return commits.waiting() == 2; });
    database.hold_commit = false;
    database.release.set_value();
    first.get();
    EXPECT_EQ(a.get().size(), 4u);
    EXPECT_EQ(b.get().size(), 4u);
    EXPECT_EQ(database.committed, (std::vector<int>{1, 4, 4})) << "4 + 4 would pass the cap of 5";
}

} // namespace
} // namespace sentinel::security
