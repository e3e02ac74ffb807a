#include "request_parameters.hpp"

#include <gmock/gmock.h>

namespace sentinel::forensic {
namespace {

sdk::Request with_query(sdk::Pairs query) {
    sdk::Request r;
    r.query = std::move(query);
    return r;
}

std::vector<std::string> invalid_fields(const sdk::Request& request, bool history) {
    try {
        if (history) parse_history_query(request);
        else parse_scan_parameters(request, 0.98);
    } catch (const sdk::HttpError& e) {
        EXPECT_EQ(e.status(), 422);
        std::vector<std::string> fields;
        for (const auto& [field, problems] : e.extra()["details"]["fieldErrors"].items()) fields.push_back(field);
        return fields;
    }
    return {};
}

TEST(ScanParameters, DefaultsToTheConfiguredThresholdAutoAndSynchronous) {
    const auto p = parse_scan_parameters(with_query({}), 0.97);
    EXPECT_DOUBLE_EQ(p.threshold, 0.97);
    EXPECT_EQ(p.method, "auto");
    EXPECT_FALSE(p.async);
}

TEST(ScanParameters, ReadsEveryParameter) {
    const auto p = parse_scan_parameters(with_query({{"threshold", "0.995"}, {"method", "statistical"}, {"async", "true"}}), 0.98);
    EXPECT_DOUBLE_EQ(p.threshold, 0.995);
    EXPECT_EQ(p.method, "statistical");
    EXPECT_TRUE(p.async);
    EXPECT_DOUBLE_EQ(parse_scan_parameters(with_query({{"threshold", "0.5"}}), 0.98).threshold, 0.5);
    EXPECT_DOUBLE_EQ(parse_scan_parameters(with_query({{"threshold", "0.9999"}}), 0.98).threshold, 0.9999);
}

TEST(ScanParameters, NamesEveryBadParameter) {
    EXPECT_THAT(invalid_fields(with_query({{"threshold", "0.49"}}), false), ::testing::ElementsAre("threshold"));
    EXPECT_THAT(invalid_fields(with_query({{"threshold", "1"}}), false), ::testing::ElementsAre("threshold"));
    EXPECT_THAT(invalid_fields(with_query({{"threshold", "0.9x"}}), false), ::testing::ElementsAre("threshold"));
    EXPECT_THAT(invalid_fields(with_query({{"threshold", "nan"}}), false), ::testing::ElementsAre("threshold"));
    EXPECT_THAT(invalid_fields(with_query({{"threshold", "2"}, {"method", "magic"}, {"async", "yes"}}), false),
                ::testing::ElementsAre("async", "method", "threshold"));
}

TEST(HistoryQuery, DefaultsAndValues) {
    const auto d = parse_history_query(with_query({}));
    EXPECT_EQ(d.limit, 50);
    EXPECT_EQ(d.offset, 0);
    EXPECT_EQ(d.status, "");
    const auto q = parse_history_query(with_query({{"limit", "500"}, {"offset", "20"}, {"status", "failed"}}));
    EXPECT_EQ(q.limit, 500);
    EXPECT_EQ(q.offset, 20);
    EXPECT_EQ(q.status, "failed");
}

TEST(HistoryQuery, NamesEveryBadParameter) {
    EXPECT_THAT(invalid_fields(with_query({{"limit", "0"}}), true), ::testing::ElementsAre("limit"));
    EXPECT_THAT(invalid_fields(with_query({{"limit", "501"}}), true), ::testing::ElementsAre("limit"));
    EXPECT_THAT(invalid_fields(with_query({{"limit", "ten"}, {"offset", "-1"}, {"status", "lost"}}), true),
                ::testing::ElementsAre("limit", "offset", "status"));
}

} // namespace
} // namespace sentinel::forensic
