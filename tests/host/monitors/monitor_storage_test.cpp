// The store, the writer and the rollup on a migrated SQLite database: check results move the
// status and open/close incidents (with events), pings are acknowledged after commit, missed
// pings go offline, the schedule is claimed once, and old results roll up without losing counts.
#include "monitors/monitor_schema.hpp"
#include "monitors/monitor_store.hpp"
#include "monitors/monitor_writer.hpp"
#include "monitors/rollup.hpp"

#include "events/event_bus.hpp"
#include "fake_catalog.hpp"
#include "host_database.hpp"
#include "scheduling/clock.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <mutex>

namespace sentinel::host::testing {
namespace {

using nlohmann::json;

class MonitorStorageTest : public ::testing::Test {
protected:
    MonitorStorageTest() {
        apply_migrations(database.db(), "monitors", monitor_migrations());
        bus.subscribe("test", "monitor.*", [this](const Event& e) {
            std::lock_guard lock(mutex);
            topics.push_back(e.topic);
        });
        bus.start();
    }
    ~MonitorStorageTest() override {
        writer.stop();
        bus.stop();
    }

    std::int64_t now() const { return now_ms; }

    MonitorRecord pull_monitor(int threshold = 2) {
        MonitorRecord m;
        m.monitor_type = "tcp";
        m.url = "db";
        m.port = 5432;
        m.check_interval = 1;
        m.monitored_regions = json{"ash", "pdx"};
        m.failure_threshold = threshold;
        m.id = store.insert(m, now_ms);
        return m;
    }

    MonitorRecord push_monitor() {
        MonitorRecord m;
        m.monitor_type = "beat";
        m.friendly_name = "job";
        m.heartbeat_interval = 60;
        m.heartbeat_grace = 10;
        m.ping_token = "0123456789abcdef0123456789abcdef";
        m.heartbeat_expected_at = now_ms + 60000;
        m.id = store.insert(m, now_ms);
        return m;
    }

    PingAck ping(std::int64_t id, PingKind kind) {
        std::promise<PingAck> p;
        writer.record_ping(id, kind, now_ms, "", "ash", [&](const PingAck* ack, const std::string& error) {
            if (ack) p.set_value(*ack);
            else p.set_exception(std::make_exception_ptr(std::runtime_error(error)));
        });
        return p.get_future().get();
    }

    MonitorRecord load(std::int64_t id) { return *store.get(id, MonitorScope{true, std::nullopt}); }
    std::vector<std::string> seen_topics() {
        bus.drain();
        std::lock_guard lock(mutex);
        return topics;
    }

    HostDatabase database;
    ManualClock clock{kTestStart};
    std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(kTestStart.time_since_epoch()).count();
    EventBus bus{clock, 1000};
    FakeCatalog catalog;
    MonitorStore store{database.db()};
    MonitorWriter writer{database.db(), catalog, bus, [this] { return now_ms; }};
    std::mutex mutex;
    std::vector<std::string> topics;
};

TEST_F(MonitorStorageTest, CheckResultsDriveStatusAndIncidents) {
    auto m = pull_monitor();
    writer.record_check(m.id, "ash", now_ms, {{"is_up", true}, {"response_time", 12.5}, {"status_code", 200}});
    writer.flush();
    EXPECT_EQ(load(m.id).status, "online");
    EXPECT_EQ(load(m.id).last_response_time, 12.5);

    writer.record_check(m.id, "ash", now_ms + 1, {{"is_up", false}, {"message", "connection refused"}});
    writer.flush();
    EXPECT_EQ(load(m.id).status, "online") << "not confirmed yet";
    writer.record_check(m.id, "ash", now_ms + 2, {{"is_up", false}, {"message", "connection refused"}});
    writer.flush();
    EXPECT_EQ(load(m.id).status, "offline");
    auto open = store.incidents(m.id, 10, 0);
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0]["cause"], "connection refused");
    EXPECT_TRUE(open[0]["resolved_at"].is_null());

    writer.record_check(m.id, "pdx", now_ms + 3, {{"is_up", true}, {"degraded", true}, {"message", "slow"}});
    writer.flush();
    EXPECT_EQ(load(m.id).status, "degraded");
    EXPECT_FALSE(store.incidents(m.id, 10, 0)[0]["resolved_at"].is_null());
    EXPECT_EQ(store.recent_results(m.id, 10).size(), 4u);
    EXPECT_EQ(seen_topics(), (std::vector<std::string>{"monitor.status_changed", "monitor.incident_opened",
                                                        "monitor.status_changed", "monitor.incident_resolved",
                                                        "monitor.status_changed"}));
}

