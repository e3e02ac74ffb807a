// Placeholder conversion, statement splitting, dialect tokens and bytea hex: pure text handling.
#include "storage/bytea_hex.hpp"
#include "storage/migrations.hpp"
#include "storage/placeholders.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sentinel::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ConvertedStatement sqlite(std::string_view sql) { return convert_placeholders(sql, Dialect::Sqlite); }
ConvertedStatement postgresql(std::string_view sql) { return convert_placeholders(sql, Dialect::Postgresql); }

TEST(Placeholders, NumbersEachQuestionMarkInOrder) {
    const auto converted = sqlite("INSERT INTO t (a, b, c) VALUES (?, ?,?)");
    EXPECT_EQ(converted.sql, "INSERT INTO t (a, b, c) VALUES (:p1, :p2,:p3)");
    EXPECT_EQ(converted.parameter_count, 3u);
}

TEST(Placeholders, StatementWithoutParametersIsUnchanged) {
    const auto converted = sqlite("SELECT count(*) FROM t");
    EXPECT_EQ(converted.sql, "SELECT count(*) FROM t");
    EXPECT_EQ(converted.parameter_count, 0u);
}

TEST(Placeholders, SkipsStringLiteralsIncludingDoubledQuotes) {
    const auto converted = sqlite("SELECT 'what?', 'it''s ?', ? FROM t");
    EXPECT_EQ(converted.sql, "SELECT 'what?', 'it''s ?', :p1 FROM t");
    EXPECT_EQ(converted.parameter_count, 1u);
}

TEST(Placeholders, SkipsQuotedIdentifiers) {
    const auto converted = sqlite(R"(SELECT "odd?name", "a""?" FROM t WHERE x = ?)");
    EXPECT_EQ(converted.sql, R"(SELECT "odd?name", "a""?" FROM t WHERE x = :p1)");
    EXPECT_EQ(converted.parameter_count, 1u);
}

TEST(Placeholders, SkipsCommentsAndKeepsThemOnSqlite) {
    const auto converted = sqlite("SELECT ? -- why?\n, /* or? */ ?");
    EXPECT_EQ(converted.sql, "SELECT :p1 -- why?\n, /* or? */ :p2");
    EXPECT_EQ(converted.parameter_count, 2u);
}

TEST(Placeholders, ReplacesCommentsBySpaceOnPostgresqlSoSociSeesNoColonWords) {
    const auto converted = postgresql("SELECT ? -- note:why?\n, /* x:y? /* nested? */ */ ?");
    EXPECT_EQ(converted.sql, "SELECT :p1  \n,   :p2");
    EXPECT_EQ(converted.parameter_count, 2u);
}

TEST(Placeholders, LeavesPostgresqlCastsAlone) {
    const auto converted = postgresql("SELECT ?::bigint, x::text FROM t WHERE y = ?::int");
    EXPECT_EQ(converted.sql, "SELECT :p1::bigint, x::text FROM t WHERE y = :p2::int");
    EXPECT_EQ(converted.parameter_count, 2u);
}

TEST(Placeholders, LeavesPostgresqlDollarQuotedBodiesAlone) {
    const auto converted = postgresql("SELECT $$a?b$$, $fn$ ? $$ ? $fn$, ?");
    EXPECT_EQ(converted.sql, "SELECT $$a?b$$, $fn$ ? $$ ? $fn$, :p1");
    EXPECT_EQ(converted.parameter_count, 1u);
}

TEST(Placeholders, PositionalDollarParameterIsNotADollarQuote) {
    const auto converted = postgresql("SELECT $1, ?, $2");
    EXPECT_EQ(converted.sql, "SELECT $1, :p1, $2");
}

TEST(Placeholders, PostgresqlEscapeStringsMayHoldEscapedQuotes) {
    const auto converted = postgresql(R"(SELECT E'it\'s ?', ?)");
    EXPECT_EQ(converted.sql, R"(SELECT E'it\'s ?', :p1)");
    EXPECT_EQ(converted.parameter_count, 1u);
}

TEST(Placeholders, DollarSignsAreOrdinaryOnSqlite) {
    EXPECT_EQ(sqlite("SELECT $$?$$").parameter_count, 1u);
}

TEST(Placeholders, UnterminatedLiteralSwallowsTheRest) {
    EXPECT_EQ(sqlite("SELECT 'abc ?").parameter_count, 0u);
}

TEST(Placeholders, RejectsNumberedPlaceholders) {
    try {
        sqlite("SELECT ?1");
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Other);
        EXPECT_THAT(e.what(), HasSubstr("?1"));
    }
}

