#include "readers/csv_dialect.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sentinel::forensic {
namespace {

TEST(SniffDelimiter, FindsEachDelimiter) {
    EXPECT_EQ(sniff_delimiter("a,b,c\n1,2,3\n4,5,6\n"), ',');
    EXPECT_EQ(sniff_delimiter("a;b;c\n1;2;3\n4;5;6\n"), ';');
    EXPECT_EQ(sniff_delimiter("a\tb\tc\n1\t2\t3\n4\t5\t6\n"), '\t');
}

TEST(SniffDelimiter, SemicolonFilesWithDecimalCommas) {
    EXPECT_EQ(sniff_delimiter("amount;rate\n1,5;2,25\n3;4,75\n"), ';');
    EXPECT_EQ(sniff_delimiter("amount;rate\n1,5;2,5\n"), ';');
}

TEST(SniffDelimiter, IgnoresDelimitersInsideQuotes) {
    // Commas only inside quotes: the file is tab-separated.
    EXPECT_EQ(sniff_delimiter("name\tamount\n\"Smith, J\"\t5\n\"Doe, A, B\"\t6\n"), '\t');
    // A quoted field spanning lines does not make a record ragged.
    EXPECT_EQ(sniff_delimiter("a;b\n\"x\ny,z\";1\n2;3\n"), ';');
    // Text with commas in a comma file, when quoted, keeps ',' consistent.
    EXPECT_EQ(sniff_delimiter("a,b\n\"1;2;3\",4\n5,6\n"), ',');
}

TEST(SniffDelimiter, PrefersTheConsistentCandidate) {
    // Unquoted commas inside tab-separated text make ',' ragged.
    EXPECT_EQ(sniff_delimiter("name\tamount\nSmith, J\t5\nDoe\t6\nRoe, A, B\t7\n"), '\t');
}

TEST(SniffDelimiter, HandlesCrlfAndBlankLines) {
    EXPECT_EQ(sniff_delimiter("a;b\r\n1;2\r\n\r\n3;4\r\n"), ';');
}

TEST(SniffDelimiter, SingleColumnDefaultsToComma) {
    EXPECT_EQ(sniff_delimiter("amount\n1\n2\n"), ',');
    EXPECT_EQ(sniff_delimiter(""), ',');
}

TEST(SniffDelimiter, IgnoresARecordCutByTheSampleEnd) {
    std::string text = "a;b\n";
    while (text.size() < kSniffBytes - 2) text += "1;2\n";
    text += "1;2;3;4;5;6;7;8;9\n"; // straddles the sample end
    EXPECT_EQ(sniff_delimiter(text), ';');
}

TEST(WithoutUtf8Bom, StripsOnlyALeadingBom) {
    EXPECT_EQ(without_utf8_bom("\xEF\xBB\xBF" "a,b"), "a,b");
    EXPECT_EQ(without_utf8_bom("a,b"), "a,b");
    EXPECT_EQ(without_utf8_bom("\xEF\xBB"), "\xEF\xBB");
}

} // namespace
} // namespace sentinel::forensic
