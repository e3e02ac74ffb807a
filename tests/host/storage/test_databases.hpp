// Scratch databases for the storage tests: every database test runs on SQLite (a temporary file)
// and on PostgreSQL (a fresh schema on the server named by SENTINEL_TEST_PG_URL, skipped when the
// variable is unset).
#pragma once

#include "storage/database.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::host::testing {

enum class Backend { Sqlite, Postgresql };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

// SENTINEL_TEST_PG_URL, if set and not empty.
std::optional<std::string> postgresql_test_url();

// One isolated database; removed again on destruction.
class ScratchDatabase {
public:
    explicit ScratchDatabase(Backend backend);
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    DatabaseConfig config(std::size_t pool_size = 4) const;
    std::unique_ptr<Database> open(std::size_t pool_size = 4) const;
    const std::filesystem::path& directory() const { return directory_; }  // SQLite only

private:
    Backend backend_;
    std::filesystem::path directory_;
    std::string url_;
    std::string schema_;  // PostgreSQL only
};

using Row = std::vector<DbValue>;

// The rows of a statement.
std::vector<Row> query(Database& db, std::string_view sql, std::initializer_list<DbValue> params = {});
std::vector<Row> query(Database::Transaction& tx, std::string_view sql, std::initializer_list<DbValue> params = {});
// The single value of a one-row, one-column result.
DbValue scalar(Database& db, std::string_view sql, std::initializer_list<DbValue> params = {});
std::int64_t count_rows(Database& db, const std::string& table);
bool table_exists(Database& db, const std::string& table);

// Runs every test of the fixture on both backends.
class BackendTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;
    void TearDown() override;

    Database& db() { return *db_; }
    Dialect dialect() const { return GetParam() == Backend::Sqlite ? Dialect::Sqlite : Dialect::Postgresql; }
    bool is_sqlite() const { return GetParam() == Backend::Sqlite; }

    std::optional<ScratchDatabase> scratch_;
    std::unique_ptr<Database> db_;
};

}  // namespace sentinel::host::testing

namespace sentinel::host {
void PrintTo(const Blob& blob, std::ostream* os);  // gtest finds it by ADL
}

#define SENTINEL_INSTANTIATE_FOR_BACKENDS(suite)                                                              \
    INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                                 \
                             ::testing::Values(::sentinel::host::testing::Backend::Sqlite,                    \
                                               ::sentinel::host::testing::Backend::Postgresql),               \
                             ::sentinel::host::testing::backend_name)
