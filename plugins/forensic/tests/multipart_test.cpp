#include "multipart.hpp"

#include <gmock/gmock.h>

namespace sentinel::forensic {
namespace {

TEST(MultipartBoundary, ReadsQuotedAndBareBoundaries) {
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc123"), "abc123");
    EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\""), "a b:c");
    EXPECT_EQ(multipart_boundary("application/json"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary="), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/mixed; boundary=x"), std::nullopt);
}

TEST(ParseMultipart, FindsEveryPartWithNamesFileNamesAndExactContent) {
    const std::string body =
        "preamble to ignore\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
        "hello\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"q\\\"4\\\".csv\"\r\n"
        "Content-Type: text/csv\r\n\r\n"
        "a,b\r\n1,2\r\n--XyZnot-a-boundary\r\n"
        "\r\n--XyZ--\r\n"
        "epilogue";
    const auto parts = parse_multipart(body, "XyZ");
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "note");
    EXPECT_FALSE(parts[0].filename.has_value());
    EXPECT_EQ(parts[0].content, "hello");
    EXPECT_EQ(parts[1].name, "file");
    EXPECT_EQ(parts[1].filename, "q\"4\".csv");
    EXPECT_EQ(parts[1].content, "a,b\r\n1,2\r\n--XyZnot-a-boundary\r\n");
}

TEST(ParseMultipart, AcceptsAnEmptyFile) {
    const auto parts = parse_multipart("--b\r\nContent-Disposition: form-data; name=file; filename=e.csv\r\n\r\n\r\n--b--", "b");
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].filename, "e.csv");
    EXPECT_TRUE(parts[0].content.empty());
}

TEST(ParseMultipart, RefusesMalformedBodies) {
    EXPECT_THROW(parse_multipart("no boundary here", "b"), std::invalid_argument);
    EXPECT_THROW(parse_multipart("--b\r\nContent-Disposition: form-data; name=file\r\n\r\ntruncated", "b"), std::invalid_argument);
    EXPECT_THROW(parse_multipart("--b\r\nContent-Disposition: form-data; name=file", "b"), std::invalid_argument);
    EXPECT_THROW(parse_multipart("--b\r\nX-Other: 1\r\n\r\nx\r\n--b--", "b"), std::invalid_argument);
    EXPECT_THROW(parse_multipart("--b\r\nbroken header\r\n\r\nx\r\n--b--", "b"), std::invalid_argument);
    EXPECT_THROW(parse_multipart("--b\r\nContent-Disposition: attachment; name=file\r\n\r\nx\r\n--b--", "b"), std::invalid_argument);
    EXPECT_THROW(parse_multipart("--b\r\nContent-Disposition: form-data; name=\"file\r\n\r\nx\r\n--b--", "b"), std::invalid_argument);
}

} // namespace
} // namespace sentinel::forensic
