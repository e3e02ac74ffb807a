// Forensic anomaly scans (spec 001, forensic plugin) against a real sentineld on SQLite and
// PostgreSQL: multipart uploads of CSV, XLS and XLSX files with known anomalies, the spec's
// response fields, malformed uploads, roles, asynchronous scans with progress, the upload size
// limit, and the scan history across a restart.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"
#include "support/paths.hpp"
#include "support/polling.hpp"

#include <gmock/gmock.h>

#include <cmath>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace sentinel::it {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using json = nlohmann::json;

const std::filesystem::path kFixtures = std::filesystem::path(__FILE__).parent_path() / "fixtures" / "forensic";
constexpr std::string_view kBoundary = "----sentinel-it-7d9f";

std::string multipart(const std::string& filename, const std::string& content, const std::string& field = "file") {
    std::string body;
    body += "--" + std::string(kBoundary) + "\r\n";
    body += "Content-Disposition: form-data; name=\"note\"\r\n\r\nquarterly audit\r\n";
    body += "--" + std::string(kBoundary) + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename + "\"\r\n";
    body += "Content-Type: application/octet-stream\r\n\r\n";
    body += content;
    body += "\r\n--" + std::string(kBoundary) + "--\r\n";
    return body;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// 2,000 rows of a ledger with three correlated amounts; data rows 100, 700 and 1500 (spreadsheet
// rows 101, 701, 1501) are far off.
std::string ledger_csv(char delimiter = ',') {
    std::mt19937 rng(11);
    std::normal_distribution<double> noise(0, 1);
    std::ostringstream out;
    out << "id" << delimiter << "vendor" << delimiter << "amount" << delimiter << "tax" << delimiter << "items\n";
    for (int i = 1; i <= 2000; ++i) {
        double amount = 500 + 50 * noise(rng), tax = amount * 0.2 + noise(rng), items = 10 + 2 * noise(rng);
        if (i == 100) amount = 25000;
        if (i == 700) tax = -900;
        if (i == 1500) items = 400;
        out << i << delimiter << "\"Vendor, " << (i % 7) << "\"" << delimiter << amount << delimiter << tax
            << delimiter << items << "\n";
    }
    return out.str();
}

class ForensicTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped()) return;
        use_plugins({product_plugin("forensic")});
        operator_ = create_key("OPERATOR", "auditor-ann");
        viewer_ = create_key("VIEWER", "viewer-vic");
    }
    void start(const std::string& forensic_config = "") {
        config_.extra += "\n[plugin.forensic]\n" + forensic_config;
        start_server();
        http_ = std::make_unique<HttpClient>(client().base_url(), 60s);
    }
    HttpResponse upload(const std::string& filename, const std::string& content, const std::string& query = "",
                        const std::string& key = "") {
        Headers h = {{"Authorization", "Bearer " + (key.empty() ? operator_ : key)},
                     {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}};
        return http_->request("POST", "/audit/scan" + query, h, multipart(filename, content));
    }
    static std::set<int> threat_rows(const json& result) {
        std::set<int> rows;
        for (const auto& t : result["threats"]) rows.insert(t["row"].get<int>());
        return rows;
    }
    std::string operator_, viewer_;
    std::unique_ptr<HttpClient> http_;
};

TEST_P(ForensicTest, CsvScanFindsTheInjectedAnomaliesInTheSpecsShape) {
    start();
    auto r = upload("audit_log.csv", ledger_csv(), "?method=statistical");
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 800);
    const auto result = r.json();
    EXPECT_EQ(result["total_scanned"], 2000);
    EXPECT_EQ(result["threshold_used"], 0.98);
    EXPECT_EQ(result["method"], "statistical");
    EXPECT_GE(result["threats_detected"].get<int>(), 3);
    const auto rows = threat_rows(result);
    for (int row : {101, 701, 1501}) EXPECT_TRUE(rows.count(row)) << "row " << row << " in " << r.body.substr(0, 800);
    // The strongest threat names the column that made it one.
    const auto& top = result["threats"][0];
    EXPECT_TRUE(top["score"].is_number());
    EXPECT_TRUE(top["reason"].is_string());
    ASSERT_FALSE(top["columns"].empty()) << top.dump();
    std::set<std::string> names;
    for (const auto& t : result["threats"]) {
        if (std::set<int>{101, 701, 1501}.count(t["row"].get<int>()))
            names.insert(t["columns"][0]["column"].get<std::string>());
    }
    EXPECT_EQ(names, (std::set<std::string>{"amount", "tax", "items"}));

    // The autoencoder finds them too; a stricter threshold reports fewer rows.
    auto ae = upload("audit_log.csv", ledger_csv(';'), "?method=autoencoder&threshold=0.995");
    ASSERT_EQ(ae.status, 200) << ae.body.substr(0, 800);
    EXPECT_EQ(ae.json()["method"], "autoencoder");
    EXPECT_EQ(ae.json()["threshold_used"], 0.995);
    EXPECT_LT(ae.json()["threats_detected"].get<int>(), result["threats_detected"].get<int>());
    const auto ae_rows = threat_rows(ae.json());
    for (int row : {101, 701, 1501}) EXPECT_TRUE(ae_rows.count(row)) << "autoencoder row " << row;
}

TEST_P(ForensicTest, SpreadsheetsScanWithTheRightAnomalies) {
    start();
    for (const char* name : {"ledger.xlsx", "ledger.xls"}) {
        auto r = upload(name, read_file(kFixtures / name), "?method=statistical&threshold=0.99");
        ASSERT_EQ(r.status, 200) << name << ": " << r.body.substr(0, 800);
        EXPECT_EQ(r.json()["total_scanned"], 300) << name;
        const auto rows = threat_rows(r.json());
        for (int row : {51, 151, 251}) EXPECT_TRUE(rows.count(row)) << name << " row " << row << ": " << r.body.substr(0, 600);
    }
}

