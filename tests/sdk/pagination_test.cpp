// parse_page and the pagination body of every list endpoint.
#include <sentinel/sdk/pagination.hpp>

#include <gtest/gtest.h>

namespace {

namespace sdk = sentinel::sdk;
using nlohmann::json;

struct Parsed {
    sdk::PageRequest page;
    json field_errors;
};

Parsed parse(const sdk::Pairs& query, std::int64_t default_limit = 20, std::int64_t max_limit = 100) {
    sdk::ValidationErrors errors;
    const auto page = sdk::parse_page(query, default_limit, max_limit, errors);
    return {page, errors.details()["fieldErrors"]};
}

TEST(ParsePage, DefaultsToTheFirstPageOfTheDefaultSize) {
    const auto p = parse({{"unrelated", "1"}}, 25);
    EXPECT_EQ(p.page.page, 1);
    EXPECT_EQ(p.page.limit, 25);
    EXPECT_EQ(p.page.offset(), 0);
    EXPECT_TRUE(p.field_errors.empty());
}

TEST(ParsePage, ReadsPageAndLimit) {
    const auto p = parse({{"page", "3"}, {"limit", "10"}});
    EXPECT_EQ(p.page.page, 3);
    EXPECT_EQ(p.page.limit, 10);
    EXPECT_EQ(p.page.offset(), 20);
    EXPECT_TRUE(p.field_errors.empty());
}

TEST(ParsePage, AcceptsPageSizeAndPerPageAsSynonymsOfLimit) {
    EXPECT_EQ(parse({{"pageSize", "15"}}).page.limit, 15);
    EXPECT_EQ(parse({{"per_page", "16"}}).page.limit, 16);
    // The last of the synonyms wins, like a repeated key.
    EXPECT_EQ(parse({{"limit", "5"}, {"pageSize", "6"}, {"limit", "7"}}).page.limit, 7);
    EXPECT_EQ(parse({{"page", "2"}, {"page", "4"}}).page.page, 4);
}

TEST(ParsePage, AcceptsTheBounds) {
    EXPECT_EQ(parse({{"limit", "1"}}).page.limit, 1);
    EXPECT_EQ(parse({{"limit", "100"}}).page.limit, 100);
    EXPECT_EQ(parse({{"page", "1000000"}}).page.page, 1000000);
}

TEST(ParsePage, RejectsBadLimitsUnderTheNameTheClientUsed) {
    for (const char* bad : {"0", "101", "-1", "abc", "10x", "", " 5", "99999999999999999999"}) {
        const auto p = parse({{"limit", bad}});
        EXPECT_EQ(p.field_errors, json({{"limit", {"must be a whole number from 1 to 100"}}})) << bad;
        EXPECT_EQ(p.page.limit, 20) << bad;
    }
    EXPECT_TRUE(parse({{"pageSize", "0"}}).field_errors.contains("pageSize"));
    EXPECT_TRUE(parse({{"per_page", "500"}}).field_errors.contains("per_page"));
}

TEST(ParsePage, RejectsBadPagesAndFallsBackToDefaults) {
    for (const char* bad : {"0", "-2", "two", "1000001", "1.5"}) {
        const auto p = parse({{"page", bad}, {"limit", "50"}});
        EXPECT_TRUE(p.field_errors.contains("page")) << bad;
        EXPECT_EQ(p.page.page, 1) << bad;
        EXPECT_EQ(p.page.limit, 20) << bad;
    }
}

TEST(PaginationJson, ReportsTotalsWithTotalPagesRoundedUp) {
    const sdk::PageRequest p{2, 20};
    EXPECT_EQ(sdk::pagination_json(p, 41), json({{"page", 2}, {"limit", 20}, {"pageSize", 20},
                                                  {"total", 41}, {"totalPages", 3}}));
    EXPECT_EQ(sdk::pagination_json(p, 40)["totalPages"], 2);
    EXPECT_EQ(sdk::pagination_json(p, 1)["totalPages"], 1);
    EXPECT_EQ(sdk::pagination_json(p, 0)["totalPages"], 0);
}

TEST(PaginationJson, PaginatedWrapsTheItems) {
    const json body = sdk::paginated(json::array({1, 2}), sdk::PageRequest{1, 2}, 5);
    EXPECT_EQ(body["data"], json::array({1, 2}));
    EXPECT_EQ(body["pagination"]["totalPages"], 3);
    EXPECT_EQ(body.size(), 2u);
}

} // namespace
