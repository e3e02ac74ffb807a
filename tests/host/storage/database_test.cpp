// Database behaviour that must be the same on SQLite and PostgreSQL.
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "test_databases.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

namespace sentinel::host::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();

class DatabaseTest : public BackendTest {
protected:
    void create_values_table() {
        db().execute(apply_dialect_tokens(
            "CREATE TABLE vals (id {{serial_pk}}, i BIGINT, d DOUBLE PRECISION, t TEXT, b {{blob}})", dialect()));
    }
    void create_items_table() {
        db().execute(apply_dialect_tokens("CREATE TABLE items (id {{serial_pk}}, name TEXT NOT NULL UNIQUE, "
                                          "n INTEGER, CHECK (n IS NULL OR n >= 0))",
                                          dialect()));
    }

    DbErrorKind error_kind_of(std::string_view sql, std::initializer_list<DbValue> params = {}) {
        try {
            db().execute(sql, params);
        } catch (const DbError& e) {
            return e.kind();
        }
        ADD_FAILURE() << "no error from: " << sql;
        return DbErrorKind::Other;
    }
};

TEST_P(DatabaseTest, ReportsItsDialect) {
    EXPECT_EQ(db().dialect(), dialect());
    EXPECT_STREQ(db().dialect_name(), is_sqlite() ? "sqlite" : "postgresql");
}

TEST_P(DatabaseTest, RoundTripsEveryValueType) {
    create_values_table();
    const std::string unicode = "héllo wörld ✓ 日本語 🎉 \u00a0end";
    const Blob binary{std::string("\x00\x01\x7f\x80\xff zero\x00inside", 17)};
    const std::string insert = "INSERT INTO vals (i, d, t, b) VALUES (?, ?, ?, ?)";
    EXPECT_EQ(db().execute(insert, {int64_max, 0.1, unicode, binary}), 1);
    EXPECT_EQ(db().execute(insert, {int64_min, -1.7976931348623157e308, std::string(), Blob{}}), 1);
    EXPECT_EQ(db().execute(insert, {std::int64_t{0}, 1.0 / 3.0, "it's \"quoted\" ? :p1 \\x00", Blob{"\\x41"}}), 1);
    EXPECT_EQ(db().execute(insert, {DbValue{}, DbValue{}, DbValue{}, DbValue{}}), 1);

    const auto rows = query(db(), "SELECT i, d, t, b FROM vals ORDER BY id");
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0], (Row{int64_max, 0.1, unicode, binary}));
    EXPECT_EQ(rows[1], (Row{int64_min, -1.7976931348623157e308, std::string(), Blob{}}));
    EXPECT_EQ(rows[2], (Row{std::int64_t{0}, 1.0 / 3.0, "it's \"quoted\" ? :p1 \\x00", Blob{"\\x41"}}));
    EXPECT_EQ(rows[3], (Row{DbValue{}, DbValue{}, DbValue{}, DbValue{}}));
}

TEST_P(DatabaseTest, ParametersWorkInWhereClausesForEveryType) {
    create_values_table();
    db().execute("INSERT INTO vals (i, d, t, b) VALUES (?, ?, ?, ?)", {int64_max, 2.5, "ünï", Blob{"\x01\x02"}});
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM vals WHERE i = ?", {int64_max}), DbValue{std::int64_t{1}});
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM vals WHERE d = ?", {2.5}), DbValue{std::int64_t{1}});
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM vals WHERE t = ?", {"ünï"}), DbValue{std::int64_t{1}});
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM vals WHERE b = ?", {Blob{"\x01\x02"}}), DbValue{std::int64_t{1}});
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM vals WHERE t = ?", {"unï"}), DbValue{std::int64_t{0}});
}

TEST_P(DatabaseTest, ColumnNamesReachTheHandler) {
    create_items_table();
    db().execute("INSERT INTO items (name, n) VALUES ('a', 1)");
    std::vector<std::string> seen;
    db().execute("SELECT name AS item_name, n FROM items", {}, [&](const auto& columns, const auto&) {
        seen = columns;
        return true;
    });
    EXPECT_THAT(seen, ElementsAre("item_name", "n"));
}

