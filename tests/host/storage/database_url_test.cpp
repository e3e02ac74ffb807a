// URL parsing and password hiding.
#include "storage/database.hpp"
#include "storage/database_url.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sentinel::host {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string sqlite_path(std::string_view url) {
    return std::get<SqliteTarget>(parse_database_url(url)).path;
}

TEST(DatabaseUrl, SqliteFormsGiveThePath) {
    EXPECT_EQ(sqlite_path("sqlite:data/sentinel.db"), "data/sentinel.db");
    EXPECT_EQ(sqlite_path("sqlite://data/sentinel.db"), "data/sentinel.db");
    EXPECT_EQ(sqlite_path("sqlite:///var/lib/sentinel/sentinel.db"), "/var/lib/sentinel/sentinel.db");
    EXPECT_EQ(sqlite_path("sqlite:/var/lib/sentinel.db"), "/var/lib/sentinel.db");
    EXPECT_EQ(sqlite_path("SQLite:x.db"), "x.db");
    EXPECT_TRUE(std::get<SqliteTarget>(parse_database_url("sqlite::memory:")).in_memory());
}

TEST(DatabaseUrl, SqliteWithoutPathIsRejected) {
    EXPECT_THROW(parse_database_url("sqlite:"), DbError);
    EXPECT_THROW(parse_database_url("sqlite://"), DbError);
}

TEST(DatabaseUrl, PostgresqlUrlBecomesQuotedConninfoWithDefaults) {
    for (const char* scheme : {"postgresql", "postgres"}) {
        const auto target = std::get<PostgresqlTarget>(
            parse_database_url(std::string(scheme) + "://sentinel:pa%27ss@db.example:6432/metrics?sslmode=disable"));
        EXPECT_THAT(target.conninfo, HasSubstr("host='db.example'"));
        EXPECT_THAT(target.conninfo, HasSubstr("port='6432'"));
        EXPECT_THAT(target.conninfo, HasSubstr("dbname='metrics'"));
        EXPECT_THAT(target.conninfo, HasSubstr("password='pa\\'ss'"));
        EXPECT_THAT(target.conninfo, HasSubstr("sslmode='disable'"));
        EXPECT_THAT(target.conninfo, HasSubstr("connect_timeout='10'"));
        EXPECT_EQ(target.display, "postgresql://sentinel@db.example:6432/metrics");
        EXPECT_EQ(target.password, "pa'ss");
    }
}

TEST(DatabaseUrl, ExplicitConnectTimeoutWins) {
    const auto target = std::get<PostgresqlTarget>(parse_database_url("postgresql://h/db?connect_timeout=3"));
    EXPECT_THAT(target.conninfo, HasSubstr("connect_timeout='3'"));
    EXPECT_THAT(target.conninfo, Not(HasSubstr("connect_timeout='10'")));
}

TEST(DatabaseUrl, UnknownSchemeIsRejectedWithoutThePassword) {
    try {
        parse_database_url("mysql://root:hunter2@localhost/db");
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Other);
        EXPECT_THAT(e.what(), HasSubstr("mysql://root:***@localhost/db"));
        EXPECT_THAT(e.what(), Not(HasSubstr("hunter2")));
    }
}

TEST(DatabaseUrl, MalformedPostgresqlUrlHidesThePassword) {
    try {
        parse_database_url("postgresql://u:sec%zzret@host/db");
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Other);
        EXPECT_THAT(e.what(), Not(HasSubstr("sec")));
    }
}

TEST(DatabaseUrl, RedactsUserinfoAndQueryPasswords) {
    EXPECT_EQ(redact_url("postgresql://u:p@h:1/db"), "postgresql://u:***@h:1/db");
    EXPECT_EQ(redact_url("postgresql://h/db?user=u&password=p&sslmode=require"),
              "postgresql://h/db?user=u&password=***&sslmode=require");
    EXPECT_EQ(redact_url("postgresql://u@h/db"), "postgresql://u@h/db");
    EXPECT_EQ(redact_url("sqlite:/tmp/x.db"), "sqlite:/tmp/x.db");
}

TEST(DatabaseOpen, UnknownSchemeIsAConfigurationError) {
    try {
        Database::open(DatabaseConfig{.url = "mongodb://u:topsecret@h/db"});
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Other);
        EXPECT_THAT(e.what(), HasSubstr("unsupported database URL"));
        EXPECT_THAT(e.what(), Not(HasSubstr("topsecret")));
    }
}

TEST(DatabaseOpen, UnreachablePostgresqlIsUnavailableWithoutThePassword) {
    try {
        Database::open(DatabaseConfig{.url = "postgresql://sentinel:s3cret-pw@127.0.0.1:1/sentinel?connect_timeout=2"});
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Unavailable);
        EXPECT_THAT(e.what(), HasSubstr("cannot connect to PostgreSQL at postgresql://sentinel@127.0.0.1:1/sentinel"));
        EXPECT_THAT(e.what(), HasSubstr("Connection refused"));
        EXPECT_THAT(e.what(), Not(HasSubstr("s3cret-pw")));
    }
}

TEST(DatabaseOpen, InvalidOptionsAreConfigurationErrors) {
    const auto kind_of = [](DatabaseConfig config) {
        try {
            Database::open(config);
        } catch (const DbError& e) {
            return e.kind();
        }
        return DbErrorKind::Constraint;  // "did not throw"
    };
    EXPECT_EQ(kind_of({.url = "sqlite::memory:", .sqlite_synchronous = "off"}), DbErrorKind::Other);
    EXPECT_EQ(kind_of({.url = "sqlite::memory:", .pool_size = 0}), DbErrorKind::Other);
}

}  // namespace
}  // namespace sentinel::host
