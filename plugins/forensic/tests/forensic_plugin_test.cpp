// The routes end to end in process: the plugin over a real in-memory SQLite database, with the
// readers and detectors it ships with, on small generated CSV files with obvious outliers.
#include "forensic_plugin.hpp"

#include "sqlite_test_database.hpp"

#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <thread>

namespace sentinel::forensic {
namespace {

using json = nlohmann::json;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Return;

constexpr std::int64_t kStart = 1706176800000; // 2024-01-25T10:00:00Z

// 400 data rows of three steady columns; rows 60 and 250 (0-based) are wild.
std::string ledger_csv() {
    std::string csv = "id,amount,quantity,unit_price,memo\n";
    for (int i = 0; i < 400; ++i) {
        double amount = 100 + (i * 37) % 21, quantity = 5 + i % 3, price = 20 + (i * 11) % 7;
        if (i == 60) amount = 250000;
        if (i == 250) quantity = 9000;
        csv += std::to_string(i) + "," + std::to_string(amount) + "," + std::to_string(quantity) + "," +
               std::to_string(price) + ",note " + std::to_string(i) + "\n";
    }
    return csv;
}

std::string multipart(const std::string& filename, const std::string& content) {
    return "--BOUNDARY\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nq1\r\n"
           "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
           "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--BOUNDARY--\r\n";
}

class ForensicPluginTest : public ::testing::Test {
protected:
    ForensicPluginTest() {
        db_.migrate(ForensicPlugin::migrations());
        ON_CALL(host_.clock, now_ms()).WillByDefault([this] { return kStart + 1000 * ticks_++; });
    }
    ~ForensicPluginTest() override { plugin_.reset(); }

    void configure(const std::string& key, const std::string& value) {
        ON_CALL(host_.config, get(Eq(key))).WillByDefault(Return(value));
    }

    ForensicPlugin& plugin() {
        if (!plugin_) plugin_ = std::make_unique<ForensicPlugin>(services_);
        return *plugin_;
    }

    static sdk::Request scan_request(const std::string& filename, const std::string& content,
                                     sdk::Pairs query = {{"method", "statistical"}}) {
        sdk::Request r;
        r.method = "POST";
        r.path = "/audit/scan";
        r.query = std::move(query);
        r.headers = {{"content-type", "multipart/form-data; boundary=BOUNDARY"}};
        r.body = multipart(filename, content);
        r.principal = {"key-1", "auditor-ann", "", sdk::Role::Operator, "free"};
        return r;
    }

    static sdk::Request get(const std::string& path, sdk::Pairs query = {}, sdk::Pairs params = {}) {
        sdk::Request r;
        r.method = "GET";
        r.path = path;
        r.query = std::move(query);
        r.path_params = std::move(params);
        return r;
    }

    // The answer of a handler, HttpError included, as the SDK would send it.
    template <typename Handler>
    static std::pair<int, json> call(Handler&& handler) {
        try {
            auto response = handler();
            return {response.status, json::parse(response.body)};
        } catch (const sdk::HttpError& e) {
            return {e.status(), json{{"message", e.what()}, {"extra", e.extra()}}};
        }
    }

