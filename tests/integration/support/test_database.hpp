// The database one sentineld instance runs on: a SQLite file in a test's temp dir, or a fresh
// PostgreSQL database (CREATE DATABASE sentinel_it_<random>, dropped WITH (FORCE) at the end) on
// the server named by SENTINEL_TEST_PG_URL.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sentinel::it {

enum class Backend { Sqlite, Postgresql };

const char* backend_name(Backend backend);
inline void PrintTo(Backend backend, std::ostream* out) { *out << backend_name(backend); } // for gtest

// SENTINEL_TEST_PG_URL, when set and not empty.
std::optional<std::string> postgresql_test_url();

// How to enable the PostgreSQL instances, for GTEST_SKIP messages.
extern const char* const kPostgresqlSkipMessage;

class TestDatabase {
public:
    // `dir` holds the SQLite file (unused for PostgreSQL). Throws if PostgreSQL is unavailable.
    TestDatabase(Backend backend, const std::filesystem::path& dir);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    Backend backend() const { return backend_; }
    const std::string& url() const { return url_; } // for sentineld --database-url
    const std::filesystem::path& sqlite_file() const { return sqlite_file_; }

    // Runs one statement directly on the database, bypassing sentineld.
    void execute(const std::string& sql) const;
    // The first column of every row, as text (NULL as "").
    std::vector<std::string> column(const std::string& sql) const;

private:
    Backend backend_;
    std::string url_;
    std::filesystem::path sqlite_file_;
    std::string admin_url_;     // PostgreSQL: where CREATE/DROP DATABASE run
    std::string database_name_; // PostgreSQL
};

} // namespace sentinel::it