TEST_F(MonitorStorageTest, ResultsOfChecksStartedBeforeAChangeAreDropped) {
    auto m = pull_monitor(1);
    const auto started_with = load(m.id).updated_at;
    writer.record_check(m.id, "ash", now_ms, {{"is_up", false}}, started_with);
    writer.flush();
    EXPECT_EQ(load(m.id).status, "offline") << "a check of the current settings counts";

    m.url = "db-replica";
    store.update(m, now_ms + 10, false);
    writer.record_check(m.id, "ash", now_ms + 20, {{"is_up", true}}, started_with); // began before the update
    writer.flush();
    EXPECT_EQ(load(m.id).status, "offline") << "a check of the old URL must not undo the new one's outcome";
    EXPECT_EQ(store.recent_results(m.id, 10).size(), 1u);

    writer.record_check(m.id, "ash", now_ms + 30, {{"is_up", true}}, load(m.id).updated_at);
    writer.flush();
    EXPECT_EQ(load(m.id).status, "online");
}

TEST_F(MonitorStorageTest, ResultsForDeletedOrPausedMonitorsAreDropped) {
    auto m = pull_monitor();
    store.set_paused(m.id, true, now_ms);
    writer.record_check(m.id, "ash", now_ms, {{"is_up", false}});
    auto gone = pull_monitor();
    ASSERT_TRUE(store.remove(gone.id));
    writer.record_check(gone.id, "ash", now_ms, {{"is_up", true}});
    writer.flush();
    EXPECT_EQ(load(m.id).status, "pending");
    EXPECT_TRUE(store.recent_results(m.id, 10).empty());
    EXPECT_EQ(writer.stats().failed, 0u);
}

TEST_F(MonitorStorageTest, PingsAreAcknowledgedAfterCommit) {
    auto m = push_monitor();
    auto ack = ping(m.id, PingKind::Success);
    EXPECT_TRUE(ack.found);
    EXPECT_EQ(ack.status, "online");
    auto stored = load(m.id);
    EXPECT_EQ(stored.last_heartbeat_at, now_ms);
    EXPECT_EQ(stored.heartbeat_expected_at, now_ms + 60000) << "the type computes the next expected ping";

    EXPECT_EQ(ping(m.id, PingKind::Fail).status, "offline");
    EXPECT_EQ(store.incident_count(m.id), 1);
    EXPECT_EQ(ping(m.id, PingKind::Start).status, "offline") << "a start signal changes no status";
    now_ms += 1500;
    EXPECT_EQ(ping(m.id, PingKind::Success).status, "online");
    EXPECT_EQ(store.recent_results(m.id, 10).back()["response_time"], 1500.0) << "run time from /start";
    EXPECT_FALSE(ping(999999, PingKind::Success).found);

    store.set_paused(m.id, true, now_ms);
    EXPECT_TRUE(ping(m.id, PingKind::Fail).ignored);
    EXPECT_EQ(load(m.id).status, "online");
}

TEST_F(MonitorStorageTest, MissedPingsGoOfflineOnceOverdue) {
    auto m = push_monitor(); // expected in 60 s, grace 10 s
    now_ms += 65000;
    EXPECT_TRUE(store.overdue_push(now_ms, 10).empty()) << "still within the grace period";
    writer.record_missed(m.id); // a stale sweep must not take it offline
    writer.flush();
    EXPECT_EQ(load(m.id).status, "pending");
    now_ms += 10000;
    auto overdue = store.overdue_push(now_ms, 10);
    ASSERT_EQ(overdue, std::vector<std::int64_t>{m.id});
    writer.record_missed(m.id);
    writer.flush();
    EXPECT_EQ(load(m.id).status, "offline");
    EXPECT_THAT(store.incidents(m.id, 1, 0)[0]["cause"].get<std::string>(), ::testing::HasSubstr("no ping received"));
    EXPECT_TRUE(store.overdue_push(now_ms, 10).empty()) << "offline monitors are not swept again";
}