    std::pair<int, json> post(const sdk::Request& request) {
        return call([&] { return plugin().post_scan(request); });
    }
    std::pair<int, json> scan_status(const std::string& id) {
        return call([&] { return plugin().get_scan(get("/audit/scan/" + id, {}, {{"id", id}})); });
    }
    json wait_until_finished(const std::string& id) {
        json last;
        for (int i = 0; i < 3000; ++i) { // a bound against a hang, not a timing assertion
            last = scan_status(id).second;
            if (last["status"] == "done" || last["status"] == "failed") return last;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ADD_FAILURE() << "scan " << id << " never finished: " << last.dump();
        return last;
    }

    static std::set<int> threat_rows(const json& result) {
        std::set<int> rows;
        for (const auto& t : result["threats"]) rows.insert(t["row"].get<int>());
        return rows;
    }

    sdk::testing::MockHost host_;
    testing::SqliteTestDatabase db_;
    sdk::HostServices services_{host_.log, host_.config, host_.clock, db_, host_.events, host_.scripts,
                                host_.rate_limiter, host_.streams, host_.plans};
    std::atomic<std::int64_t> ticks_{0};
    std::unique_ptr<ForensicPlugin> plugin_;
};

TEST_F(ForensicPluginTest, DeclaresItsRoutesWithTheUploadLimit) {
    configure("max_upload_mb", "7");
    sdk::RouteTable routes;
    plugin().routes(routes);
    ASSERT_EQ(routes.defs().size(), 3u);
    EXPECT_STREQ(routes.defs()[0].path, "/audit/scan");
    EXPECT_EQ(routes.defs()[0].min_role, static_cast<snl_role>(sdk::Role::Operator));
    EXPECT_GE(routes.defs()[0].max_body_bytes, 7ull << 20);
    EXPECT_LT(routes.defs()[0].max_body_bytes, 8ull << 20);
    EXPECT_STREQ(routes.defs()[1].path, "/audit/scan/:id");
    EXPECT_EQ(routes.defs()[1].min_role, static_cast<snl_role>(sdk::Role::Viewer));
    EXPECT_STREQ(routes.defs()[2].path, "/audit/logs");
    EXPECT_EQ(routes.defs()[2].min_role, static_cast<snl_role>(sdk::Role::Viewer));
}

TEST_F(ForensicPluginTest, SynchronousScanFindsTheOutliers) {
    const auto [status, body] = post(scan_request("audit_log.csv", ledger_csv(), {{"method", "statistical"}, {"threshold", "0.99"}}));
    ASSERT_EQ(status, 200) << body.dump();
    EXPECT_EQ(body["file_name"], "audit_log.csv");
    EXPECT_EQ(body["total_scanned"], 400);
    EXPECT_DOUBLE_EQ(body["threshold_used"].get<double>(), 0.99);
    EXPECT_EQ(body["method"], "statistical");
    EXPECT_EQ(body["columns_scanned"], json({"id", "amount", "quantity", "unit_price"}));
    EXPECT_TRUE(body["scan_id"].is_string());
    EXPECT_TRUE(body["duration_ms"].is_number_integer());
    EXPECT_GE(body["threats_detected"].get<int>(), 2);
    EXPECT_LE(body["threats_detected"].get<int>(), 8);
    const auto rows = threat_rows(body);
    EXPECT_TRUE(rows.count(62)) << body.dump(); // data row 60 is spreadsheet row 62
    EXPECT_TRUE(rows.count(252)) << body.dump();
    const auto& top = body["threats"][0];
    EXPECT_TRUE(top["score"].is_number());
    EXPECT_FALSE(top["reason"].get<std::string>().empty());
    ASSERT_FALSE(top["columns"].empty());
    EXPECT_TRUE(top["columns"][0].contains("column"));
    EXPECT_TRUE(top["columns"][0].contains("value"));
    EXPECT_TRUE(top["columns"][0].contains("deviation"));
}

TEST_F(ForensicPluginTest, AutoUsesTheAutoencoderWhenEnabledAndTheStatisticalDetectorWhenNot) {
    auto [status, body] = post(scan_request("a.csv", ledger_csv(), {}));
    ASSERT_EQ(status, 200) << body.dump();
    EXPECT_EQ(body["method"], "autoencoder");
    EXPECT_TRUE(threat_rows(body).count(62)) << body.dump();

    plugin_.reset();
    configure("autoencoder", "false");
    std::tie(status, body) = post(scan_request("a.csv", ledger_csv(), {{"method", "auto"}}));
    ASSERT_EQ(status, 200) << body.dump();
    EXPECT_EQ(body["method"], "statistical");
}

TEST_F(ForensicPluginTest, UsesTheConfiguredThresholdByDefault) {
    configure("threshold", "0.95");
    const auto [status, body] = post(scan_request("a.csv", ledger_csv()));
    ASSERT_EQ(status, 200);
    EXPECT_DOUBLE_EQ(body["threshold_used"].get<double>(), 0.95);
    EXPECT_GE(body["threats_detected"].get<int>(), 10);
}

TEST_F(ForensicPluginTest, RefusesBadParametersWith422BeforeReadingTheFile) {
    for (const auto& threshold : {"0.3", "1", "abc"}) {
        const auto [status, body] = post(scan_request("a.csv", ledger_csv(), {{"threshold", threshold}}));
        EXPECT_EQ(status, 422) << threshold;
        EXPECT_TRUE(body["extra"]["details"]["fieldErrors"].contains("threshold")) << body.dump();
    }
    EXPECT_EQ(post(scan_request("a.csv", ledger_csv(), {{"method", "neural"}})).first, 422);
    EXPECT_EQ(post(scan_request("a.csv", ledger_csv(), {{"async", "1"}})).first, 422);
    EXPECT_EQ(db_.query("SELECT id FROM forensic_scans").size(), 0u);
}

TEST_F(ForensicPluginTest, AnswersEachBadUploadWithItsStatus) {
    auto request = scan_request("a.csv", ledger_csv());
    request.headers = {{"content-type", "application/json"}};
    EXPECT_EQ(post(request).first, 400);
    request = scan_request("a.csv", ledger_csv());
    request.body = "--BOUNDARY\r\nContent-Disposition: form-data; name=\"other\"; filename=\"a.csv\"\r\n\r\n1\r\n--BOUNDARY--";
    EXPECT_EQ(post(request).first, 400);
    EXPECT_EQ(post(scan_request("ledger.pdf", ledger_csv())).first, 415);

    auto [status, body] = post(scan_request("empty.csv", ""));
    EXPECT_EQ(status, 422);
    EXPECT_FALSE(body["message"].get<std::string>().empty());
    std::tie(status, body) = post(scan_request("words.csv", "name,city\nann,paris\nbob,rome\n"));
    EXPECT_EQ(status, 422);
    EXPECT_THAT(body["message"].get<std::string>(), HasSubstr("numeric"));
    EXPECT_EQ(post(scan_request("broken.xlsx", "this is not a zip archive")).first, 422);
}

TEST_F(ForensicPluginTest, RefusesAFileAboveTheUploadLimitWith413) {
    configure("max_upload_mb", "1");
    EXPECT_EQ(post(scan_request("big.csv", std::string((1u << 20) + 1, '1'))).first, 413);
}

TEST_F(ForensicPluginTest, AFailedScanIsInTheHistoryWithItsReason) {
    ASSERT_EQ(post(scan_request("empty.csv", "")).first, 422);
    const auto [status, logs] = call([&] { return plugin().get_logs(get("/audit/logs")); });
    ASSERT_EQ(status, 200);
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_EQ(logs[0]["status"], "failed");
    EXPECT_EQ(logs[0]["file_name"], "empty.csv");
    EXPECT_FALSE(logs[0]["error"].get<std::string>().empty());
}

TEST_F(ForensicPluginTest, AsynchronousScanIsQueuedThenReportsItsResult) {
    const auto [status, accepted] = post(scan_request("audit_log.csv", ledger_csv(), {{"async", "true"}, {"method", "statistical"}}));
    ASSERT_EQ(status, 202) << accepted.dump();
    EXPECT_EQ(accepted["status"], "queued");
    const auto id = accepted["scan_id"].get<std::string>();
    EXPECT_EQ(accepted["status_url"], "/audit/scan/" + id);

    const auto finished = wait_until_finished(id);
    ASSERT_EQ(finished["status"], "done") << finished.dump();
    EXPECT_EQ(finished["phase"], "done");
    EXPECT_EQ(finished["progress_percent"], 100);
    EXPECT_EQ(finished["rows_read"], 400);
    EXPECT_EQ(finished["file_name"], "audit_log.csv");
    EXPECT_EQ(finished["created_at"].get<std::string>().back(), 'Z');
    EXPECT_EQ(finished["result"]["scan_id"], id);
    EXPECT_EQ(finished["result"]["total_scanned"], 400);
    EXPECT_TRUE(threat_rows(finished["result"]).count(62));
}

TEST_F(ForensicPluginTest, AsynchronousScanOfABadFileEndsFailedWithTheReason) {
    const auto [status, accepted] = post(scan_request("words.csv", "name\nann\n", {{"async", "true"}}));
    ASSERT_EQ(status, 202);
    const auto finished = wait_until_finished(accepted["scan_id"].get<std::string>());
    EXPECT_EQ(finished["status"], "failed");
    EXPECT_THAT(finished["error"].get<std::string>(), HasSubstr("numeric"));
    EXPECT_FALSE(finished.contains("result"));
}

TEST_F(ForensicPluginTest, AFullQueueAnswers503WithRetryAfter) {
    configure("max_queued_scans", "0");
    auto response = plugin().post_scan(scan_request("a.csv", ledger_csv(), {{"async", "true"}}));
    EXPECT_EQ(response.status, 503);
    EXPECT_THAT(response.headers, ::testing::Contains(std::pair<std::string, std::string>("Retry-After", "30")));
}

TEST_F(ForensicPluginTest, UnknownScansAre404) {
    EXPECT_EQ(scan_status("987654").first, 404);
    EXPECT_EQ(scan_status("abc").first, 404);
    EXPECT_EQ(scan_status("-1").first, 404);
}

TEST_F(ForensicPluginTest, StoppingThePluginLeavesNoScanUnfinished) {
    configure("max_queued_scans", "5");
    for (int i = 0; i < 4; ++i)
        ASSERT_EQ(post(scan_request("a.csv", ledger_csv(), {{"async", "true"}, {"method", "statistical"}})).first, 202);
    plugin_.reset();
    for (const auto& row : db_.query("SELECT status FROM forensic_scans"))
        EXPECT_THAT(row.get<std::string>("status"), ::testing::AnyOf("done", "failed"));
}

TEST_F(ForensicPluginTest, ScansInterruptedByARestartAreMarkedFailedAtStart) {
    ScanStore store(db_);
    const auto queued = store.create({"queued", "q.csv", 10, "csv", "auto", 0.98, "ann", kStart});
    const auto running = store.create({"running", "r.csv", 10, "csv", "auto", 0.98, "ann", kStart});
    plugin();
    for (const auto id : {queued, running}) {
        const auto [status, body] = scan_status(std::to_string(id));
        ASSERT_EQ(status, 200);
        EXPECT_EQ(body["status"], "failed");
        EXPECT_EQ(body["error"], "interrupted by a restart");
    }
}

TEST_F(ForensicPluginTest, HistoryListsNewestFirstWithPaginationHeaders) {
    for (const auto* name : {"first.csv", "second.csv", "third.csv"})
        ASSERT_EQ(post(scan_request(name, ledger_csv())).first, 200);
    ASSERT_EQ(post(scan_request("bad.csv", "")).first, 422);

    auto response = plugin().get_logs(get("/audit/logs"));
    auto logs = json::parse(response.body);
    ASSERT_TRUE(logs.is_array());
    ASSERT_EQ(logs.size(), 4u);
    EXPECT_EQ(logs[0]["file_name"], "bad.csv");
    EXPECT_EQ(logs[1]["file_name"], "third.csv");
    EXPECT_EQ(logs[3]["file_name"], "first.csv");
    const auto& entry = logs[1];
    EXPECT_EQ(entry["status"], "done");
    EXPECT_EQ(entry["total_scanned"], 400);
    EXPECT_GE(entry["threats_detected"].get<int>(), 2);
    EXPECT_DOUBLE_EQ(entry["threshold_used"].get<double>(), 0.98);
    EXPECT_EQ(entry["method"], "statistical");
    EXPECT_EQ(entry["scanned_by"], "auditor-ann");
    EXPECT_TRUE(entry["duration_ms"].is_number_integer());
    EXPECT_THAT(entry["timestamp"].get<std::string>(), ::testing::MatchesRegex("2024-01-25T10:00:[0-9][0-9]Z"));
    EXPECT_THAT(response.headers, ::testing::Contains(std::pair<std::string, std::string>("X-Total-Count", "4")));

    response = plugin().get_logs(get("/audit/logs", {{"limit", "2"}, {"offset", "1"}}));
    logs = json::parse(response.body);
    ASSERT_EQ(logs.size(), 2u);
    EXPECT_EQ(logs[0]["file_name"], "third.csv");
    EXPECT_EQ(logs[1]["file_name"], "second.csv");
    EXPECT_THAT(response.headers,
                ::testing::Contains(std::pair<std::string, std::string>(
                    "Link", "</audit/logs?limit=2&offset=3>; rel=\"next\", </audit/logs?limit=2&offset=0>; rel=\"prev\"")));

    logs = json::parse(plugin().get_logs(get("/audit/logs", {{"status", "failed"}})).body);
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_EQ(logs[0]["file_name"], "bad.csv");
    EXPECT_EQ(call([&] { return plugin().get_logs(get("/audit/logs", {{"limit", "0"}})); }).first, 422);
}

TEST_F(ForensicPluginTest, PruningRemovesFinishedScansPastTheRetention) {
    configure("history_retention_days", "1");
    ASSERT_EQ(post(scan_request("old.csv", ledger_csv())).first, 200);
    plugin().prune_history(kStart + 86'400'000 / 2);
    EXPECT_EQ(db_.query("SELECT id FROM forensic_scans").size(), 1u);
    plugin().prune_history(kStart + 2 * 86'400'000);
    EXPECT_EQ(db_.query("SELECT id FROM forensic_scans").size(), 0u);
}

} // namespace
} // namespace sentinel::forensic
