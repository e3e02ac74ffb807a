#include "query_params.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sentinel::kestra {
namespace {

using ::testing::HasSubstr;

sdk::Request with_query(sdk::Pairs query) {
    sdk::Request r;
    r.method = "GET";
    r.query = std::move(query);
    return r;
}

// The message of the 400 a parse throws; fails the test when it does not throw one.
std::string error_of(const sdk::Pairs& query, std::int64_t default_limit = 50, std::int64_t max_limit = 100) {
    try {
        parse_window(with_query(query), default_limit, max_limit);
    } catch (const sdk::HttpError& e) {
        EXPECT_EQ(e.status(), 400);
        return e.what();
    }
    ADD_FAILURE() << "no error";
    return {};
}

TEST(ParseWindow, Defaults) {
    auto w = parse_window(with_query({}), 50, 100);
    EXPECT_EQ(w.limit, 50);
    EXPECT_EQ(w.offset, 0);
    EXPECT_EQ(parse_window(with_query({}), 20, 100).limit, 20);
}

TEST(ParseWindow, AcceptsTheRange) {
    EXPECT_EQ(parse_window(with_query({{"limit", "1"}}), 50, 100).limit, 1);
    EXPECT_EQ(parse_window(with_query({{"limit", "100"}}), 50, 100).limit, 100);
    auto w = parse_window(with_query({{"limit", "5"}, {"offset", "40"}}), 50, 100);
    EXPECT_EQ(w.limit, 5);
    EXPECT_EQ(w.offset, 40);
    EXPECT_EQ(parse_window(with_query({{"offset", "0"}}), 50, 100).offset, 0);
}

TEST(ParseWindow, LastRepeatedValueWins) {
    EXPECT_EQ(parse_window(with_query({{"limit", "500"}, {"limit", "7"}}), 50, 100).limit, 7);
}

TEST(ParseWindow, RejectsBadLimitsWithoutClamping) {
    for (const char* bad : {"0", "101", "-1", "abc", "5x", "", " 5", "+5", "1.5", "99999999999999999999999"}) {
        EXPECT_THAT(error_of({{"limit", bad}}), HasSubstr("'limit' must be a whole number from 1 to 100")) << bad;
    }
}

TEST(ParseWindow, RejectsBadOffsets) {
    for (const char* bad : {"-1", "abc", "5x", ""}) {
        EXPECT_THAT(error_of({{"offset", bad}}), HasSubstr("'offset' must be a whole number from 0")) << bad;
    }
}

TEST(ParseWindow, NamesTheValueButShortensIt) {
    EXPECT_THAT(error_of({{"limit", "abc"}}), HasSubstr("got 'abc'"));
    const std::string msg = error_of({{"limit", std::string(1000, 'x')}});
    EXPECT_LT(msg.size(), 200U);
}

TEST(ParseChoice, AcceptsAllowedValuesAndRejectsOthers) {
    EXPECT_EQ(parse_choice(with_query({}), "type", {"alert", "info"}), std::nullopt);
    EXPECT_EQ(parse_choice(with_query({{"type", "alert"}}), "type", {"alert", "info"}), "alert");
    try {
        parse_choice(with_query({{"type", "ALERT"}}), "type", {"alert", "info", "warning"});
        FAIL() << "no error";
    } catch (const sdk::HttpError& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_THAT(e.what(), HasSubstr("'type' must be one of alert, info, warning"));
    }
}

} // namespace
} // namespace sentinel::kestra
