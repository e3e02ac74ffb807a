// Several threads writing at once, in and out of transactions, must neither fail nor lose rows.
#include "storage/migrations.hpp"
#include "test_databases.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

namespace sentinel::host::testing {
namespace {

class ConcurrencyTest : public BackendTest {};

TEST_P(ConcurrencyTest, ConcurrentWritersLoseNothing) {
    constexpr int thread_count = 4;
    constexpr int inserts_per_thread = 200;
    db().execute(apply_dialect_tokens("CREATE TABLE events (id {{serial_pk}}, worker INTEGER, seq INTEGER)", dialect()));

    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int worker = 0; worker < thread_count; ++worker) {
        threads.emplace_back([&, worker] {
            try {
                for (int seq = 0; seq < inserts_per_thread;) {
                    if (seq % 20 < 10) {  // alternate: ten autocommitted inserts, then ten in one transaction
                        db().execute("INSERT INTO events (worker, seq) VALUES (?, ?)",
                                     {std::int64_t{worker}, std::int64_t{seq}});
                        ++seq;
                    } else {
                        auto tx = db().begin();
                        // Read then write inside the transaction: the case that deadlocks with a
                        // deferred SQLite BEGIN.
                        query(*tx, "SELECT count(*) FROM events WHERE worker = ?", {std::int64_t{worker}});
                        std::this_thread::sleep_for(std::chrono::milliseconds(2));  // let other writers in
                        for (int i = 0; i < 10; ++i, ++seq) {
                            tx->execute("INSERT INTO events (worker, seq) VALUES (?, ?)",
                                        {std::int64_t{worker}, std::int64_t{seq}});
                        }
                        tx->commit();
                    }
                }
            } catch (const std::exception& e) {
                ++failures;
                ADD_FAILURE() << "worker " << worker << ": " << e.what();
            }
        });
    }
    for (auto& thread : threads) thread.join();

    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count_rows(db(), "events"), thread_count * inserts_per_thread);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM (SELECT DISTINCT worker, seq FROM events) AS pairs"),
              DbValue{std::int64_t{thread_count * inserts_per_thread}});
}

SENTINEL_INSTANTIATE_FOR_BACKENDS(ConcurrencyTest);

}  // namespace
}  // namespace sentinel::host::testing