TEST_F(MonitorStorageTest, TheScheduleIsClaimedOncePerRegionAndInterval) {
    auto m = pull_monitor();
    auto first = store.claim_due("ash", now_ms, 100);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].monitor.id, m.id);
    EXPECT_EQ(first[0].due_at, now_ms);
    EXPECT_TRUE(store.claim_due("ash", now_ms + 59000, 100).empty()) << "next check one interval later";
    EXPECT_EQ(store.claim_due("ash", now_ms + 60000, 100).size(), 1u);
    EXPECT_EQ(store.claim_due("pdx", now_ms, 100).size(), 1u) << "each region has its own schedule";
    EXPECT_TRUE(store.claim_due("sin", now_ms, 100).empty()) << "not a monitored region";
    store.set_paused(m.id, true, now_ms);
    EXPECT_TRUE(store.claim_due("ash", now_ms + 600000, 100).empty()) << "paused monitors are not claimed";
}

TEST_F(MonitorStorageTest, ListFiltersSortAndPage) {
    for (int i = 0; i < 5; ++i) {
        MonitorRecord m;
        m.monitor_type = "tcp";
        m.url = "host-" + std::to_string(i) + ".example";
        m.check_interval = i % 2 ? 0.5 : 5;
        store.insert(m, now_ms + i);
    }
    MonitorListQuery q;
    q.per_page = 2;
    auto [page1, total] = store.list(q, MonitorScope{true, std::nullopt});
    EXPECT_EQ(total, 5);
    ASSERT_EQ(page1.size(), 2u);
    EXPECT_EQ(page1[0].url, "host-4.example") << "newest first by default";
    q.sort = "url";
    q.descending = false;
    q.interval = 0.5;
    q.per_page = 20;
    auto [half, n] = store.list(q, MonitorScope{true, std::nullopt});
    EXPECT_EQ(n, 2);
    EXPECT_EQ(half[0].url, "host-1.example");
    q = MonitorListQuery{};
    q.search = "ST-3";
    EXPECT_EQ(store.list(q, MonitorScope{true, std::nullopt}).second, 1);
    q.search = "%";
    EXPECT_EQ(store.list(q, MonitorScope{true, std::nullopt}).second, 0) << "LIKE wildcards are literal";
    EXPECT_EQ(store.list(MonitorListQuery{}, MonitorScope{false, std::string("team-x")}).second, 0);
    EXPECT_EQ(store.list(MonitorListQuery{}, MonitorScope{false, std::nullopt}).second, 5);
}

TEST_F(MonitorStorageTest, RollupKeepsCountsAndShrinksRows) {
    auto m = pull_monitor();
    const std::int64_t day = 86400000;
    const std::int64_t start = now_ms - 40 * day;
    std::int64_t checks = 0;
    for (std::int64_t t = start; t < now_ms; t += 30 * 60000) { // every 30 minutes for 40 days
        bool up = (t / 60000) % 7 != 0;
        writer.record_check(m.id, "ash", t, {{"is_up", up}, {"response_time", up ? json(100.0) : json()}});
        ++checks;
    }
    writer.flush();
    auto report = roll_up(database.db(), now_ms, 2 * day, 30 * day);
    EXPECT_GT(report.raw_rolled, 0);
    EXPECT_GT(report.minutes_rolled, 0);
    auto sum = database.rows("SELECT SUM(checks), SUM(up_checks) FROM monitor_rollups");
    auto raw = database.rows("SELECT COUNT(*), SUM(is_up) FROM monitor_results");
    EXPECT_EQ(cell_int(sum[0][0]).value_or(0) + cell_int(raw[0][0]).value_or(0), checks) << "no check lost";
    EXPECT_EQ(cell_int(raw[0][0]).value_or(0), 2 * 48) << "two days of raw results stay";
    auto hours = database.rows("SELECT COUNT(*) FROM monitor_rollups WHERE resolution = 'hour'");
    EXPECT_GT(cell_int(hours[0][0]).value_or(0), 0);
    // Idempotent: a second run finds nothing new.
    auto again = roll_up(database.db(), now_ms, 2 * day, 30 * day);
    EXPECT_EQ(again.raw_rolled, 0);
    EXPECT_EQ(again.minutes_rolled, 0);
    auto history = store.history(m.id, now_ms - 40 * day, now_ms, "hour");
    std::int64_t in_history = 0;
    for (const auto& p : history) in_history += p["checks"].get<std::int64_t>();
    EXPECT_EQ(in_history, checks) << "history reads raw, minute and hour data together";
}

} // namespace
} // namespace sentinel::host::testing
