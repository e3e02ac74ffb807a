// Value and Row: the conversions both database backends make necessary, and NULL handling.
#include <sentinel/sdk/database.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>

namespace {

namespace sdk = sentinel::sdk;

TEST(Value, HoldsEachTypeItWasBuiltFrom) {
    EXPECT_TRUE(sdk::Value().is_null());
    EXPECT_TRUE(sdk::Value(nullptr).is_null());
    EXPECT_TRUE(sdk::Value(std::nullopt).is_null());
    EXPECT_TRUE(sdk::Value(std::optional<int>()).is_null());
    EXPECT_EQ(sdk::Value(std::optional<int>(4)), sdk::Value(4));
    EXPECT_EQ(sdk::Value(7u).storage(), sdk::Value::Storage(std::int64_t{7}));
    EXPECT_EQ(sdk::Value(true).storage(), sdk::Value::Storage(std::int64_t{1}));
    EXPECT_EQ(sdk::Value(false).storage(), sdk::Value::Storage(std::int64_t{0}));
    EXPECT_EQ(sdk::Value(1.5f).storage(), sdk::Value::Storage(1.5));
    EXPECT_EQ(sdk::Value("abc").storage(), sdk::Value::Storage(std::string("abc")));
    EXPECT_EQ(sdk::Value(std::string_view("ab")), sdk::Value(std::string("ab")));
    EXPECT_NE(sdk::Value(sdk::Blob{"ab"}), sdk::Value("ab"));
    EXPECT_NE(sdk::Value(1), sdk::Value(1.0));
}

TEST(Value, ConvertsNumericTextAndIntegersWhereNumbersAreAsked) {
    EXPECT_EQ(sdk::Value("42").as<std::int64_t>(), 42);
    EXPECT_EQ(sdk::Value("-7").as<int>(), -7);
    EXPECT_DOUBLE_EQ(sdk::Value("2.5").as<double>(), 2.5);
    EXPECT_DOUBLE_EQ(sdk::Value(3).as<double>(), 3.0);
    EXPECT_EQ(sdk::Value(9.0).as<std::int64_t>(), 9);
    EXPECT_EQ(sdk::Value(12).as<std::string>(), "12");
    EXPECT_TRUE(sdk::Value(1).as<bool>());
    EXPECT_FALSE(sdk::Value(0).as<bool>());
    EXPECT_EQ(sdk::Value("bytes").as<sdk::Blob>(), sdk::Blob{"bytes"});
    EXPECT_EQ(sdk::Value(sdk::Blob{std::string("a\0b", 3)}).as<std::string>(), std::string("a\0b", 3));
}

TEST(Value, NullAndMismatchedTypesThrow) {
    try {
        (void)sdk::Value().as<std::int64_t>();
        FAIL() << "NULL has no integer value";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "value is NULL");
    }
    EXPECT_THROW((void)sdk::Value().as<std::string>(), std::runtime_error);
    EXPECT_THROW((void)sdk::Value(sdk::Blob{"x"}).as<std::int64_t>(), std::runtime_error);
    EXPECT_THROW((void)sdk::Value(5).as<sdk::Blob>(), std::runtime_error);
    EXPECT_THROW((void)sdk::Value("not a number").as<std::int64_t>(), std::invalid_argument);
}

sdk::Row make_row() {
    auto columns = std::make_shared<const std::vector<std::string>>(
        std::vector<std::string>{"id", "name", "score", "note"});
    return sdk::Row(columns, {sdk::Value(1), sdk::Value("alpha"), sdk::Value(2), sdk::Value()});
}

TEST(Row, ReadsCellsByNameOrIndex) {
    const sdk::Row row = make_row();
    EXPECT_EQ(row.size(), 4u);
    EXPECT_EQ(row.columns().at(1), "name");
    EXPECT_EQ(row.get<std::int64_t>("id"), 1);
    EXPECT_EQ(row.get<std::string>("name"), "alpha");
    EXPECT_DOUBLE_EQ(row.get<double>("score"), 2.0);
    EXPECT_EQ(row.at(1), sdk::Value("alpha"));
    EXPECT_THROW((void)row.at(4), std::out_of_range);
    EXPECT_THROW((void)row.at("nope"), std::out_of_range);
}

TEST(Row, NullCellsAreOptionalOrAnError) {
    const sdk::Row row = make_row();
    EXPECT_TRUE(row.is_null("note"));
    EXPECT_FALSE(row.is_null("name"));
    EXPECT_EQ(row.get_optional<std::string>("note"), std::nullopt);
    EXPECT_EQ(row.get_optional<std::string>("name"), "alpha");
    try {
        (void)row.get<std::string>("note");
        FAIL() << "a NULL cell has no value";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "column 'note' is NULL");
    }
}

} // namespace