TEST_P(DatabaseTest, InsertReturningGivesTheGeneratedId) {
    create_items_table();
    std::vector<Row> ids;
    const auto keep = [&](const auto&, const std::vector<DbValue>& values) {
        ids.push_back(values);
        return true;
    };
    EXPECT_EQ(db().execute("INSERT INTO items (name) VALUES (?) RETURNING id", {"first"}, keep), 1);
    EXPECT_EQ(db().execute("INSERT INTO items (name) VALUES (?) RETURNING id, name", {"second"}, keep), 1);
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_EQ(ids[0], (Row{std::int64_t{1}}));
    EXPECT_EQ(ids[1], (Row{std::int64_t{2}, "second"}));
    // Without a handler the insert still happens.
    EXPECT_EQ(db().execute("INSERT INTO items (name) VALUES (?) RETURNING id", {"third"}), 1);
    EXPECT_EQ(count_rows(db(), "items"), 3);
}

TEST_P(DatabaseTest, ReturnsAffectedRowsOnlyForWrites) {
    create_items_table();
    for (const char* name : {"a", "b", "c"}) EXPECT_EQ(db().execute("INSERT INTO items (name) VALUES (?)", {name}), 1);
    EXPECT_EQ(db().execute("UPDATE items SET n = 5"), 3);
    EXPECT_EQ(db().execute("SELECT * FROM items"), 0);
    EXPECT_EQ(db().execute("UPDATE items SET n = 6 WHERE name = ?", {"nope"}), 0);
    EXPECT_EQ(db().execute("DELETE FROM items WHERE name <> ?", {"a"}), 2);
    EXPECT_EQ(db().execute("CREATE TABLE other (x INTEGER)"), 0);
}

TEST_P(DatabaseTest, AggregatesAndExpressionsComeBackTyped) {
    create_items_table();
    EXPECT_EQ(query(db(), "SELECT count(*), max(n), min(name) FROM items"),
              (std::vector<Row>{{std::int64_t{0}, DbValue{}, DbValue{}}}));
    for (int i = 1; i <= 3; ++i) {
        db().execute("INSERT INTO items (name, n) VALUES (?, ?)", {"item" + std::to_string(i), std::int64_t{i}});
    }
    EXPECT_EQ(query(db(), "SELECT count(*), max(n), sum(n), avg(n), min(name) FROM items"),
              (std::vector<Row>{{std::int64_t{3}, std::int64_t{3}, std::int64_t{6}, 2.0, "item1"}}));
    EXPECT_EQ(query(db(), "SELECT 1 + 1, 2.5, 'x', NULL"), (std::vector<Row>{{std::int64_t{2}, 2.5, "x", DbValue{}}}));
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM items WHERE n > ?", {std::int64_t{1}}), DbValue{std::int64_t{2}});
}

TEST_P(DatabaseTest, DatesComeBackAsIsoText) {
    if (is_sqlite()) {
        // SQLite has no date type: dates are text (or numbers) as stored.
        EXPECT_EQ(scalar(db(), "SELECT datetime('2024-02-03 04:05:06')"), DbValue{"2024-02-03 04:05:06"});
    } else {
        EXPECT_EQ(scalar(db(), "SELECT CAST('2024-02-03 04:05:06.789' AS TIMESTAMP)"), DbValue{"2024-02-03T04:05:06"});
        EXPECT_EQ(scalar(db(), "SELECT CAST('2024-02-03 04:05:06+02' AS TIMESTAMPTZ)"), DbValue{"2024-02-03T02:05:06"});
        EXPECT_EQ(scalar(db(), "SELECT CAST('2024-02-03' AS DATE)"), DbValue{"2024-02-03T00:00:00"});
    }
}

