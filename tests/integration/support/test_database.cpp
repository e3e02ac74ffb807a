#include "support/test_database.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <stdexcept>

namespace sentinel::it {
namespace {

struct PgConnectionDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgConnection = std::unique_ptr<PGconn, PgConnectionDeleter>;
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

struct SqliteDeleter {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteDeleter>;

PgConnection pg_connect(const std::string& url) {
    PgConnection c(PQconnectdb(url.c_str()));
    if (!c || PQstatus(c.get()) != CONNECTION_OK)
        throw std::runtime_error("cannot connect to PostgreSQL: " + std::string(c ? PQerrorMessage(c.get()) : "out of memory"));
    return c;
}

PgResult pg_run(PGconn* c, const std::string& sql) {
    PgResult r(PQexec(c, sql.c_str()));
    auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw std::runtime_error("PostgreSQL: " + sql + ": " + PQerrorMessage(c));
    return r;
}

SqliteHandle sqlite_open(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    SqliteHandle db(raw);
    if (rc != SQLITE_OK)
        throw std::runtime_error("cannot open " + file.string() + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
    sqlite3_busy_timeout(raw, 10000);
    return db;
}

// The URL with its database name (the path after host:port) replaced.
std::string with_database(const std::string& url, const std::string& name) {
    auto authority = url.find("://");
    auto slash = url.find('/', authority == std::string::npos ? 0 : authority + 3);
    auto query = url.find('?');
    std::string base = url.substr(0, slash == std::string::npos ? std::min(query, url.size()) : slash);
    std::string rest = query == std::string::npos ? "" : url.substr(query);
    return base + "/" + name + rest;
}

std::string random_suffix() {
    std::random_device device;
    std::mt19937_64 rng((static_cast<std::uint64_t>(device()) << 32) ^ device() ^ static_cast<std::uint64_t>(getpid()));
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 12; ++i) out += kDigits[rng() % 16];
    return out;
}

} // namespace

const char* const kPostgresqlSkipMessage =
    "PostgreSQL instances are skipped: set SENTINEL_TEST_PG_URL, e.g. "
    "SENTINEL_TEST_PG_URL=$(bash scripts/pg-test-cluster.sh start /tmp/pg-it 55433 | tail -n 1)";

const char* backend_name(Backend backend) { return backend == Backend::Sqlite ? "sqlite" : "postgresql"; }

std::optional<std::string> postgresql_test_url() {
    const char* url = std::getenv("SENTINEL_TEST_PG_URL");
    if (!url || !*url) return std::nullopt;
    return std::string(url);
}

TestDatabase::TestDatabase(Backend backend, const std::filesystem::path& dir) : backend_(backend) {
    if (backend == Backend::Sqlite) {
        sqlite_file_ = dir / "sentinel.db";
        url_ = "sqlite:" + sqlite_file_.string();
        return;
    }
    auto admin = postgresql_test_url();
    if (!admin) throw std::runtime_error(kPostgresqlSkipMessage);
    admin_url_ = *admin;
    database_name_ = "sentinel_it_" + random_suffix();
    auto connection = pg_connect(admin_url_);
    pg_run(connection.get(), "CREATE DATABASE " + database_name_);
    url_ = with_database(admin_url_, database_name_);
}

TestDatabase::~TestDatabase() {
    if (database_name_.empty()) return;
    try {
        auto connection = pg_connect(admin_url_);
        pg_run(connection.get(), "DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
        std::cerr << "warning: could not drop test database " << database_name_ << ": " << e.what() << "\n";
    }
}

void TestDatabase::execute(const std::string& sql) const {
    if (backend_ == Backend::Postgresql) {
        pg_run(pg_connect(url_).get(), sql);
        return;
    }
    auto db = sqlite_open(sqlite_file_);
    char* message = nullptr;
    if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw std::runtime_error("SQLite: " + sql + ": " + text);
    }
}

std::vector<std::string> TestDatabase::column(const std::string& sql) const {
    std::vector<std::string> values;
    if (backend_ == Backend::Postgresql) {
        auto connection = pg_connect(url_);
        auto result = pg_run(connection.get(), sql);
        for (int row = 0; row < PQntuples(result.get()); ++row) values.emplace_back(PQgetvalue(result.get(), row, 0));
        return values;
    }
    auto db = sqlite_open(sqlite_file_);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        throw std::runtime_error("SQLite: " + sql + ": " + sqlite3_errmsg(db.get()));
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        auto text = sqlite3_column_text(raw, 0);
        values.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    if (rc != SQLITE_DONE) throw std::runtime_error("SQLite: " + sql + ": " + sqlite3_errmsg(db.get()));
    return values;
}

} // namespace sentinel::it
