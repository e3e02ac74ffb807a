// Acceptance point 7: SIGTERM in the middle of a write load stops sentineld cleanly (exit code 0,
// within seconds) and every write it acknowledged with 201 is in the database after a restart.
#include "support/integration_test.hpp"
#include "support/polling.hpp"

#include <gmock/gmock.h>

#include <atomic>
#include <csignal>
#include <mutex>
#include <set>
#include <thread>

namespace sentinel::it {
namespace {

using namespace std::chrono_literals;

constexpr int kWriters = 4;
constexpr std::size_t kAcknowledgedBeforeSigterm = 150;
constexpr auto kMinimumLoad = 1s; // SIGTERM arrives mid-load, not right at its start

// Threads posting items as fast as they are answered, each on its own keep-alive connection,
// until told to stop or until the server is gone.
class WriteLoad {
public:
    WriteLoad(const std::string& base_url, const std::string& key) {
        for (int w = 0; w < kWriters; ++w)
            writers_.emplace_back([this, base_url, key, w] { write(base_url, key, w); });
    }
    ~WriteLoad() { finish(); }

    void finish() {
        stop_ = true;
        for (auto& t : writers_)
            if (t.joinable()) t.join();
    }
    std::size_t acknowledged_count() const { return acknowledged_.load(); }
    std::vector<long long> acknowledged_ids() const {
        std::lock_guard lock(mutex_);
        return ids_;
    }
    std::map<long, int> other_statuses() const {
        std::lock_guard lock(mutex_);
        return other_statuses_;
    }

private:
    void write(const std::string& base_url, const std::string& key, int writer) {
        HttpClient http(base_url, 5s);
        int consecutive_failures = 0;
        for (int i = 0; !stop_ && consecutive_failures < 3; ++i) {
            auto response = http.post_json("/fixture/v1/items",
                                           nlohmann::json{{"name", "w" + std::to_string(writer) + "-" + std::to_string(i)}}.dump(),
                                           bearer(key));
            std::lock_guard lock(mutex_);
            if (response.status == 201) {
                ids_.push_back(response.json()["id"].get<long long>());
                ++acknowledged_;
                consecutive_failures = 0;
            } else {
                ++other_statuses_[response.status];
                if (response.status == 0) ++consecutive_failures;
            }
        }
    }

    std::atomic<bool> stop_ = false;
    std::atomic<std::size_t> acknowledged_ = 0;
    mutable std::mutex mutex_;
    std::vector<long long> ids_;
    std::map<long, int> other_statuses_; // status 0: no response (connection refused or reset)
    std::vector<std::thread> writers_;
};

class ShutdownTest : public BackendTest {};
SENTINEL_IT_ON_BOTH_BACKENDS(ShutdownTest);

TEST_P(ShutdownTest, SigtermDuringWritesExitsCleanlyAndKeepsEveryAcknowledgedWrite) {
    config_.sqlite_synchronous = "full";
    const auto operator_key = create_key("OPERATOR", "it-load");
    start_server();

    const auto load_started = std::chrono::steady_clock::now();
    WriteLoad load(server().base_url(), operator_key);
    ASSERT_TRUE(eventually(
        [&] {
            return load.acknowledged_count() >= kAcknowledgedBeforeSigterm &&
                   std::chrono::steady_clock::now() - load_started >= kMinimumLoad;
        },
        15s, 10ms))
        << "only " << load.acknowledged_count() << " writes acknowledged in 15 s";

    const auto signalled = std::chrono::steady_clock::now();
    server().send_signal(SIGTERM);
    auto exit_code = server().wait_for_exit(10s);
    const auto shutdown_time = std::chrono::steady_clock::now() - signalled;
    load.finish();

    ASSERT_TRUE(exit_code.has_value()) << "sentineld did not exit within 10 s of SIGTERM";
    EXPECT_EQ(*exit_code, 0);
    EXPECT_LT(shutdown_time, 5s);

    const auto ids = load.acknowledged_ids();
    const std::set<long long> distinct(ids.begin(), ids.end());
    EXPECT_EQ(distinct.size(), ids.size()) << "the server acknowledged the same id twice";
    std::cout << "acknowledged " << ids.size() << " writes; other answers (status: count): "
              << ::testing::PrintToString(load.other_statuses()) << "; shutdown took "
              << std::chrono::duration_cast<std::chrono::milliseconds>(shutdown_time).count() << " ms\n";

    start_server();
    const auto counted = client().get("/fixture/v1/items/count", bearer(operator_key)).json();
    EXPECT_GE(counted["count"].get<long long>(), static_cast<long long>(ids.size())) << counted.dump();

    std::set<long long> stored;
    for (const auto& id : database_->column("SELECT id FROM fixture_items")) stored.insert(std::stoll(id));
    std::vector<long long> lost;
    for (auto id : distinct)
        if (!stored.count(id)) lost.push_back(id);
    EXPECT_THAT(lost, ::testing::IsEmpty()) << "acknowledged writes missing after the restart";
}

} // namespace
} // namespace sentinel::it