TEST_P(DatabaseTest, ConstraintViolationsAreReportedAsConstraint) {
    create_items_table();
    db().execute("CREATE TABLE tags (item_id INTEGER NOT NULL REFERENCES items (id), tag TEXT)");
    db().execute("INSERT INTO items (name, n) VALUES ('taken', 1)");
    EXPECT_EQ(error_kind_of("INSERT INTO items (name) VALUES (?)", {"taken"}), DbErrorKind::Constraint);
    EXPECT_EQ(error_kind_of("INSERT INTO items (name) VALUES (NULL)"), DbErrorKind::Constraint);
    EXPECT_EQ(error_kind_of("INSERT INTO items (name, n) VALUES ('neg', -1)"), DbErrorKind::Constraint);
    EXPECT_EQ(error_kind_of("INSERT INTO tags (item_id, tag) VALUES (?, 'x')", {std::int64_t{999}}),
              DbErrorKind::Constraint);
    EXPECT_EQ(count_rows(db(), "items"), 1);
    EXPECT_EQ(count_rows(db(), "tags"), 0);
}

TEST_P(DatabaseTest, OtherFailuresAreReportedAsOtherWithTheStatement) {
    try {
        db().execute("SELEC 1");
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Other);
        EXPECT_THAT(e.what(), HasSubstr("SELEC 1"));
    }
    EXPECT_EQ(error_kind_of("SELECT * FROM no_such_table"), DbErrorKind::Other);
    EXPECT_EQ(error_kind_of("SELECT ?, ?", {std::int64_t{1}}), DbErrorKind::Other);
    EXPECT_EQ(error_kind_of("SELECT 1; SELECT 2"), DbErrorKind::Other);
}

TEST_P(DatabaseTest, HandlerCanStopReadingEarly) {
    create_items_table();
    for (int i = 0; i < 5; ++i) db().execute("INSERT INTO items (name) VALUES (?)", {"n" + std::to_string(i)});
    int calls = 0;
    db().execute("SELECT name FROM items ORDER BY id", {}, [&](const auto&, const auto&) { return ++calls < 2; });
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(count_rows(db(), "items"), 5);  // the connection is still usable
}

TEST_P(DatabaseTest, CommittedTransactionIsVisible) {
    create_items_table();
    auto tx = db().begin();
    EXPECT_EQ(tx->execute("INSERT INTO items (name) VALUES (?)", {"a"}), 1);
    EXPECT_EQ(query(*tx, "SELECT name FROM items"), (std::vector<Row>{{"a"}}));
    EXPECT_EQ(count_rows(db(), "items"), 0);  // not yet visible to other connections
    tx->commit();
    EXPECT_FALSE(tx->is_open());
    EXPECT_EQ(count_rows(db(), "items"), 1);
    EXPECT_THROW(tx->commit(), DbError);
    EXPECT_THROW(tx->execute("SELECT 1"), DbError);
}

TEST_P(DatabaseTest, RolledBackTransactionLeavesNoTrace) {
    create_items_table();
    auto tx = db().begin();
    tx->execute("INSERT INTO items (name) VALUES (?)", {"a"});
    tx->rollback();
    EXPECT_FALSE(tx->is_open());
    EXPECT_NO_THROW(tx->rollback());
    EXPECT_EQ(count_rows(db(), "items"), 0);
}

TEST_P(DatabaseTest, DestroyingAnOpenTransactionRollsBack) {
    create_items_table();
    {
        auto tx = db().begin();
        tx->execute("INSERT INTO items (name) VALUES (?)", {"a"});
    }
    EXPECT_EQ(count_rows(db(), "items"), 0);
}

TEST_P(DatabaseTest, FailedStatementDoomsTheTransaction) {
    create_items_table();
    auto tx = db().begin();
    tx->execute("INSERT INTO items (name) VALUES (?)", {"a"});
    EXPECT_THROW(tx->execute("INSERT INTO items (name) VALUES (?)", {"a"}), DbError);
    EXPECT_THROW(tx->execute("INSERT INTO items (name) VALUES (?)", {"b"}), DbError);
    try {
        tx->commit();
        FAIL() << "commit after a failed statement must throw";
    } catch (const DbError& e) {
        EXPECT_THAT(e.what(), HasSubstr("earlier statement"));
    }
    EXPECT_FALSE(tx->is_open());
    EXPECT_EQ(count_rows(db(), "items"), 0);
}

