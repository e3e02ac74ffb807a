// Percent-decoding and query strings.
#include "http/url_codec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace sentinel::host {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

struct DecodeCase {
    std::string text;
    bool plus_is_space;
    std::string decoded;
};

class PercentDecode : public ::testing::TestWithParam<DecodeCase> {};

TEST_P(PercentDecode, DecodesValidText) {
    const auto& c = GetParam();
    EXPECT_EQ(percent_decode(c.text, c.plus_is_space), c.decoded) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Valid, PercentDecode,
    ::testing::Values(DecodeCase{"", false, ""}, DecodeCase{"plain", false, "plain"},
                      DecodeCase{"a%20b", false, "a b"}, DecodeCase{"%41%42%43", false, "ABC"},
                      DecodeCase{"%2f%2F", false, "//"}, DecodeCase{"%7e%7E", false, "~~"},
                      DecodeCase{"100%25", false, "100%"}, DecodeCase{"%41", false, "A"},
                      DecodeCase{"a+b", false, "a+b"}, DecodeCase{"a+b", true, "a b"},
                      DecodeCase{"%2B", true, "+"}, DecodeCase{"%2B+%2B", true, "+ +"},
                      DecodeCase{"%e2%9c%93", false, "\xe2\x9c\x93"}, // U+2713 CHECK MARK
                      DecodeCase{"caf%C3%A9", true, "caf\xc3\xa9"},
                      DecodeCase{"\xc3\xa9t\xc3\xa9", false, "\xc3\xa9t\xc3\xa9"}, // raw UTF-8 passes
                      DecodeCase{"%F0%9F%94%A5!", false, "\xf0\x9f\x94\xa5!"}));

TEST(PercentDecodeBytes, KeepsEmbeddedNulAndHighBytes) {
    EXPECT_EQ(percent_decode("a%00b", false), std::string("a\0b", 3));
    EXPECT_EQ(percent_decode("%FF%80", false), std::string("\xff\x80"));
}

class PercentDecodeRejects : public ::testing::TestWithParam<std::string> {};

TEST_P(PercentDecodeRejects, MalformedEscapes) {
    EXPECT_EQ(percent_decode(GetParam(), false), std::nullopt) << GetParam();
    EXPECT_EQ(percent_decode(GetParam(), true), std::nullopt) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Malformed, PercentDecodeRejects,
                         ::testing::Values("%", "%4", "a%4", "%zz", "%g0", "%0g", "abc%", "%%41", "%-1",
                                           "%+1", "ok%2", "%20%"));

TEST(ParseQuery, DecodesPairsInOrder) {
    EXPECT_THAT(*parse_query("a=1&b=x%20y&c"),
                ElementsAre(Pair("a", "1"), Pair("b", "x y"), Pair("c", "")));
}

TEST(ParseQuery, EmptyQueryAndEmptyPartsGiveNothing) {
    EXPECT_THAT(*parse_query(""), IsEmpty());
    EXPECT_THAT(*parse_query("&&&"), IsEmpty());
    EXPECT_THAT(*parse_query("&a=1&&b=2&"), ElementsAre(Pair("a", "1"), Pair("b", "2")));
}

TEST(ParseQuery, KeyWithoutEqualsHasAnEmptyValue) {
    EXPECT_THAT(*parse_query("verbose"), ElementsAre(Pair("verbose", "")));
    EXPECT_THAT(*parse_query("verbose=&x"), ElementsAre(Pair("verbose", ""), Pair("x", "")));
}

TEST(ParseQuery, RepeatedKeysKeepTheirOrder) {
    EXPECT_THAT(*parse_query("tag=b&tag=a&page=2&tag=c"),
                ElementsAre(Pair("tag", "b"), Pair("tag", "a"), Pair("page", "2"), Pair("tag", "c")));
}

TEST(ParseQuery, PlusIsASpaceAndOnlyTheFirstEqualsSplits) {
    EXPECT_THAT(*parse_query("q=a+b%2Bc&expr=x=y"), ElementsAre(Pair("q", "a b+c"), Pair("expr", "x=y")));
    EXPECT_THAT(*parse_query("na%6De=v%C3%A9"), ElementsAre(Pair("name", "v\xc3\xa9")));
    EXPECT_THAT(*parse_query("=value"), ElementsAre(Pair("", "value")));
}

TEST(ParseQuery, AnyMalformedPartFailsTheWholeQuery) {
    for (const char* query : {"a=%zz", "%4=1", "a=1&b=%", "ok=1&bad%=2", "a=1&b=%4"})
        EXPECT_EQ(parse_query(query), std::nullopt) << query;
}

} // namespace
} // namespace sentinel::host