TEST_P(ForensicTest, MalformedUploadsGetClearErrors) {
    start("max_upload_mb = 1\n");
    auto expect = [&](const HttpResponse& r, int status, const std::string& words) {
        EXPECT_EQ(r.status, status) << r.body;
        EXPECT_THAT(r.json().value("message", r.body), HasSubstr(words)) << r.body;
    };
    expect(upload("report.pdf", "%PDF-1.4"), 415, ".pdf");
    expect(upload("empty.csv", ""), 422, "empty");
    expect(upload("words.csv", "name,city\nann,paris\nbob,oslo\n"), 422, "numeric");
    expect(upload("broken.xlsx", "PK\x03\x04 this is not really a zip"), 422, "xlsx");
    expect(upload("broken.xls", "definitely not BIFF"), 422, "xls");
    expect(upload("big.csv", "a,b\n" + std::string(1100 * 1024, '1')), 413, "limit");
    // Not multipart, or no `file` field.
    auto plain = http_->request("POST", "/audit/scan", {{"Authorization", "Bearer " + operator_}, {"Content-Type", "text/csv"}},
                                ledger_csv());
    EXPECT_EQ(plain.status, 400) << plain.body;
    Headers h = {{"Authorization", "Bearer " + operator_},
                 {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}};
    EXPECT_EQ(http_->request("POST", "/audit/scan", h, multipart("a.csv", ledger_csv(), "attachment")).status, 400);
    EXPECT_EQ(upload("a.csv", ledger_csv(), "?threshold=1.5").status, 422);
    EXPECT_EQ(upload("a.csv", ledger_csv(), "?method=magic").status, 422);
    EXPECT_EQ(http_->get("/health").status, 200);
}

TEST_P(ForensicTest, RolesAreEnforced) {
    start();
    EXPECT_EQ(upload("a.csv", ledger_csv(), "", viewer_).status, 403);
    auto anonymous = http_->request("POST", "/audit/scan", {{"Content-Type", "multipart/form-data; boundary=x"}}, "--x--");
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(http_->get("/audit/logs").status, 401);
    EXPECT_EQ(http_->get("/audit/logs", bearer(viewer_)).status, 200);
}

TEST_P(ForensicTest, AsyncScanReportsProgressThenTheResult) {
    start();
    auto accepted = upload("audit_log.csv", ledger_csv(), "?async=true&method=statistical");
    ASSERT_EQ(accepted.status, 202) << accepted.body;
    const std::string id = accepted.json()["scan_id"].is_string() ? accepted.json()["scan_id"].get<std::string>()
                                                                   : accepted.json()["scan_id"].dump();
    const std::string status_url = accepted.json().value("status_url", "/audit/scan/" + id);
    json last;
    ASSERT_TRUE(eventually(
        [&] {
            auto r = http_->get(status_url, bearer(viewer_));
            if (r.status != 200) return false;
            last = r.json();
            EXPECT_GE(last["progress_percent"].get<double>(), 0);
            EXPECT_LE(last["progress_percent"].get<double>(), 100);
            return last["status"] == "done" || last["status"] == "failed";
        },
        60s))
        << last.dump();
    ASSERT_EQ(last["status"], "done") << last.dump();
    EXPECT_EQ(last["progress_percent"], 100);
    EXPECT_EQ(last["result"]["total_scanned"], 2000);
    EXPECT_TRUE(threat_rows(last["result"]).count(101));
    EXPECT_EQ(http_->get("/audit/scan/987654", bearer(viewer_)).status, 404);
}

TEST_P(ForensicTest, HistoryIsNewestFirstAndSurvivesARestart) {
    config_.sqlite_synchronous = "full";
    start();
    ASSERT_EQ(upload("first.csv", ledger_csv(), "?method=statistical").status, 200);
    ASSERT_EQ(upload("second.xlsx", read_file(kFixtures / "ledger.xlsx"), "?method=statistical").status, 200);
    auto logs = http_->get("/audit/logs", bearer(viewer_));
    ASSERT_EQ(logs.status, 200) << logs.body;
    const auto history = logs.json();
    ASSERT_TRUE(history.is_array());
    ASSERT_EQ(history.size(), 2u);
    const auto& newest = history[0];
    EXPECT_EQ(newest["file_name"], "second.xlsx");
    EXPECT_EQ(newest["total_scanned"], 300);
    EXPECT_EQ(newest["threshold_used"], 0.98);
    EXPECT_EQ(newest["scanned_by"], "auditor-ann");
    EXPECT_EQ(newest["method"], "statistical");
    EXPECT_TRUE(newest["threats_detected"].is_number_integer());
    EXPECT_TRUE(newest["duration_ms"].is_number());
    EXPECT_TRUE(newest["timestamp"].is_string());
    EXPECT_EQ(history[1]["file_name"], "first.csv");
    auto page = http_->get("/audit/logs?limit=1&offset=1", bearer(viewer_));
    ASSERT_EQ(page.status, 200);
    ASSERT_EQ(page.json().size(), 1u);
    EXPECT_EQ(page.json()[0]["file_name"], "first.csv");
    EXPECT_EQ(http_->get("/audit/logs?limit=0", bearer(viewer_)).status, 422);

    server().stop();
    start_server();
    http_ = std::make_unique<HttpClient>(client().base_url(), 60s);
    EXPECT_EQ(http_->get("/audit/logs", bearer(viewer_)).json(), history);
}

SENTINEL_IT_ON_BOTH_BACKENDS(ForensicTest);

} // namespace
} // namespace sentinel::it