TEST_P(DatabaseTest, PoolTimesOutWhenEveryConnectionIsBusy) {
    auto config = scratch_->config(1);
    config.acquire_timeout = std::chrono::milliseconds(50);
    const auto single = Database::open(config);
    const auto tx = single->begin();
    try {
        single->execute("SELECT 1");
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Unavailable);
        EXPECT_THAT(e.what(), HasSubstr("no database connection became free"));
    }
    tx->rollback();
    EXPECT_NO_THROW(single->execute("SELECT 1"));
}

TEST_P(DatabaseTest, PoolNeverHandsOutAConnectionInsideATransaction) {
    create_items_table();
    const auto single = scratch_->open(1);
    single->execute("BEGIN");  // misuse: the pool rolls it back when the connection returns
    single->execute("INSERT INTO items (name) VALUES ('autocommitted')");
    EXPECT_EQ(count_rows(db(), "items"), 1);
}

TEST_P(DatabaseTest, PingMeasuresARoundTrip) {
    const auto elapsed = db().ping();
    EXPECT_GE(elapsed.count(), 0);
    EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST_P(DatabaseTest, RowsSurviveClosingAndReopening) {
    create_items_table();
    db().execute("INSERT INTO items (name) VALUES ('kept')");
    {
        auto tx = db().begin();
        tx->execute("INSERT INTO items (name) VALUES ('kept too')");
        tx->commit();
    }
    db_.reset();
    db_ = scratch_->open();
    EXPECT_EQ(query(db(), "SELECT name FROM items ORDER BY id"), (std::vector<Row>{{"kept"}, {"kept too"}}));
}

SENTINEL_INSTANTIATE_FOR_BACKENDS(DatabaseTest);

// --- SQLite only -----------------------------------------------------------------------------

class SqliteDatabaseTest : public ::testing::Test {
protected:
    ScratchDatabase scratch_{Backend::Sqlite};
};

TEST_F(SqliteDatabaseTest, ConfiguresEveryConnection) {
    const auto db = scratch_.open();
    EXPECT_EQ(scalar(*db, "PRAGMA journal_mode"), DbValue{"wal"});
    EXPECT_EQ(scalar(*db, "PRAGMA foreign_keys"), DbValue{std::int64_t{1}});
    EXPECT_EQ(scalar(*db, "PRAGMA synchronous"), DbValue{std::int64_t{2}});  // FULL
    EXPECT_EQ(scalar(*db, "PRAGMA busy_timeout"), DbValue{std::int64_t{5000}});

    auto config = scratch_.config();
    config.sqlite_synchronous = "normal";
    config.busy_timeout = std::chrono::milliseconds(1234);
    const auto relaxed = Database::open(config);
    EXPECT_EQ(scalar(*relaxed, "PRAGMA synchronous"), DbValue{std::int64_t{1}});  // NORMAL
    EXPECT_EQ(scalar(*relaxed, "PRAGMA busy_timeout"), DbValue{std::int64_t{1234}});
}

TEST_F(SqliteDatabaseTest, CreatesMissingParentDirectories) {
    const auto path = scratch_.directory() / "nested dir" / "deeper" / "x y=z.db";
    const auto db = Database::open(DatabaseConfig{.url = "sqlite://" + path.string()});
    db->execute("CREATE TABLE t (x INTEGER)");
    EXPECT_TRUE(std::filesystem::exists(path));
}

TEST_F(SqliteDatabaseTest, UnopenableFilesAreUnavailable) {
    const auto not_a_directory = scratch_.directory() / "plain-file";
    std::ofstream(not_a_directory) << "x";
    const auto garbage = scratch_.directory() / "garbage.db";
    std::ofstream(garbage) << std::string(4096, 'g');
    for (const auto& path : {not_a_directory / "x.db", garbage}) {
        try {
            Database::open(DatabaseConfig{.url = "sqlite:" + path.string()});
            ADD_FAILURE() << "expected DbError for " << path;
        } catch (const DbError& e) {
            EXPECT_EQ(e.kind(), DbErrorKind::Unavailable);
            EXPECT_THAT(e.what(), HasSubstr(path.string()));
        }
    }
}

TEST_F(SqliteDatabaseTest, ExpressionColumnsWithoutDeclaredTypeAreTyped) {
    const auto db = scratch_.open();
    db->execute("CREATE TABLE t (n INTEGER, big INTEGER, untyped)");
    db->execute("INSERT INTO t VALUES (1, 9000000000, '42'), (2, -9000000000, 7)");
    EXPECT_EQ(query(*db, "SELECT max(big), min(big), total(n), typeof(untyped), max(untyped) FROM t"),
              (std::vector<Row>{{std::int64_t{9000000000}, std::int64_t{-9000000000}, 3.0, "text", "42"}}));
    EXPECT_EQ(query(*db, "SELECT untyped FROM t ORDER BY n"), (std::vector<Row>{{"42"}, {std::int64_t{7}}}));
}

TEST_F(SqliteDatabaseTest, InMemoryDatabaseKeepsItsTablesAcrossStatements) {
    const auto db = Database::open(DatabaseConfig{.url = "sqlite::memory:"});
    db->execute("CREATE TABLE t (x INTEGER)");
    db->execute("INSERT INTO t VALUES (1)");
    EXPECT_EQ(count_rows(*db, "t"), 1);
}

// --- PostgreSQL only -------------------------------------------------------------------------

class PostgresqlDatabaseTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!postgresql_test_url()) GTEST_SKIP() << "SENTINEL_TEST_PG_URL is not set: PostgreSQL test skipped";
        scratch_.emplace(Backend::Postgresql);
    }
    std::optional<ScratchDatabase> scratch_;
};

