#include "detectors/text_normalise.hpp"
#include "detectors/text_scan.hpp"

#include <gtest/gtest.h>

namespace sentinel::security {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlus) {
    EXPECT_EQ(percent_decode("%27%20OR%201%3D1"), "' OR 1=1");
    EXPECT_EQ(percent_decode("q=a+b"), "q=a b");
    EXPECT_EQ(percent_decode("/search?x+y"), "/search?x y");
    EXPECT_EQ(percent_decode("..%2f..%2F"), "../../");
    EXPECT_EQ(percent_decode("%u0027x"), "'x");
}

TEST(PercentDecode, LeavesMalformedEscapesAlone) {
    EXPECT_EQ(percent_decode("100%"), "100%");
    EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
    EXPECT_EQ(percent_decode("%u20AC"), "%u20AC"); // not ASCII
    EXPECT_EQ(percent_decode(""), "");
}

TEST(PercentDecode, KeepsPlusOutsideQueryValues) {
    EXPECT_EQ(percent_decode("chmod u+s /tmp/x"), "chmod u+s /tmp/x");
    EXPECT_EQ(percent_decode("c++ build, then q=c+d"), "c++ build, then q=c d");
    EXPECT_EQ(percent_decode("a+union+select", true), "a union select");
}

TEST(PercentDecode, DecodesOnlyOnce) {
    EXPECT_EQ(percent_decode("%252e%252e%252f"), "%2e%2e%2f");
}

TEST(HtmlEntities, DecodesNamedAndNumericReferences) {
    EXPECT_EQ(decode_html_entities("&lt;script&gt;"), "<script>");
    EXPECT_EQ(decode_html_entities("&#39; or &#x27;"), "' or '");
    EXPECT_EQ(decode_html_entities("&#106avascript&colon;"), "javascript:");
    EXPECT_EQ(decode_html_entities("&#0000060;"), "<");
    EXPECT_EQ(decode_html_entities("&QUOT;"), "\"");
}

TEST(HtmlEntities, LeavesOtherAmpersandsAlone) {
    EXPECT_EQ(decode_html_entities("Tom & Jerry"), "Tom & Jerry");
    EXPECT_EQ(decode_html_entities("a=1&b=2"), "a=1&b=2");
    EXPECT_EQ(decode_html_entities("&#;&#x;&unknown;"), "&#;&#x;&unknown;");
    EXPECT_EQ(decode_html_entities("&#8364;"), "&#8364;"); // not ASCII
    EXPECT_EQ(decode_html_entities("trailing &"), "trailing &");
}

TEST(NormaliseForMatching, DecodesPercentThenEntitiesThenLowerCases) {
    EXPECT_EQ(normalise_for_matching("%26lt%3BSCRIPT%26gt%3B"), "<script>");
    EXPECT_EQ(normalise_for_matching("q=1+UNION+SELECT"), "q=1 union select");
    EXPECT_EQ(normalise_for_matching("Plain Text"), "plain text");
}

TEST(TextScan, FindWordRespectsBoundaries) {
    EXPECT_EQ(text::find_word("pseudo sudo", "sudo"), 7u);
    EXPECT_EQ(text::find_word("sudoku", "sudo"), std::string_view::npos);
    EXPECT_EQ(text::find_word("my_sudo", "sudo"), std::string_view::npos);
    EXPECT_EQ(text::find_name("sqlmap/1.7", "sqlmap"), 0u);
    EXPECT_EQ(text::find_name("nucleic", "nuclei"), std::string_view::npos);
    EXPECT_TRUE(text::word_at("union select", 6, "select"));
    EXPECT_FALSE(text::word_at("union selected", 6, "select"));
    EXPECT_FALSE(text::word_at("abc", 10, "x"));
}

} // namespace
} // namespace sentinel::security
