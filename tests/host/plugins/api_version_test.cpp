// Plugin API versions: the strict "MAJOR.MINOR.PATCH" form and the host's compatibility rule.
#include "plugins/api_version.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace sentinel::host {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

ApiVersion version(unsigned major, unsigned minor, unsigned patch) { return ApiVersion{major, minor, patch}; }

TEST(ParseApiVersion, ReadsThreeNumbers) {
    const auto v = parse_api_version("1.0.0");
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->major, 1u);
    EXPECT_EQ(v->minor, 0u);
    EXPECT_EQ(v->patch, 0u);

    const auto big = parse_api_version("12.345.6789");
    ASSERT_TRUE(big.has_value());
    EXPECT_EQ(big->to_string(), "12.345.6789");
}

class ParseApiVersionRejects : public ::testing::TestWithParam<std::string> {};

TEST_P(ParseApiVersionRejects, AnythingButMajorMinorPatch) {
    EXPECT_EQ(parse_api_version(GetParam()), std::nullopt) << "'" << GetParam() << "'";
}

INSTANTIATE_TEST_SUITE_P(Malformed, ParseApiVersionRejects,
                         ::testing::Values("", "1", "1.0", "1.0.", "1.0.0.0", "a.b.c", "1.0.0-rc1",
                                           "1.0.0 ", " 1.0.0", "v1.0.0", "1..0", "1.-1.0", "-1.0.0",
                                           "1.0.x", "1,0,0", "99999999999.0.0"));

TEST(ApiVersionCompatibility, EqualVersionsAreCompatible) {
    EXPECT_EQ(incompatibility(version(1, 0, 0), version(1, 0, 0)), std::nullopt);
    EXPECT_EQ(incompatibility(version(1, 3, 2), version(1, 3, 2)), std::nullopt);
}

TEST(ApiVersionCompatibility, AnOlderPluginMinorOrAnyPatchIsCompatible) {
    EXPECT_EQ(incompatibility(version(1, 2, 0), version(1, 0, 0)), std::nullopt);
    EXPECT_EQ(incompatibility(version(1, 2, 0), version(1, 1, 9)), std::nullopt);
    EXPECT_EQ(incompatibility(version(1, 2, 0), version(1, 2, 7)), std::nullopt);
}

TEST(ApiVersionCompatibility, ANewerPluginMinorIsRefused) {
    const auto reason = incompatibility(version(1, 0, 0), version(1, 1, 0));
    ASSERT_TRUE(reason.has_value());
    EXPECT_THAT(*reason, AllOf(HasSubstr("1.1.0"), HasSubstr("1.0.0")));
}

TEST(ApiVersionCompatibility, ADifferentMajorIsRefusedNamingBothVersions) {
    const auto newer = incompatibility(version(1, 0, 0), version(99, 0, 0));
    ASSERT_TRUE(newer.has_value());
    EXPECT_THAT(*newer, AllOf(HasSubstr("99.0.0"), HasSubstr("1.0.0")));

    const auto older = incompatibility(version(2, 5, 0), version(1, 9, 0));
    ASSERT_TRUE(older.has_value());
    EXPECT_THAT(*older, AllOf(HasSubstr("1.9.0"), HasSubstr("2.5.0")));

    // Even a lower minor does not save a different major.
    EXPECT_TRUE(incompatibility(version(2, 0, 0), version(1, 0, 0)).has_value());
}

} // namespace
} // namespace sentinel::host