TEST_F(PostgresqlDatabaseTest, ReconnectsAfterTheServerDroppedTheConnection) {
    const auto db = scratch_->open(1);
    const DbValue pid = scalar(*db, "SELECT pg_backend_pid()");
    const auto killer = scratch_->open(1);
    EXPECT_EQ(scalar(*killer, "SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000)", {pid}),
              DbValue{std::int64_t{1}});  // boolean true

    int failures = 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            EXPECT_EQ(scalar(*db, "SELECT 40 + 2"), DbValue{std::int64_t{42}});
            break;
        } catch (const DbError& e) {
            ++failures;
            EXPECT_EQ(e.kind(), DbErrorKind::Unavailable) << e.what();
        }
    }
    EXPECT_LE(failures, 1);
    EXPECT_NE(scalar(*db, "SELECT pg_backend_pid()"), pid);
}

TEST_F(PostgresqlDatabaseTest, UrlParametersWithQuotesReachTheServer) {
    auto config = scratch_->config(1);
    config.url += "&application_name=it%27s%20a%5Ctest";
    const auto db = Database::open(config);
    EXPECT_EQ(scalar(*db, "SELECT current_setting('application_name')"), DbValue{"it's a\\test"});
}

TEST_F(PostgresqlDatabaseTest, TypesSociCannotReadAreAClearError) {
    const auto db = scratch_->open(1);
    try {
        db->execute("SELECT CAST('1 day' AS INTERVAL)", {}, [](const auto&, const auto&) { return true; });
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Other);
        EXPECT_THAT(e.what(), HasSubstr("unknown data type"));
    }
    EXPECT_EQ(scalar(*db, "SELECT CAST(CAST('1 day' AS INTERVAL) AS TEXT)"), DbValue{"1 day"});
    EXPECT_EQ(scalar(*db, "SELECT ARRAY[1, 2]"), DbValue{"{1,2}"});  // arrays arrive as text
}

}  // namespace
}  // namespace sentinel::host::testing
