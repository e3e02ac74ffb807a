#include "test_databases.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <unistd.h>

namespace sentinel::host::testing {
namespace {

std::string unique_suffix() {
    static std::atomic<int> counter{0};
    std::random_device random;
    return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(random() % 100000);
}

std::unique_ptr<Database> open_admin(const std::string& url) {
    return Database::open(DatabaseConfig{.url = url, .pool_size = 1});
}

std::vector<Row> collect(const auto& run) {
    std::vector<Row> rows;
    run([&](const std::vector<std::string>&, const std::vector<DbValue>& values) {
        rows.push_back(values);
        return true;
    });
    return rows;
}

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::Sqlite ? "Sqlite" : "Postgresql";
}

std::optional<std::string> postgresql_test_url() {
    const char* url = std::getenv("SENTINEL_TEST_PG_URL");
    if (url == nullptr || *url == '\0') return std::nullopt;
    return std::string(url);
}

ScratchDatabase::ScratchDatabase(Backend backend) : backend_(backend) {
    spdlog::set_level(spdlog::level::warn);  // "opened ...", "applied migration ..." would drown the test output
    if (backend == Backend::Sqlite) {
        directory_ = std::filesystem::temp_directory_path() / ("sentinel_storage_" + unique_suffix());
        std::filesystem::create_directories(directory_);
        url_ = "sqlite:" + (directory_ / "sentinel.db").string();
        return;
    }
    const std::string base = postgresql_test_url().value();
    schema_ = "storage_test_" + unique_suffix();
    open_admin(base)->execute("CREATE SCHEMA " + schema_);
    // libpq's options parameter sets search_path for every pooled connection.
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
}

ScratchDatabase::~ScratchDatabase() {
    try {
        if (backend_ == Backend::Sqlite) {
            std::filesystem::remove_all(directory_);
        } else {
            open_admin(postgresql_test_url().value())->execute("DROP SCHEMA " + schema_ + " CASCADE");
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "warning: could not remove scratch database: %s\n", e.what());
    }
}

DatabaseConfig ScratchDatabase::config(std::size_t pool_size) const {
    return DatabaseConfig{.url = url_, .pool_size = pool_size};
}

std::unique_ptr<Database> ScratchDatabase::open(std::size_t pool_size) const {
    return Database::open(config(pool_size));
}

std::vector<Row> query(Database& db, std::string_view sql, std::initializer_list<DbValue> params) {
    return collect([&](const DbRowHandler& handler) { db.execute(sql, params, handler); });
}

std::vector<Row> query(Database::Transaction& tx, std::string_view sql, std::initializer_list<DbValue> params) {
    return collect([&](const DbRowHandler& handler) { tx.execute(sql, params, handler); });
}

DbValue scalar(Database& db, std::string_view sql, std::initializer_list<DbValue> params) {
    const std::vector<Row> rows = query(db, sql, params);
    if (rows.size() != 1 || rows[0].size() != 1) {
        throw std::runtime_error("expected one value from: " + std::string(sql));
    }
    return rows[0][0];
}

std::int64_t count_rows(Database& db, const std::string& table) {
    return std::get<std::int64_t>(scalar(db, "SELECT count(*) FROM " + table));
}

bool table_exists(Database& db, const std::string& table) {
    const std::string sql = db.dialect() == Dialect::Sqlite
                                ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
                                : "SELECT count(*) FROM information_schema.tables "
                                  "WHERE table_schema = current_schema() AND table_name = ?";
    return std::get<std::int64_t>(scalar(db, sql, {table})) > 0;
}

void BackendTest::SetUp() {
    if (GetParam() == Backend::Postgresql && !postgresql_test_url()) {
        GTEST_SKIP() << "SENTINEL_TEST_PG_URL is not set: PostgreSQL variant skipped "
                        "(scripts/pg-test-cluster.sh start <dir> <port> prints a URL to use)";
    }
    scratch_.emplace(GetParam());
    db_ = scratch_->open();
}

void BackendTest::TearDown() {
    db_.reset();
    scratch_.reset();
}

}  // namespace sentinel::host::testing

namespace sentinel::host {

void PrintTo(const Blob& blob, std::ostream* os) {
    *os << "Blob{" << blob.bytes.size() << " bytes:";
    for (const char c : blob.bytes) {
        static constexpr char digits[] = "0123456789abcdef";
        const auto byte = static_cast<unsigned char>(c);
        *os << ' ' << digits[byte >> 4] << digits[byte & 0xf];
    }
    *os << '}';
}

}  // namespace sentinel::host
