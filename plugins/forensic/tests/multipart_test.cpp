#include "multipart.hpp"

#include <gmock/gmock.h>

namespace sentinel::forensic {
namespace {

std::string file_part(const std::string& boundary, const std::string& content, const std::string& name = "file",
                      const std::string& filename = "audit.csv") {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
           "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n";
}

std::string field_part(const std::string& boundary, const std::string& name, const std::string& value) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

TEST(MultipartBoundary, ReadsQuotedAndBareBoundaries) {
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc123"), "abc123");
    EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\""), "a b:c");
    EXPECT_EQ(multipart_boundary("multipart/form-data;boundary=----WebKitFormBoundary7MA4YWxk"),
              "----WebKitFormBoundary7MA4YWxk");
}

TEST(MultipartBoundary, RefusesOtherTypesAndMissingBoundaries) {
    EXPECT_EQ(multipart_boundary(""), std::nullopt);
    EXPECT_EQ(multipart_boundary("application/json"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary="), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"\""), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/mixed; boundary=x"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(201, 'x')), std::nullopt);
}

TEST(ParseMultipart, ReadsANormalUploadAsAViewIntoTheBody) {
    const std::string body = file_part("b0", "a,b\r\n1,2\r\n") + "--b0--\r\n";
    const auto parts = parse_multipart(body, "b0");
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].name, "file");
    EXPECT_EQ(parts[0].filename, "audit.csv");
    EXPECT_EQ(parts[0].content, "a,b\r\n1,2\r\n");
    EXPECT_GE(parts[0].content.data(), body.data());
    EXPECT_LE(parts[0].content.data() + parts[0].content.size(), body.data() + body.size());
}

TEST(ParseMultipart, KeepsOtherFieldsBeforeAndAfterTheFile) {
    const std::string body = field_part("zz", "note", "quarterly") + file_part("zz", "x\n1\n") +
                             field_part("zz", "owner", "ann") + "--zz--";
    const auto parts = parse_multipart(body, "zz");
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0].name, "note");
    EXPECT_FALSE(parts[0].filename.has_value());
    EXPECT_EQ(parts[0].content, "quarterly");
    EXPECT_EQ(parts[1].content, "x\n1\n");
    EXPECT_EQ(parts[2].name, "owner");
    EXPECT_EQ(parts[2].content, "ann");
}

TEST(ParseMultipart, SkipsPreambleAndEpilogue) {
    const std::string body = "This is a preamble.\r\n" + file_part("XyZ", "v\n9\n") + "--XyZ--\r\nand an epilogue\r\n";
    const auto parts = parse_multipart(body, "XyZ");
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].content, "v\n9\n");
}

TEST(ParseMultipart, IgnoresBoundaryLikeTextInsideTheFile) {
    const std::string content = "a\r\n--XyZnot-a-boundary\r\n--XyZ is here too\r\nXyZ--\r\n--Xy\r\n";
    const std::string body = file_part("XyZ", content) + "--XyZ--";
    const auto parts = parse_multipart(body, "XyZ");
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].content, content);
}

TEST(ParseMultipart, UnescapesQuotedFileNamesAndAcceptsBareOnes) {
    auto parts = parse_multipart(
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"q\\\"4\\\";x.csv\"\r\n\r\n1\r\n--b--", "b");
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].filename, "q\"4\";x.csv");
    parts = parse_multipart(
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\x\\a.csv\"\r\n\r\n1\r\n--b--", "b");
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].filename, "C:\\x\\a.csv");
    parts = parse_multipart("--b\r\ncontent-disposition: FORM-DATA; NAME=file; filename=e.csv\r\n\r\n\r\n--b--", "b");
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].name, "file");
    EXPECT_EQ(parts[0].filename, "e.csv");
    EXPECT_TRUE(parts[0].content.empty());
}

TEST(ParseMultipart, RefusesTruncatedBodies) {
    const std::string whole = file_part("b", "a,b\r\n1,2\r\n") + "--b--";
    for (const std::size_t cut : {std::size_t{3}, std::size_t{20}, std::size_t{60}, whole.size() - 8})
        EXPECT_THROW(parse_multipart(whole.substr(0, cut), "b"), std::invalid_argument) << "cut at " << cut;
}

TEST(ParseMultipart, RefusesMalformedBodies) {
    EXPECT_THROW(parse_multipart("", "b"), std::invalid_argument);
    EXPECT_THROW(parse_multipart("no boundary here", "b"), std::invalid_argument);
    EXPECT_THROW(parse_multipart("--b\r\nX-Other: 1\r\n\r\nx\r\n--b--", "b"), std::invalid_argument);
    EXPECT_THROW(parse_multipart("--b\r\nbroken header\r\n\r\nx\r\n--b--", "b"), std::invalid_argument);
    EXPECT_THROW(parse_multipart("--b\r\nContent-Disposition: attachment; name=file\r\n\r\nx\r\n--b--", "b"),
                 std::invalid_argument);
    EXPECT_THROW(parse_multipart("--b\r\nContent-Disposition: form-data; name=\"file\r\n\r\nx\r\n--b--", "b"),
                 std::invalid_argument);
}

TEST(ParseMultipart, AnEmptyFormHasNoParts) { EXPECT_TRUE(parse_multipart("--b--\r\n", "b").empty()); }

} // namespace
} // namespace sentinel::forensic