TEST(Placeholders, ParameterCountMismatchIsAClearError) {
    const auto converted = sqlite("SELECT ?, ?");
    EXPECT_NO_THROW(check_parameter_count(converted, 2));
    try {
        check_parameter_count(converted, 3);
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Other);
        EXPECT_STREQ(e.what(), "statement has 2 '?' placeholder(s) but 3 parameter(s) were given");
    }
}

TEST(SplitSqlStatements, SplitsAtSemicolonsAndTrims) {
    EXPECT_THAT(split_sql_statements("CREATE TABLE a (x INT);\n  INSERT INTO a VALUES (1) ;SELECT 1"),
                ElementsAre("CREATE TABLE a (x INT)", "INSERT INTO a VALUES (1)", "SELECT 1"));
}

TEST(SplitSqlStatements, DropsEmptyAndCommentOnlyStatements) {
    EXPECT_THAT(split_sql_statements(";; SELECT 1;  ;\n-- trailing note\n/* and this */"), ElementsAre("SELECT 1"));
    EXPECT_TRUE(split_sql_statements("  \n ").empty());
}

TEST(SplitSqlStatements, KeepsCommentsInsideAStatement) {
    EXPECT_THAT(split_sql_statements("-- head\nSELECT 1 /* ; */; SELECT 2 -- tail; really\n"),
                ElementsAre("-- head\nSELECT 1 /* ; */", "SELECT 2 -- tail; really"));
}

TEST(SplitSqlStatements, IgnoresSemicolonsInLiteralsAndIdentifiers) {
    EXPECT_THAT(split_sql_statements(R"(INSERT INTO t VALUES ('a;b', 'it''s;'); SELECT "x;y" FROM t)"),
                ElementsAre(R"(INSERT INTO t VALUES ('a;b', 'it''s;'))", R"(SELECT "x;y" FROM t)"));
}

TEST(SplitSqlStatements, IgnoresSemicolonsInEscapeStrings) {
    EXPECT_THAT(split_sql_statements(R"(SELECT E'\';'; SELECT 2)"), ElementsAre(R"(SELECT E'\';')", "SELECT 2"));
}

TEST(SplitSqlStatements, KeepsDollarQuotedFunctionBodiesWhole) {
    const std::string function = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN PERFORM 1; RETURN 2; END; $body$ "
                                 "LANGUAGE plpgsql";
    EXPECT_THAT(split_sql_statements(function + "; SELECT $$;$$"), ElementsAre(function, "SELECT $$;$$"));
}

TEST(SplitSqlStatements, KeepsTriggerBodiesWhole) {
    const std::string trigger = "CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN UPDATE t SET n = n + 1; "
                                "INSERT INTO log VALUES (1); END";
    const std::string temp_trigger = "create temp trigger x after insert on t begin select 1; end";
    EXPECT_THAT(split_sql_statements(trigger + ";\nSELECT 1;" + temp_trigger + ";"),
                ElementsAre(trigger, "SELECT 1", temp_trigger));
}

TEST(DialectTokens, ReplacesSerialPrimaryKeyAndBlob) {
    const std::string sql = "CREATE TABLE t (id {{serial_pk}}, data {{blob}}, more {{blob}}, note TEXT DEFAULT '{x}')";
    EXPECT_EQ(apply_dialect_tokens(sql, Dialect::Sqlite),
              "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB, more BLOB, note TEXT DEFAULT '{x}')");
    EXPECT_EQ(apply_dialect_tokens(sql, Dialect::Postgresql),
              "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, data BYTEA, more BYTEA, note TEXT DEFAULT '{x}')");
}

TEST(ByteaHex, RoundTripsEveryByte) {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
    const std::string hex = encode_bytea_hex(bytes);
    EXPECT_EQ(hex.substr(0, 8), "\\x000102");
    EXPECT_EQ(hex.size(), 2 + 512u);
    EXPECT_EQ(decode_bytea_hex(hex), bytes);
    EXPECT_EQ(decode_bytea_hex("\\xDEADbeef"), "\xde\xad\xbe\xef");
    EXPECT_EQ(decode_bytea_hex("\\x"), "");
}

TEST(ByteaHex, RejectsOtherForms) {
    EXPECT_THROW(decode_bytea_hex("deadbeef"), DbError);
    EXPECT_THROW(decode_bytea_hex("\\xabc"), DbError);
    EXPECT_THROW(decode_bytea_hex("\\xzz"), DbError);
}

}  // namespace
}  // namespace sentinel::host
